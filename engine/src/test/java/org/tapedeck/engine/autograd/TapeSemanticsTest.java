package org.tapedeck.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.FailedPreconditionException;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * What {@link GradientTape} promises beyond single-op gradients, each as TensorFlow's
 * {@code tf.GradientTape} behaves: one use unless persistent, gradients of non-scalar targets,
 * unconnected sources, variables watched or not, nested tapes for higher derivatives.
 */
class TapeSemanticsTest {

    private static final double TOL = 1e-12;

    private static Tensor vec(double... v) { return TF.constant(v); }

    @Test
    void nonPersistentTapeRefusesASecondGradientAndSaysWhy() {
        Tensor x = vec(1, 2);
        GradientTape tape = new GradientTape();
        tape.watch(x);
        Tensor y = TF.multiply(x, x);
        tape.close();
        assertArrayEquals(new double[] {2, 4}, tape.gradient(y, x).toDoubleArray());
        FailedPreconditionException e = assertThrows(FailedPreconditionException.class, () -> tape.gradient(y, x));
        assertTrue(e.getMessage().contains("non-persistent"), e.getMessage());
        assertTrue(e.getMessage().contains("once"), e.getMessage());
        assertTrue(e.getMessage().contains("persistent"), e.getMessage());
    }

    @Test
    void persistentTapeAnswersManyGradients() {
        Tensor x = vec(1, 2, 3);
        Tensor y;
        Tensor z;
        try (GradientTape tape = GradientTape.persistent()) {
            tape.watch(x);
            y = TF.multiply(x, x);
            z = TF.multiply(y, x);
            assertTrue(tape.isPersistent());
            assertArrayEquals(new double[] {2, 4, 6}, tape.gradient(y, x).toDoubleArray(), TOL);
            assertArrayEquals(new double[] {3, 12, 27}, tape.gradient(z, x).toDoubleArray(), TOL);
            assertArrayEquals(new double[] {2, 4, 6}, tape.gradient(y, x).toDoubleArray(), TOL);
            assertArrayEquals(new double[] {1, 2, 3}, tape.gradient(z, y).toDoubleArray(), TOL);
        }
    }

    @Test
    void nonScalarTargetGivesTheGradientOfItsSum() {
        Tensor x = TF.constant(new double[][] {{1, 2}, {3, 4}});
        Tensor w = vec(10, 20);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = TF.multiply(x, w);   // (2, 2); the sum's gradient is w in every row
            assertArrayEquals(new double[] {10, 20, 10, 20}, tape.gradient(y, x).toDoubleArray());
        }
    }

    @Test
    void targetThatIsTheSourceHasGradientOne() {
        Tensor x = vec(5, 6);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            assertArrayEquals(new double[] {1, 1}, tape.gradient(x, x).toDoubleArray());
        }
    }

    @Test
    void unconnectedSourceGivesNullOrZeros() {
        Tensor x = vec(1, 2);
        Tensor unrelated = TF.constant(new float[][] {{1, 2, 3}});
        try (GradientTape tape = GradientTape.persistent()) {
            tape.watch(x, unrelated);
            Tensor y = TF.reduceSum(TF.square(x));
            List<Tensor> none = tape.gradient(y, List.of(x, unrelated), UnconnectedGradients.NONE);
            assertArrayEquals(new double[] {2, 4}, none.get(0).toDoubleArray());
            assertNull(none.get(1));
            assertNull(tape.gradient(y, unrelated));
            List<Tensor> zeros = tape.gradient(y, List.of(x, unrelated), UnconnectedGradients.ZERO);
            Tensor z = zeros.get(1);
            assertEquals(DType.FLOAT32, z.dtype());
            assertArrayEquals(new int[] {1, 3}, z.shape().dims());
            assertArrayEquals(new float[] {0, 0, 0}, z.toFloatArray());
        }
    }

    @Test
    void unwatchedTensorIsUnconnected() {
        Tensor x = vec(1, 2);
        try (GradientTape tape = new GradientTape()) {
            Tensor y = TF.multiply(x, x);
            assertNull(tape.gradient(y, x));
        }
    }

    @Test
    void integerTensorsAreNotDifferentiable() {
        Tensor i = TF.constant(new int[] {1, 2});
        Tensor x = vec(1, 2);
        try (GradientTape tape = GradientTape.persistent()) {
            InvalidArgumentException watch = assertThrows(InvalidArgumentException.class, () -> tape.watch(i));
            assertTrue(watch.getMessage().contains("int32") && watch.getMessage().contains("not differentiable"), watch.getMessage());
            tape.watch(x);
            Tensor y = TF.multiply(x, x);
            InvalidArgumentException source = assertThrows(InvalidArgumentException.class, () -> tape.gradient(y, i));
            assertTrue(source.getMessage().contains("int32"), source.getMessage());
            Tensor yi = TF.cast(y, DType.INT64);
            InvalidArgumentException target = assertThrows(InvalidArgumentException.class, () -> tape.gradient(yi, x));
            assertTrue(target.getMessage().contains("int64") && target.getMessage().contains("target"), target.getMessage());
        }
    }

    @Test
    void trainableVariablesAreWatchedWhenRead() {
        Variable v = new Variable(vec(1, 2, 3), "v");
        try (GradientTape tape = new GradientTape()) {
            Tensor y = TF.reduceSum(TF.multiply(v, 3.0));
            assertEquals(List.of(v), tape.watchedVariables());
            assertArrayEquals(new double[] {3, 3, 3}, tape.gradient(y, v).toDoubleArray());
        }
    }

    @Test
    void nonTrainableVariablesAreWatchedOnlyWhenAsked() {
        Variable frozen = new Variable(vec(1, 2), "frozen", false);
        try (GradientTape tape = new GradientTape()) {
            Tensor y = TF.multiply(frozen, frozen);
            assertTrue(tape.watchedVariables().isEmpty());
            assertNull(tape.gradient(y, frozen));
        }
        try (GradientTape tape = new GradientTape()) {
            tape.watch(frozen);
            Tensor y = TF.multiply(frozen, frozen);
            assertArrayEquals(new double[] {2, 4}, tape.gradient(y, frozen).toDoubleArray());
        }
    }

    @Test
    void watchAccessedVariablesFalseWatchesOnlyWhatIsAsked() {
        Variable a = new Variable(vec(1, 2), "a");
        Variable b = new Variable(vec(3, 4), "b");
        try (GradientTape tape = new GradientTape(false, false)) {
            tape.watch(b);
            Tensor y = TF.multiply(a, b);
            List<Tensor> g = tape.gradient(y, a, b);
            assertNull(g.get(0));
            assertArrayEquals(new double[] {1, 2}, g.get(1).toDoubleArray());
            assertEquals(List.of(b), tape.watchedVariables());
        }
    }

    @Test
    void variableReadTwiceGetsBothContributions() {
        Variable v = new Variable(vec(2, 3), "v");
        try (GradientTape tape = new GradientTape()) {
            Tensor y = TF.add(TF.multiply(v, v), TF.multiply(v, 5.0));   // v^2 + 5v
            assertArrayEquals(new double[] {9, 11}, tape.gradient(y, v).toDoubleArray());
        }
    }

    @Test
    void variableAssignedBetweenReadsSumsTheGradientsOfEveryValue() {
        Variable v = new Variable(vec(1, 1), "v");
        try (GradientTape tape = new GradientTape()) {
            Tensor first = TF.multiply(v, 2.0);
            v.assign(vec(4, 5));
            Tensor second = TF.multiply(v, v);
            Tensor y = TF.add(first, second);   // d/dv: 2 through the first value, 2v through the second
            assertArrayEquals(new double[] {10, 12}, tape.gradient(y, v).toDoubleArray());
        }
    }

    @Test
    void closedTapeStillAnswersButRecordsNothingMore() {
        Tensor x = vec(1, 2);
        GradientTape tape = GradientTape.persistent();
        tape.watch(x);
        Tensor y = TF.multiply(x, 3.0);
        tape.close();
        Tensor after = TF.multiply(x, 7.0);
        assertArrayEquals(new double[] {3, 3}, tape.gradient(y, x).toDoubleArray());
        assertNull(tape.gradient(after, x));
        tape.close();   // closing twice is harmless
    }

    @Test
    void nestedTapesGiveTheSecondDerivativeOfACube() {
        Tensor x = vec(-1, 0.5, 2);
        Tensor second;
        try (GradientTape outer = new GradientTape()) {
            outer.watch(x);
            Tensor first;
            try (GradientTape inner = new GradientTape()) {
                inner.watch(x);
                Tensor y = TF.multiply(TF.multiply(x, x), x);
                first = inner.gradient(y, x);   // 3x^2, recorded on the outer tape
            }
            assertArrayEquals(new double[] {3, 0.75, 12}, first.toDoubleArray(), TOL);
            second = outer.gradient(first, x);
        }
        assertArrayEquals(new double[] {-6, 3, 12}, second.toDoubleArray(), TOL);
    }

    @Test
    void nestedTapesGiveTheSecondDerivativeOfTanh() {
        double[] xs = {-1.5, -0.2, 0, 0.7, 2};
        Tensor x = TF.constant(xs);
        Tensor second;
        try (GradientTape outer = new GradientTape()) {
            outer.watch(x);
            Tensor first;
            try (GradientTape inner = new GradientTape()) {
                inner.watch(x);
                first = inner.gradient(TF.tanh(x), x);
            }
            second = outer.gradient(first, x);
        }
        double[] want = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            double t = Math.tanh(xs[i]);
            want[i] = -2 * t * (1 - t * t);
        }
        assertArrayEquals(want, second.toDoubleArray(), TOL);
    }

    @Test
    void threeNestedTapesGiveAThirdDerivative() {
        Tensor x = vec(0.5, 1.5);
        Tensor d1;
        Tensor d2;
        Tensor d3;
        try (GradientTape t3 = new GradientTape()) {
            t3.watch(x);
            try (GradientTape t2 = new GradientTape()) {
                t2.watch(x);
                try (GradientTape t1 = new GradientTape()) {
                    t1.watch(x);
                    d1 = t1.gradient(TF.pow(x, 4.0), x);   // 4x^3
                }
                d2 = t2.gradient(d1, x);                    // 12x^2
            }
            d3 = t3.gradient(d2, x);                        // 24x
        }
        assertArrayEquals(new double[] {0.5, 13.5}, d1.toDoubleArray(), TOL);
        assertArrayEquals(new double[] {3, 27}, d2.toDoubleArray(), TOL);
        assertArrayEquals(new double[] {12, 36}, d3.toDoubleArray(), TOL);
    }

    @Test
    void gradientsFollowTheSourceDtype() {
        Tensor x = TF.constant(new float[] {1, 2});
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor g = tape.gradient(TF.square(x), x);
            assertNotNull(g);
            assertEquals(DType.FLOAT32, g.dtype());
            assertArrayEquals(new float[] {2, 4}, g.toFloatArray());
        }
    }

    @Test
    void aTensorTheTapeNeitherWatchedNorComputedIsUnconnected() {
        Tensor x = TF.constant(new double[] {1, 2});
        Tensor w = TF.constant(new double[] {3, 4});
        try (GradientTape tape = GradientTape.persistent()) {
            tape.watch(x);
            Tensor y = TF.reduceSum(x.mul(w));
            Tensor h = x.mul(w);   // computed under the tape: a valid source
            assertNull(tape.gradient(y, w), "w was used by a recorded op but never watched (TensorFlow gives None)");
            assertArrayEquals(new double[] {3, 4}, tape.gradient(y, x).toDoubleArray());
            assertArrayEquals(new double[] {1, 1}, tape.gradient(TF.reduceSum(h), h).toDoubleArray());
            assertArrayEquals(new double[] {0, 0},
                    tape.gradient(y, List.of(w), UnconnectedGradients.ZERO).get(0).toDoubleArray());
        }
    }
}
