package org.tapedeck.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tapedeck.engine.nn.ReferenceCases.assertClose;
import static org.tapedeck.engine.nn.ReferenceCases.tensor;

import java.util.List;
import java.util.stream.Stream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.GradientTape;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * Dense, GlobalAveragePooling2D and the whole tutorial model against PyTorch (resources/nn, written
 * by gen_conv_reference.py): outputs and the gradients of sum(output * upstream).
 */
class LayerReferenceTest {

    @BeforeEach
    void freshNames() { Layer.clearSession(); }

    private static double tol(DType d) { return d == DType.FLOAT64 ? 1e-11 : 3e-5; }

    static Stream<Arguments> denseCases() { return withDtypes("dense"); }

    static Stream<Arguments> gapCases() { return withDtypes("global_average_pooling"); }

    private static Stream<Arguments> withDtypes(String file) {
        List<JsonObject> cases = ReferenceCases.load(file);
        return Stream.of(DType.FLOAT64, DType.FLOAT32).flatMap(d -> cases.stream()
                .map(c -> Arguments.of(Named.of(c.get("name").getAsString(), c), d)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("denseCases")
    void denseMatchesTorch(JsonObject c, DType dtype) {
        Tensor x = tensor(c, "input", dtype);
        Tensor up = tensor(c, "upstream", dtype);
        Dense dense = new Dense(c.get("units").getAsInt()).activation(c.get("activation").getAsString());
        dense.build(PartialShape.batchOf(x.shape()), dtype);
        dense.kernel().assign(tensor(c, "kernel", dtype));
        dense.bias().assign(tensor(c, "bias", dtype));
        Tensor y;
        List<Tensor> g;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            y = dense.call(x, true);
            g = tape.gradient(TF.reduceSum(TF.multiply(y, up)), x, dense.kernel(), dense.bias());
        }
        String name = c.get("name").getAsString() + " " + dtype;
        assertClose(tensor(c, "output", DType.FLOAT64), y, tol(dtype), tol(dtype), name + " output");
        assertClose(tensor(c, "grad_input", DType.FLOAT64), g.get(0), tol(dtype), tol(dtype), name + " input gradient");
        assertClose(tensor(c, "grad_kernel", DType.FLOAT64), g.get(1), tol(dtype), tol(dtype), name + " kernel gradient");
        assertClose(tensor(c, "grad_bias", DType.FLOAT64), g.get(2), tol(dtype), tol(dtype), name + " bias gradient");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("gapCases")
    void globalAveragePoolingMatchesTorch(JsonObject c, DType dtype) {
        Tensor x = tensor(c, "input", dtype);
        Tensor up = tensor(c, "upstream", dtype);
        Tensor y;
        Tensor g;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            y = new GlobalAveragePooling2D().call(x, true);
            g = tape.gradient(TF.reduceSum(TF.multiply(y, up)), x);
        }
        String name = c.get("name").getAsString() + " " + dtype;
        assertClose(tensor(c, "output", DType.FLOAT64), y, tol(dtype), tol(dtype), name + " output");
        assertClose(tensor(c, "grad_input", DType.FLOAT64), g, tol(dtype), tol(dtype), name + " input gradient");
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void tutorialModelMatchesTorch(DType dtype) {
        JsonObject c = ReferenceCases.load("tutorial_model").get(0);
        Sequential model = SequentialTest.tutorialModel();
        for (Layer l : model.layers()) l.dtype(dtype);
        List<Variable> vars = model.trainableVariables();
        List<JsonElement> expected = c.getAsJsonArray("variables").asList();
        assertEquals(expected.size(), vars.size());
        for (int i = 0; i < vars.size(); i++) {
            JsonObject v = expected.get(i).getAsJsonObject();
            assertEquals(v.get("name").getAsString(), vars.get(i).name());
            vars.get(i).assign(ReferenceCases.tensor(v.getAsJsonObject("value"), dtype));
        }
        Tensor x = tensor(c, "input", dtype);
        Tensor up = tensor(c, "upstream", dtype);
        Tensor logits;
        List<Tensor> grads;
        try (GradientTape tape = new GradientTape()) {
            logits = model.call(x, true);
            grads = tape.gradient(TF.reduceSum(TF.multiply(logits, up)), vars);
        }
        assertClose(tensor(c, "output", DType.FLOAT64), logits, tol(dtype), tol(dtype), "tutorial logits " + dtype);
        for (int i = 0; i < vars.size(); i++) {
            JsonObject v = expected.get(i).getAsJsonObject();
            assertClose(ReferenceCases.tensor(v.getAsJsonObject("grad"), DType.FLOAT64), grads.get(i), tol(dtype), tol(dtype), "gradient of " + vars.get(i).name() + " " + dtype);
        }
    }
}
