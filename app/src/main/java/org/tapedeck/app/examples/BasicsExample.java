package org.tapedeck.app.examples;

import java.io.PrintStream;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.NumpyFormat;
import org.tapedeck.engine.tensor.Tensor;

/** Tensors as values: printing, broadcasting a Java number, operators, and back to Java arrays. */
public final class BasicsExample implements Example {
    @Override public String name() { return "basics"; }

    @Override public String description() { return "constants, add, multiply, and numpy() round trips"; }

    @Override
    public void run(PrintStream out) {
        Tensor a = TF.constant(new int[][] {{1, 2}, {3, 4}});
        out.println(a);

        // Broadcasting is supported: the Java number 1 becomes an int32 scalar.
        Tensor b = TF.add(a, 1);
        out.println(b);

        // Operator-style methods are supported.
        out.println(a.mul(b));

        // Tensor values come back as plain Java arrays (NumPy's role in the tutorial).
        int[][] av = (int[][]) a.numpy();
        int[][] bv = (int[][]) b.numpy();
        int[] c = new int[4];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) c[i * 2 + j] = av[i][j] * bv[i][j];
        }
        out.println(NumpyFormat.str(DType.INT32, new int[] {2, 2}, c));

        // The values of a tensor as a Java array.
        out.println(NumpyFormat.str(DType.INT32, new int[] {2, 2}, a.toIntArray()));
    }
}
