package org.tapedeck.engine.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Function;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.GradientTape;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Compares the tape's gradient of a scalar function with central differences, in float64:
 * {@code (f(x + h e_i) - f(x - h e_i)) / 2h} for every element i.
 */
public final class GradCheck {
    private GradCheck() {}

    public static void check(String what, Function<Tensor, Tensor> f, Tensor x) { check(what, f, x, 1e-6, 1e-6); }

    public static void check(String what, Function<Tensor, Tensor> f, Tensor x, double h, double tol) {
        assertEquals(DType.FLOAT64, x.dtype(), "gradient checks run in float64");
        Tensor analytic;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = f.apply(x);
            assertEquals(0, y.rank(), what + ": the checked function must return a scalar");
            analytic = tape.gradient(y, x);
        }
        assertNotNull(analytic, what + ": no gradient reached the input");
        double[] g = analytic.toDoubleArray();
        double[] base = x.toDoubleArray();
        for (int i = 0; i < base.length; i++) {
            double[] plus = base.clone();
            double[] minus = base.clone();
            plus[i] += h;
            minus[i] -= h;
            double fp = f.apply(TF.constant(plus, x.shape())).doubleValue();
            double fm = f.apply(TF.constant(minus, x.shape())).doubleValue();
            double numeric = (fp - fm) / (2 * h);
            if (!(Math.abs(numeric - g[i]) <= tol * Math.max(1, Math.abs(numeric)))) {
                fail(what + ": d/dx[" + i + "] from the tape is " + g[i] + " but central differences give " + numeric);
            }
        }
    }
}
