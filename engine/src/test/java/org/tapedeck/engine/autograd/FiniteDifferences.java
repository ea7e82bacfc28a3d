package org.tapedeck.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Checks a tape's gradients against central differences, in float64. A non-scalar output is
 * reduced with fixed random weights, {@code loss = sum(f(x) * w)}, so every output element's
 * gradient is checked, not only their sum.
 *
 * <pre>{@code
 * FiniteDifferences.check("matmul", x -> TF.matmul(x.get(0), x.get(1)), rand(1, 2, 3), rand(2, 3, 4));
 * }</pre>
 */
final class FiniteDifferences {
    static final double EPS = 1e-6;
    static final double TOLERANCE = 1e-6;

    private FiniteDifferences() {}

    @FunctionalInterface
    interface Fn {
        Tensor apply(List<Tensor> inputs);
    }

    /** Compares d loss / d x for every floating input x; integer inputs (indices) are held fixed. */
    static void check(String name, Fn f, Tensor... inputs) {
        Tensor y0 = f.apply(List.of(inputs));
        assertEquals(DType.FLOAT64, y0.dtype(), name + ": the checked function must give float64");
        Tensor w = weights(y0.shape());
        List<Tensor> sources = new ArrayList<>();
        for (Tensor x : inputs) if (x.dtype().isFloating()) sources.add(x);
        List<Tensor> analytic;
        try (GradientTape tape = new GradientTape()) {
            for (Tensor x : sources) tape.watch(x);
            Tensor loss = loss(f, w, List.of(inputs));
            analytic = tape.gradient(loss, sources);
        }
        for (int k = 0; k < sources.size(); k++) {
            Tensor x = sources.get(k);
            Tensor g = analytic.get(k);
            assertNotNull(g, name + ": no gradient for input " + k + " of shape " + x.shape());
            assertEquals(x.dtype(), g.dtype(), name + ": gradient dtype of input " + k);
            assertArrayEquals(x.shape().dims(), g.shape().dims(), name + ": gradient shape of input " + k);
            double[] numeric = numericGradient(f, w, inputs, indexOf(inputs, x));
            double[] got = g.toDoubleArray();
            for (int j = 0; j < numeric.length; j++) {
                double err = Math.abs(got[j] - numeric[j]);
                if (!(err <= TOLERANCE * Math.max(1, Math.abs(numeric[j])))) {
                    fail(name + ": input " + k + " " + x.shape() + " element " + j + ": tape gradient " + got[j]
                            + ", central difference " + numeric[j] + "\ntape    " + Arrays.toString(got)
                            + "\nnumeric " + Arrays.toString(numeric));
                }
            }
        }
    }

    private static int indexOf(Tensor[] inputs, Tensor x) {
        for (int i = 0; i < inputs.length; i++) if (inputs[i] == x) return i;
        throw new IllegalArgumentException("not an input");
    }

    private static Tensor loss(Fn f, Tensor w, List<Tensor> inputs) {
        return TF.reduceSum(TF.multiply(f.apply(inputs), w));
    }

    /** (loss(x + eps e_j) - loss(x - eps e_j)) / 2 eps for each element j of input {@code which}. */
    private static double[] numericGradient(Fn f, Tensor w, Tensor[] inputs, int which) {
        Tensor x = inputs[which];
        double[] base = x.toDoubleArray();
        double[] out = new double[base.length];
        for (int j = 0; j < base.length; j++) {
            out[j] = (lossWith(f, w, inputs, which, base, j, EPS) - lossWith(f, w, inputs, which, base, j, -EPS)) / (2 * EPS);
        }
        return out;
    }

    private static double lossWith(Fn f, Tensor w, Tensor[] inputs, int which, double[] base, int j, double delta) {
        double[] moved = base.clone();
        moved[j] += delta;
        List<Tensor> args = new ArrayList<>(Arrays.asList(inputs));
        args.set(which, TF.constant(moved, inputs[which].shape()));
        return loss(f, w, args).doubleValue();
    }

    /** Fixed weights in [0.5, 1.5] with random signs, one per output element. */
    private static Tensor weights(Shape shape) {
        Random r = new Random(shape.hashCode() * 31L + 17);
        double[] w = new double[shape.size()];
        for (int i = 0; i < w.length; i++) w[i] = (0.5 + r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
        return TF.constant(w, shape);
    }

    // ---- inputs -------------------------------------------------------------------------------

    /** float64 uniform in [lo, hi). */
    static Tensor uniform(long seed, double lo, double hi, int... shape) {
        Random r = new Random(seed);
        double[] v = new double[Shape.of(shape).size()];
        for (int i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * r.nextDouble();
        return TF.constant(v, Shape.of(shape));
    }

    /** float64 uniform in [-1, 1). */
    static Tensor rand(long seed, int... shape) { return uniform(seed, -1, 1, shape); }

    /** float64 with 0.3 <= |v| < 1.5 and random signs: far from the kinks of abs, relu and sign at 0. */
    static Tensor awayFromZero(long seed, int... shape) {
        Random r = new Random(seed);
        double[] v = new double[Shape.of(shape).size()];
        for (int i = 0; i < v.length; i++) v[i] = (0.3 + 1.2 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
        return TF.constant(v, Shape.of(shape));
    }
}
