package org.tapedeck.app.examples;

import java.io.PrintStream;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.GradientTape;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/** A GradientTape records {@code w * w} and replays it backwards: d(w²)/dw = 2w = 2. */
public final class GradientExample implements Example {
    @Override public String name() { return "gradient"; }

    @Override public String description() { return "d(w*w)/dw for w = [[1.0]] with a GradientTape"; }

    @Override
    public void run(PrintStream out) {
        Variable w = new Variable(TF.constant(new float[][] {{1.0f}}), "w");
        Tensor grad;
        try (GradientTape tape = new GradientTape()) {
            Tensor loss = w.mul(w);
            grad = tape.gradient(loss, w);
        }
        out.println(grad);
    }
}
