package org.tapedeck.app.examples;

import java.io.PrintStream;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.tensor.Tensor;

/** {@code m = tf.matmul(x, x); print("hello, {}".format(m))}: an op returns its value at once. */
public final class HelloExample implements Example {
    @Override public String name() { return "hello"; }

    @Override public String description() { return "matmul of [[2.]] with itself, printed at once"; }

    @Override
    public void run(PrintStream out) {
        Tensor x = TF.constant(new float[][] {{2f}});
        Tensor m = TF.matmul(x, x);
        out.println("hello, " + m.format());
    }
}
