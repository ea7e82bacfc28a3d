package org.tapedeck.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.FiniteDifferences.Fn;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.testing.RefTensor;
import org.tapedeck.engine.testing.Tolerance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Gradients (and gradients of gradients) of composite expressions against PyTorch's, from
 * {@code autograd/torch_gradients.json} (made by {@code src/test/python/gen_grad_reference.py}).
 * Each expression below is the twin of the Python function with the same name.
 */
class TorchGradientTest {

    private static final Tolerance TOL = Tolerance.of(1e-10, 1e-12);

    private static final Tensor LABELS = TF.constant(new int[] {1, 0, 4, 2});
    private static final Tensor ATTENTION_WEIGHTS = TF.constant(new double[][] {{1, -2}, {0.5, 3}});

    private static final Map<String, Fn> EXPRESSIONS = Map.ofEntries(
            Map.entry("mlp_cross_entropy", x -> {
                Tensor logits = TF.add(TF.matmul(x.get(0), x.get(1)), x.get(2));
                Tensor picked = TF.multiply(TF.oneHot(LABELS, 5, 1, 0, DType.FLOAT64), TF.logSoftmax(logits));
                return TF.negative(TF.reduceMean(TF.reduceSum(picked, 1)));
            }),
            Map.entry("tanh_sigmoid", x -> TF.reduceSum(TF.add(
                    TF.multiply(TF.tanh(x.get(0)), TF.sigmoid(x.get(1))),
                    TF.divide(TF.multiply(x.get(0), x.get(0)), TF.add(TF.exp(x.get(1)), 1.0))))),
            Map.entry("pow_log_sqrt", x -> TF.reduceSum(TF.add(
                    TF.pow(x.get(0), x.get(1)), TF.multiply(TF.log(x.get(0)), TF.sqrt(x.get(0)))))),
            Map.entry("where_max_min", x -> TF.reduceSum(TF.where(TF.greater(x.get(0), 0.0),
                    TF.maximum(x.get(0), x.get(1)), TF.multiply(TF.minimum(x.get(0), x.get(1)), 2.0)))),
            Map.entry("batched_matmul", x -> TF.add(
                    TF.reduceSum(TF.square(TF.matmul(x.get(0), x.get(1)))),
                    TF.reduceSum(TF.multiply(TF.matmul(x.get(0), x.get(2), false, true), 0.5)))),
            Map.entry("reductions", x -> TF.add(TF.add(
                    TF.reduceMean(TF.square(TF.reduceMax(x.get(0), 1))),
                    TF.reduceSum(TF.multiply(TF.reduceMean(x.get(0), new int[] {0}, true), x.get(0)))),
                    TF.reduceMin(x.get(0)))),
            Map.entry("gather_concat_pad", x -> {
                Tensor g = TF.gather(x.get(0), TF.constant(new int[] {2, 0, 2}));
                Tensor padded = TF.pad(TF.concat(List.of(g, x.get(0)), 0), new int[][] {{1, 0}, {0, 2}});
                return TF.reduceSum(TF.pow(padded, 3.0));
            }),
            Map.entry("attention", x -> {
                Tensor scores = TF.softmax(TF.divide(TF.matmul(x.get(0), x.get(1), false, true), Math.sqrt(3.0)));
                return TF.reduceSum(TF.multiply(TF.matmul(scores, x.get(2)), ATTENTION_WEIGHTS));
            }),
            Map.entry("slice_stack_transpose", x -> {
                Tensor y = TF.stack(List.of(TF.sliceRange(x.get(0), 1, 3), TF.multiply(TF.sliceRange(x.get(0), 0, 2), 2.0)), -1);
                Tensor z = TF.reshape(TF.transpose(y, 2, 0, 1), -1);
                return TF.reduceSum(TF.multiply(z, TF.range(0, 16, 1, DType.FLOAT64)));
            }),
            Map.entry("broadcast_divide", x -> {
                Tensor a = x.get(0);
                Tensor b = x.get(1);
                Tensor den = TF.add(TF.add(TF.multiply(a, a), TF.multiply(b, b)), 1.0);
                return TF.add(TF.reduceSum(TF.divide(TF.subtract(a, b), den)), TF.reduceSum(TF.divide(TF.exp(a), TF.add(b, 2.0))));
            }),
            Map.entry("abs_relu_mean", x -> TF.reduceMean(TF.square(TF.subtract(
                    TF.multiply(TF.relu(x.get(0)), TF.abs(x.get(0))),
                    TF.reduceMean(TF.abs(x.get(0)), new int[] {1}, true))))),
            Map.entry("second_sigmoid_times_square", x -> TF.reduceSum(TF.multiply(TF.sigmoid(x.get(0)), TF.square(x.get(0))))),
            Map.entry("second_tanh", x -> TF.reduceSum(TF.tanh(x.get(0)))),
            Map.entry("second_exp_log_mixed", x -> TF.reduceSum(TF.multiply(
                    TF.exp(TF.multiply(x.get(0), x.get(1))), TF.log(TF.add(TF.square(x.get(0)), 1.0))))));

    @TestFactory
    Stream<DynamicTest> gradientsMatchPyTorch() throws IOException {
        List<JsonObject> cases = load();
        assertEquals(EXPRESSIONS.size(), cases.size(), "every expression has a reference case and the other way round");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> check(c)));
    }

    private static void check(JsonObject c) {
        String name = c.get("name").getAsString();
        Fn fn = EXPRESSIONS.get(name);
        assertNotNull(fn, "no expression named " + name);
        List<String> names = new ArrayList<>();
        List<Tensor> inputs = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray("inputs")) {
            names.add(e.getAsJsonObject().get("name").getAsString());
            inputs.add(RefTensor.parse(e.getAsJsonObject()).toTensor());
        }
        if (c.has("grad2")) {
            Tensor of = inputs.get(names.indexOf(c.get("of").getAsString()));
            Tensor wrt = inputs.get(names.indexOf(c.get("wrt").getAsString()));
            RefTensor.parse(c.getAsJsonObject("grad2")).assertMatches(secondOrder(fn, inputs, of, wrt), TOL, false, name);
            return;
        }
        List<Tensor> grads;
        Tensor loss;
        try (GradientTape tape = new GradientTape()) {
            for (Tensor x : inputs) tape.watch(x);
            loss = fn.apply(inputs);
            grads = tape.gradient(loss, inputs);
        }
        double want = RefTensor.parseFloat(c.get("loss").getAsString());
        assertTrue(TOL.accepts(want, loss.doubleValue(), false), name + ": loss " + loss.doubleValue() + ", PyTorch " + want);
        List<JsonElement> expected = c.getAsJsonArray("grads").asList();
        for (int i = 0; i < inputs.size(); i++) {
            assertNotNull(grads.get(i), name + ": no gradient for " + names.get(i));
            RefTensor.parse(expected.get(i).getAsJsonObject()).assertMatches(grads.get(i), TOL, false, name + " d/d" + names.get(i));
        }
    }

    /** d/d(wrt) of sum(d loss / d(of)), with the inner gradient recorded on an outer tape. */
    private static Tensor secondOrder(Fn fn, List<Tensor> inputs, Tensor of, Tensor wrt) {
        try (GradientTape outer = new GradientTape()) {
            outer.watch(wrt);
            Tensor first;
            try (GradientTape inner = new GradientTape()) {
                inner.watch(of);
                first = inner.gradient(fn.apply(inputs), of);
            }
            return outer.gradient(first, wrt);
        }
    }

    private static List<JsonObject> load() throws IOException {
        try (InputStream in = TorchGradientTest.class.getResourceAsStream("/autograd/torch_gradients.json")) {
            if (in == null) throw new IOException("autograd/torch_gradients.json not found on the test class path");
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                List<JsonObject> out = new ArrayList<>();
                for (JsonElement e : JsonParser.parseReader(reader).getAsJsonObject().getAsJsonArray("cases")) out.add(e.getAsJsonObject());
                return out;
            }
        }
    }
}
