package org.tapedeck.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.tapedeck.engine.autograd.FiniteDifferences.awayFromZero;
import static org.tapedeck.engine.autograd.FiniteDifferences.rand;
import static org.tapedeck.engine.autograd.FiniteDifferences.uniform;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.FiniteDifferences.Fn;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Every differentiable op of the facade: the tape's gradient against central differences in
 * float64 (see {@link FiniteDifferences}), with broadcasting, each matmul transpose combination,
 * reductions with and without keepDims, and the shape ops. Points where the derivative jumps (ties
 * of max/min, 0 for relu and abs) are checked against TensorFlow's chosen values instead.
 */
class GradientCheckTest {

    private record Case(String name, Fn fn, Tensor[] inputs) {}

    private static Case c(String name, Fn fn, Tensor... inputs) { return new Case(name, fn, inputs); }

    private static Tensor x0(List<Tensor> x) { return x.get(0); }

    private static Tensor x1(List<Tensor> x) { return x.get(1); }

    @TestFactory
    Stream<DynamicTest> tapeGradientsMatchCentralDifferences() {
        List<Case> cases = new ArrayList<>();
        cases.addAll(binaryCases());
        cases.addAll(unaryCases());
        cases.addAll(linalgAndReductionCases());
        cases.addAll(shapeCases());
        return cases.stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> FiniteDifferences.check(k.name(), k.fn(), k.inputs())));
    }

    private static final int[][][] BROADCASTS = {
        {{2, 3}, {2, 3}}, {{}, {2, 3}}, {{2, 3}, {}}, {{3, 1}, {1, 4}}, {{2, 3, 4}, {4}}, {{4}, {2, 3, 4}}, {{2, 1, 4}, {3, 1}}};

    private static List<Case> binaryCases() {
        List<Case> cases = new ArrayList<>();
        int seed = 100;
        for (int[][] s : BROADCASTS) {
            String shapes = " " + Shape.of(s[0]) + " with " + Shape.of(s[1]);
            cases.add(c("add" + shapes, x -> TF.add(x0(x), x1(x)), rand(seed++, s[0]), rand(seed++, s[1])));
            cases.add(c("subtract" + shapes, x -> TF.subtract(x0(x), x1(x)), rand(seed++, s[0]), rand(seed++, s[1])));
            cases.add(c("multiply" + shapes, x -> TF.multiply(x0(x), x1(x)), rand(seed++, s[0]), rand(seed++, s[1])));
            cases.add(c("divide" + shapes, x -> TF.divide(x0(x), x1(x)), rand(seed++, s[0]), awayFromZero(seed++, s[1])));
            cases.add(c("maximum" + shapes, x -> TF.maximum(x0(x), x1(x)), rand(seed++, s[0]), rand(seed++, s[1])));
            cases.add(c("minimum" + shapes, x -> TF.minimum(x0(x), x1(x)), rand(seed++, s[0]), rand(seed++, s[1])));
            cases.add(c("pow (both inputs)" + shapes, x -> TF.pow(x0(x), x1(x)), uniform(seed++, 0.5, 2, s[0]), uniform(seed++, -2, 2, s[1])));
            cases.add(c("floorMod" + shapes, x -> TF.floorMod(x0(x), x1(x)), uniform(seed++, -3, 3, s[0]), awayFromZero(seed++, s[1])));
        }
        cases.add(c("pow with a Java exponent", x -> TF.pow(x0(x), 3.0), rand(1, 2, 3)));
        cases.add(c("x * x (one tensor used twice)", x -> TF.multiply(x0(x), x0(x)), rand(2, 3)));
        Tensor cond = TF.constant(new boolean[][] {{true, false, true, false}, {false, false, true, true}, {true, true, false, false}});
        cases.add(c("where (3, 4) with (3, 1) and (4,)", x -> TF.where(cond, x0(x), x1(x)), rand(3, 3, 1), rand(4, 4)));
        cases.add(c("where with scalar branches", x -> TF.where(cond, x0(x), x1(x)), rand(5), rand(6)));
        return cases;
    }

    private static List<Case> unaryCases() {
        List<Case> cases = new ArrayList<>();
        cases.add(c("negative", x -> TF.negative(x0(x)), rand(10, 2, 3)));
        cases.add(c("abs", x -> TF.abs(x0(x)), awayFromZero(11, 2, 3)));
        cases.add(c("sign", x -> TF.sign(x0(x)), awayFromZero(12, 2, 3)));
        cases.add(c("square", x -> TF.square(x0(x)), rand(13, 2, 3)));
        cases.add(c("sqrt", x -> TF.sqrt(x0(x)), uniform(14, 0.2, 3, 2, 3)));
        cases.add(c("exp", x -> TF.exp(x0(x)), rand(15, 2, 3)));
        cases.add(c("log", x -> TF.log(x0(x)), uniform(16, 0.2, 3, 2, 3)));
        cases.add(c("relu", x -> TF.relu(x0(x)), awayFromZero(17, 3, 4)));
        // The features only pick, so they are held fixed; the gradients are the checked input.
        Tensor features = awayFromZero(26, 3, 4);
        cases.add(c("reluGrad", x -> TF.reluGrad(x0(x), features), rand(27, 3, 4)));
        Tensor reluInput = awayFromZero(28, 3, 4);
        cases.add(c("relu's gradient, differentiated again", x -> reluGradient(reluInput, x0(x)), rand(29, 3, 4)));
        cases.add(c("sigmoid", x -> TF.sigmoid(x0(x)), uniform(18, -4, 4, 3, 4)));
        cases.add(c("tanh", x -> TF.tanh(x0(x)), uniform(19, -3, 3, 3, 4)));
        cases.add(c("softmax", x -> TF.softmax(x0(x)), rand(20, 3, 5)));
        cases.add(c("softmax axis 0", x -> TF.softmax(x0(x), 0), rand(21, 3, 5)));
        cases.add(c("softmax axis 1 of rank 3", x -> TF.softmax(x0(x), 1), rand(22, 2, 3, 4)));
        cases.add(c("logSoftmax", x -> TF.logSoftmax(x0(x)), rand(23, 3, 5)));
        cases.add(c("logSoftmax axis -2", x -> TF.logSoftmax(x0(x), -2), rand(24, 2, 3, 4)));
        cases.add(c("cast float64 to float64", x -> TF.cast(x0(x), DType.FLOAT64), rand(25, 3)));
        return cases;
    }

    /** d relu(x) / dx applied to {@code upstream}, recorded so that it can be differentiated in turn. */
    private static Tensor reluGradient(Tensor x, Tensor upstream) {
        try (GradientTape inner = new GradientTape()) {
            inner.watch(x);
            Tensor y = TF.reduceSum(TF.multiply(TF.relu(x), upstream));
            return inner.gradient(y, x);
        }
    }

    private static List<Case> linalgAndReductionCases() {
        List<Case> cases = new ArrayList<>();
        int seed = 300;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                String flags = " transposeA=" + ta + " transposeB=" + tb;
                cases.add(c("matmul" + flags, x -> TF.matmul(x0(x), x1(x), ta, tb),
                        rand(seed++, ta ? new int[] {4, 3} : new int[] {3, 4}), rand(seed++, tb ? new int[] {5, 4} : new int[] {4, 5})));
                cases.add(c("batched matmul, broadcast batch" + flags, x -> TF.matmul(x0(x), x1(x), ta, tb),
                        rand(seed++, ta ? new int[] {2, 1, 4, 3} : new int[] {2, 1, 3, 4}),
                        rand(seed++, tb ? new int[] {3, 5, 4} : new int[] {3, 4, 5})));
            }
        }
        cases.add(c("matmul (3, 4) with (2, 4, 5)", x -> TF.matmul(x0(x), x1(x)), rand(seed++, 3, 4), rand(seed++, 2, 4, 5)));
        cases.add(c("matmul (2, 3, 4) with (2, 4, 2)", x -> TF.matmul(x0(x), x1(x)), rand(seed++, 2, 3, 4), rand(seed++, 2, 4, 2)));

        int[][] axes = {{1}, {0, 2}, {-1}, {0, 1, 2}, {-3, -1}};
        for (boolean keep : new boolean[] {false, true}) {
            for (int[] a : axes) {
                String how = " axes " + java.util.Arrays.toString(a) + " keepDims=" + keep;
                cases.add(c("reduceSum" + how, x -> TF.reduceSum(x0(x), a, keep), rand(seed++, 2, 3, 4)));
                cases.add(c("reduceMean" + how, x -> TF.reduceMean(x0(x), a, keep), rand(seed++, 2, 3, 4)));
                cases.add(c("reduceMax" + how, x -> TF.reduceMax(x0(x), a, keep), rand(seed++, 2, 3, 4)));
                cases.add(c("reduceMin" + how, x -> TF.reduceMin(x0(x), a, keep), rand(seed++, 2, 3, 4)));
            }
        }
        cases.add(c("reduceSum of everything", x -> TF.reduceSum(x0(x)), rand(seed++, 3, 4)));
        cases.add(c("reduceMean of everything", x -> TF.reduceMean(x0(x)), rand(seed++, 3, 4)));
        cases.add(c("reduceMax axis 1", x -> TF.reduceMax(x0(x), 1), rand(seed++, 3, 4)));
        cases.add(c("reduceMin of everything", x -> TF.reduceMin(x0(x)), rand(seed++, 3, 4)));
        return cases;
    }

    private static List<Case> shapeCases() {
        List<Case> cases = new ArrayList<>();
        cases.add(c("reshape with -1", x -> TF.reshape(x0(x), 4, -1), rand(400, 2, 3, 2)));
        cases.add(c("transpose (reversed)", x -> TF.transpose(x0(x)), rand(401, 2, 3, 4)));
        cases.add(c("transpose perm [1, 2, 0]", x -> TF.transpose(x0(x), 1, 2, 0), rand(402, 2, 3, 4)));
        cases.add(c("expandDims", x -> TF.expandDims(x0(x), 1), rand(403, 2, 3)));
        cases.add(c("squeeze", x -> TF.squeeze(x0(x)), rand(404, 1, 3, 1)));
        cases.add(c("broadcastTo (3, 1) to (2, 3, 4)", x -> TF.broadcastTo(x0(x), 2, 3, 4), rand(405, 3, 1)));
        cases.add(c("concat axis 0", x -> TF.concat(x, 0), rand(406, 2, 3), rand(407, 1, 3), rand(408, 3, 3)));
        cases.add(c("concat axis 1", x -> TF.concat(x, 1), rand(409, 2, 1), rand(410, 2, 4)));
        cases.add(c("concat of one tensor with itself", x -> TF.concat(List.of(x0(x), x0(x)), -1), rand(411, 2, 2)));
        cases.add(c("stack axis 0", x -> TF.stack(x), rand(412, 2, 3), rand(413, 2, 3)));
        cases.add(c("stack axis -1", x -> TF.stack(x, -1), rand(414, 2, 3), rand(415, 2, 3), rand(416, 2, 3)));
        cases.add(c("slice", x -> TF.slice(x0(x), new int[] {1, 0, 1}, new int[] {2, -1, 2}), rand(417, 4, 2, 3)));
        cases.add(c("sliceRange with negative start", x -> TF.sliceRange(x0(x), -3, 10), rand(418, 5, 2)));
        cases.add(c("index -1", x -> TF.index(x0(x), -1), rand(419, 3, 2)));
        cases.add(c("pad", x -> TF.pad(x0(x), new int[][] {{1, 0}, {2, 1}}), rand(420, 2, 3)));
        Tensor repeated = TF.constant(new int[] {2, 0, 2, 2});
        cases.add(c("gather axis 0, repeated indices", x -> TF.gather(x0(x), x1(x)), rand(421, 4, 3), repeated));
        Tensor twoD = TF.constant(new long[][] {{1, 1}, {0, 2}});
        cases.add(c("gather axis 1, 2-D repeated indices", x -> TF.gather(x0(x), x1(x), 1), rand(422, 2, 3, 2), twoD));
        cases.add(c("gather axis -1", x -> TF.gather(x0(x), x1(x), -1), rand(423, 2, 3), TF.constant(new int[] {2, 2, 1})));
        cases.add(c("Tensor.slice and Tensor.get", x -> TF.add(x0(x).slice(1, 3), x0(x).get(0)), rand(424, 3, 2)));
        return cases;
    }

    // ---- points where TensorFlow picks the derivative --------------------------------------------

    private static Tensor grad(Tensor x, java.util.function.Function<Tensor, Tensor> f) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            return tape.gradient(f.apply(x), x);
        }
    }

    @Test
    void reduceMaxAndMinSplitTheGradientBetweenTies() {
        Tensor x = TF.constant(new double[][] {{1, 3, 3}, {2, 2, 2}});
        assertArrayEquals(new double[] {0, 0.5, 0.5, 1 / 3.0, 1 / 3.0, 1 / 3.0},
                grad(x, t -> TF.reduceMax(t, 1)).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {1, 0, 0, 1 / 3.0, 1 / 3.0, 1 / 3.0},
                grad(x, t -> TF.reduceMin(t, 1)).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0, 0.5, 0.5, 0, 0, 0}, grad(x, TF::reduceMax).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0.25, 0, 0, 0.25, 0.25, 0.25},
                grad(TF.constant(new double[][] {{2, 3, 3}, {2, 2, 2}}), TF::reduceMin).toDoubleArray(), 1e-15);
    }

    @Test
    void maximumAndMinimumGiveTiesToTheFirstInput() {
        Tensor a = TF.constant(new double[] {1, 2, 3});
        Tensor b = TF.constant(new double[] {1, 5, 3});
        for (boolean max : new boolean[] {true, false}) {
            List<Tensor> g;
            try (GradientTape tape = new GradientTape()) {
                tape.watch(a, b);
                g = tape.gradient(max ? TF.maximum(a, b) : TF.minimum(a, b), a, b);
            }
            assertArrayEquals(new double[] {1, max ? 0 : 1, 1}, g.get(0).toDoubleArray(), (max ? "maximum" : "minimum") + " a");
            assertArrayEquals(new double[] {0, max ? 1 : 0, 0}, g.get(1).toDoubleArray(), (max ? "maximum" : "minimum") + " b");
        }
    }

    @Test
    void reluAbsAndSignHaveZeroGradientAtZero() {
        Tensor x = TF.constant(new double[] {-1, 0, 2});
        assertArrayEquals(new double[] {0, 0, 1}, grad(x, TF::relu).toDoubleArray());
        assertArrayEquals(new double[] {-1, 0, 1}, grad(x, TF::abs).toDoubleArray());
        assertArrayEquals(new double[] {0, 0, 0}, grad(x, TF::sign).toDoubleArray());
    }

    @Test
    void reluGradPassesNothingToItsFeatures() {
        Tensor g = TF.constant(new double[] {1, 2, 3});
        Tensor f = TF.constant(new double[] {-1, 0.5, 2});
        List<Tensor> grads;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(g, f);
            grads = tape.gradient(TF.reduceSum(TF.reluGrad(g, f)), g, f);
        }
        assertArrayEquals(new double[] {0, 1, 1}, grads.get(0).toDoubleArray());
        assertNull(grads.get(1));
    }

    @Test
    void castBetweenFloatTypesPassesTheGradientBackInTheSourceDtype() {
        Tensor w32 = TF.constant(new float[] {0.1f, -2.5f, 3f});
        Tensor x64 = TF.constant(new double[] {1, 2, 3});
        Tensor g64 = grad(x64, t -> TF.multiply(TF.cast(t, DType.FLOAT32), w32));
        assertEquals(DType.FLOAT64, g64.dtype());
        assertArrayEquals(new double[] {0.1f, -2.5f, 3f}, g64.toDoubleArray());

        Tensor w64 = TF.constant(new double[] {0.1, -2.5, 3});
        Tensor x32 = TF.constant(new float[] {1, 2, 3});
        Tensor g32 = grad(x32, t -> TF.multiply(TF.cast(t, DType.FLOAT64), w64));
        assertEquals(DType.FLOAT32, g32.dtype());
        assertArrayEquals(new float[] {0.1f, -2.5f, 3f}, g32.toFloatArray());
    }

    @Test
    void castToAnIntegerCutsTheGradient() {
        Tensor x = TF.constant(new double[] {1.5, 2.5});
        assertNull(grad(x, t -> TF.cast(TF.cast(t, DType.INT32), DType.FLOAT64)));
    }

    @Test
    void floorDivAndComparisonsAreNotDifferentiable() {
        Tensor x = TF.constant(new double[] {1.5, 2.5});
        assertNull(grad(x, t -> TF.floorDiv(t, 2.0)));
        assertNull(grad(x, t -> TF.cast(TF.greater(t, 2.0), DType.FLOAT64)));
        assertNull(grad(x, t -> TF.cast(TF.argMax(TF.reshape(t, 1, 2), 1), DType.FLOAT64)));
    }

    @Test
    void stopGradientBlocksTheGradient() {
        Tensor x = TF.constant(new double[] {1, 2, 3});
        assertNull(grad(x, TF::stopGradient));
        // d/dx (stop(x) * x) = stop(x) = x, not 2x
        assertArrayEquals(new double[] {1, 2, 3}, grad(x, t -> TF.multiply(TF.stopGradient(t), t)).toDoubleArray());
    }
}
