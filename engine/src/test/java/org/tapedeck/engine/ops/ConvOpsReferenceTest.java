package org.tapedeck.engine.ops;

import static org.tapedeck.engine.nn.ReferenceCases.assertClose;
import static org.tapedeck.engine.nn.ReferenceCases.ints;
import static org.tapedeck.engine.nn.ReferenceCases.tensor;

import java.util.List;
import java.util.stream.Stream;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.GradientTape;
import org.tapedeck.engine.nn.ReferenceCases;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;

/**
 * conv2d and maxPool2d against PyTorch (resources/nn/conv2d.json and max_pool.json, written by
 * gen_conv_reference.py): forward values and the gradients of sum(output * upstream), in float64
 * (tight) and float32 (the training dtype).
 */
class ConvOpsReferenceTest {

    static Stream<Arguments> convCases() { return withDtypes("conv2d"); }

    static Stream<Arguments> poolCases() { return withDtypes("max_pool"); }

    private static Stream<Arguments> withDtypes(String file) {
        List<JsonObject> cases = ReferenceCases.load(file);
        return Stream.of(DType.FLOAT64, DType.FLOAT32).flatMap(d -> cases.stream()
                .map(c -> Arguments.of(Named.of(c.get("name").getAsString(), c), d)));
    }

    private static double tol(DType d) { return d == DType.FLOAT64 ? 1e-11 : 2e-5; }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("convCases")
    void conv2dMatchesTorch(JsonObject c, DType dtype) {
        Tensor x = tensor(c, "input", dtype);
        Tensor w = tensor(c, "filter", dtype);
        Tensor up = tensor(c, "upstream", dtype);
        String padding = c.get("padding").getAsString();
        int[] strides = ints(c, "strides");
        Tensor y;
        List<Tensor> grads;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x, w);
            y = TF.nn.conv2d(x, w, strides, padding);
            grads = tape.gradient(TF.reduceSum(TF.multiply(y, up)), x, w);
        }
        String name = c.get("name").getAsString() + " " + dtype;
        assertClose(tensor(c, "output", DType.FLOAT64), y, tol(dtype), tol(dtype), name + " output");
        assertClose(tensor(c, "grad_input", DType.FLOAT64), grads.get(0), tol(dtype), tol(dtype), name + " input gradient");
        assertClose(tensor(c, "grad_filter", DType.FLOAT64), grads.get(1), tol(dtype), tol(dtype), name + " filter gradient");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("poolCases")
    void maxPoolMatchesTorch(JsonObject c, DType dtype) {
        Tensor x = tensor(c, "input", dtype);
        Tensor up = tensor(c, "upstream", dtype);
        Tensor y;
        Tensor gx;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            y = TF.nn.maxPool2d(x, ints(c, "ksize"), ints(c, "strides"), c.get("padding").getAsString());
            gx = tape.gradient(TF.reduceSum(TF.multiply(y, up)), x);
        }
        String name = c.get("name").getAsString() + " " + dtype;
        assertClose(tensor(c, "output", DType.FLOAT64), y, tol(dtype), tol(dtype), name + " output");
        assertClose(tensor(c, "grad_input", DType.FLOAT64), gx, tol(dtype), tol(dtype), name + " input gradient");
    }
}
