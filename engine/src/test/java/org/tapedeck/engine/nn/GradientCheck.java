package org.tapedeck.engine.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.GradientTape;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Finite-difference gradient checks in float64: the tape's gradient of a scalar function against
 * central differences {@code (f(x + h) - f(x - h)) / 2h}, element by element.
 */
public final class GradientCheck {
    private GradientCheck() {}

    /** The tape's gradient of {@code f} with respect to each input. */
    public static List<Tensor> tapeGradients(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        try (GradientTape tape = new GradientTape()) {
            for (Tensor x : inputs) tape.watch(x);
            Tensor y = f.apply(inputs);
            return tape.gradient(y, inputs);
        }
    }

    /** Central differences of {@code f} with respect to input {@code which}. */
    public static Tensor numericGradient(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, int which, double h) {
        Tensor x = inputs.get(which);
        double[] base = x.toDoubleArray();
        double[] grad = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            double[] plus = base.clone();
            double[] minus = base.clone();
            plus[i] += h;
            minus[i] -= h;
            double fp = f.apply(replaced(inputs, which, TF.constant(plus, x.shape()))).doubleValue();
            double fm = f.apply(replaced(inputs, which, TF.constant(minus, x.shape()))).doubleValue();
            grad[i] = (fp - fm) / (2 * h);
        }
        return TF.constant(grad, x.shape());
    }

    private static List<Tensor> replaced(List<Tensor> inputs, int which, Tensor value) {
        List<Tensor> out = new ArrayList<>(inputs);
        out.set(which, value);
        return out;
    }

    /**
     * Asserts that the tape's gradient of the scalar {@code f} matches central differences for
     * every input, within {@code tol} (absolute plus relative). Inputs must be float64.
     */
    public static void check(String what, Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double tol) {
        for (Tensor x : inputs) {
            if (x.dtype() != DType.FLOAT64) throw new IllegalArgumentException(what + ": gradient checks run in float64, got " + x.dtype());
        }
        List<Tensor> analytic = tapeGradients(f, inputs);
        for (int i = 0; i < inputs.size(); i++) {
            Tensor numeric = numericGradient(f, inputs, i, 1e-6);
            ReferenceCases.assertClose(numeric, analytic.get(i), tol, tol, what + ", gradient of input " + i);
        }
    }
}
