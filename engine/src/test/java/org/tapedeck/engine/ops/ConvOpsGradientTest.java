package org.tapedeck.engine.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tapedeck.engine.nn.ReferenceCases.assertClose;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.GradientTape;
import org.tapedeck.engine.errors.UnimplementedException;
import org.tapedeck.engine.events.ExecutionEvents;
import org.tapedeck.engine.events.ExecutionListener;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.nn.GradientCheck;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** Finite-difference checks of conv2d and maxPool2d in float64, gradients of gradients, and the backward ops as ops. */
class ConvOpsGradientTest {

    private static Tensor normal(long seed, int... shape) {
        return TF.random.normal(Shape.of(shape), 0, 1, DType.FLOAT64, seed);
    }

    @ParameterizedTest(name = "{0} stride {1}")
    @CsvSource({"VALID, 1", "VALID, 2", "SAME, 1", "SAME, 2"})
    void conv2dGradientsMatchFiniteDifferences(String padding, int stride) {
        Tensor x = normal(1, 2, 6, 5, 3);
        Tensor w = normal(2, 3, 2, 3, 4);
        Tensor r = TF.nn.conv2d(x, w, stride, padding);  // only for the upstream weights' shape
        Tensor up = normal(3, r.shape().dims());
        Function<List<Tensor>, Tensor> f = in -> TF.reduceSum(TF.multiply(TF.nn.conv2d(in.get(0), in.get(1), stride, padding), up));
        GradientCheck.check("Conv2D " + padding + " stride " + stride, f, List.of(x, w), 1e-7);
    }

    @ParameterizedTest(name = "{0} stride {1}")
    @CsvSource({"VALID, 1", "VALID, 2", "SAME, 1", "SAME, 2"})
    void maxPoolGradientMatchesFiniteDifferences(String padding, int stride) {
        // Distinct values spaced far more than the step, so no window's maximum changes under it.
        Tensor x = TF.reshape(TF.random.uniform(Shape.of(2 * 5 * 6 * 2), 0, 1, DType.FLOAT64, 7L), 2, 5, 6, 2);
        Tensor up = normal(8, TF.nn.maxPool2d(x, 3, stride, padding).shape().dims());
        Function<List<Tensor>, Tensor> f = in -> TF.reduceSum(TF.multiply(TF.nn.maxPool2d(in.get(0), 3, stride, padding), up));
        GradientCheck.check("MaxPool " + padding + " stride " + stride, f, List.of(x), 1e-7);
    }

    @Test
    void maxPoolTiesSendTheGradientToTheFirstMaximum() {
        Tensor x = TF.constant(new double[] {1, 5, 5, 5, 1, 5, 5, 0, 5}, Shape.of(1, 3, 3, 1));
        Tensor g;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            // 2x2 windows at stride 1: each has maximum 5, first at (0,1), (0,1), (1,0) and (1,1).
            g = tape.gradient(TF.nn.maxPool2d(x, 2, 1, "VALID"), x);
        }
        assertClose(TF.constant(new double[] {0, 2, 0, 1, 0, 1, 0, 0, 0}, Shape.of(1, 3, 3, 1)), g, 0, 0, "tie gradient");
    }

    @Test
    void secondOrderGradientsThroughConv2dAreExact() {
        // h(x, w) = sum((dL/dx)^2 r2) + sum((dL/dw)^2 r3) with L = sum(conv(x, w)^2 r1): the outer
        // gradient runs through both backward ops with respect to both of their inputs (the
        // upstream gradient 2 conv(x, w) r1 depends on x and w), checked against central
        // differences of the first-order gradients.
        Tensor x = normal(11, 1, 5, 5, 2);
        Tensor w = normal(12, 3, 3, 2, 3);
        Tensor r1 = normal(13, 1, 3, 3, 3);
        Tensor r2 = normal(14, 1, 5, 5, 2);
        Tensor r3 = normal(15, 3, 3, 2, 3);
        Function<List<Tensor>, Tensor> h = in -> {
            try (GradientTape inner = new GradientTape()) {
                inner.watch(in.get(0), in.get(1));
                Tensor loss = TF.reduceSum(TF.multiply(TF.square(TF.nn.conv2d(in.get(0), in.get(1), 2, "SAME")), r1));
                List<Tensor> g = inner.gradient(loss, in.get(0), in.get(1));
                Tensor gx = g.get(0);
                Tensor gw = g.get(1);
                // Square terms make h depend on both inputs through both backward ops.
                return TF.add(TF.reduceSum(TF.multiply(TF.square(gx), r2)), TF.reduceSum(TF.multiply(TF.square(gw), r3)));
            }
        };
        List<Tensor> analytic;
        try (GradientTape outer = new GradientTape()) {
            outer.watch(x, w);
            analytic = outer.gradient(h.apply(List.of(x, w)), x, w);
        }
        for (int i = 0; i < 2; i++) {
            Tensor numeric = GradientCheck.numericGradient(h, List.of(x, w), i, 1e-5);
            assertClose(numeric, analytic.get(i), 1e-6, 1e-6, "second-order gradient of input " + i);
        }
    }

    @Test
    void secondOrderThroughMaxPoolIsAClearError() {
        Tensor x = normal(21, 1, 4, 4, 1);
        try (GradientTape outer = new GradientTape()) {
            outer.watch(x);
            Tensor gx;
            try (GradientTape inner = new GradientTape()) {
                inner.watch(x);
                gx = inner.gradient(TF.reduceSum(TF.square(TF.nn.maxPool2d(x, 2, 2, "VALID"))), x);
            }
            UnimplementedException e = assertThrows(UnimplementedException.class, () -> outer.gradient(TF.reduceSum(gx), x));
            assertTrue(e.getMessage().contains("MaxPoolGrad"), e.getMessage());
        }
    }

    @Test
    void backwardKernelsRunAsOpsAndTheFirstLayerSkipsItsInputGradient() {
        Tensor x = normal(31, 2, 6, 6, 1);
        Tensor w1 = normal(32, 3, 3, 1, 4);
        Tensor w2 = normal(33, 3, 3, 4, 2);
        List<OpEvent> backward = new ArrayList<>();
        ExecutionListener listener = new ExecutionListener() {
            @Override public void afterOp(OpEvent e) { if (e.phase() == Phase.BACKWARD) backward.add(e); }
        };
        List<Tensor> grads;
        try (var reg = ExecutionEvents.addListener(listener); GradientTape tape = new GradientTape()) {
            tape.watch(w1, w2);
            Tensor y = TF.nn.maxPool2d(TF.nn.conv2d(TF.nn.conv2d(x, w1, 1, "VALID"), w2, 1, "SAME"), 2, 2, "VALID");
            grads = tape.gradient(TF.reduceSum(y), w1, w2);
        }
        List<String> names = backward.stream().map(OpEvent::opName).toList();
        assertEquals(1, names.stream().filter("MaxPoolGrad"::equals).count(), names.toString());
        assertEquals(2, names.stream().filter("Conv2DBackpropFilter"::equals).count(), names.toString());
        // Only the second layer's input (the first layer's output) needs an input gradient.
        assertEquals(1, names.stream().filter("Conv2DBackpropInput"::equals).count(), names.toString());
        OpEvent filterGrad = backward.stream().filter(e -> e.opName().equals("Conv2DBackpropFilter")).findFirst().orElseThrow();
        assertEquals("[3, 3, 4, 2]", filterGrad.attributes().get("filter_sizes"));
        assertEquals("SAME", filterGrad.attributes().get("padding"));
        assertEquals(w1.shape(), grads.get(0).shape());
        assertEquals(w2.shape(), grads.get(1).shape());
    }
}
