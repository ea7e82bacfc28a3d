package org.tapedeck.engine;

import org.tapedeck.engine.ops.Placement;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Run in a fresh JVM by {@link CpuPathTest}: a little CPU work, and with the argument {@code gpu}
 * the same work asked for (twice) on GPU:0. Prints the result's device and values.
 */
public final class CpuPathProgram {
    private CpuPathProgram() {}

    public static void main(String[] args) {
        boolean askGpu = args.length > 0 && args[0].equals("gpu");
        Tensor y = null;
        for (int i = 0; i < (askGpu ? 2 : 1); i++) {
            try (Placement.Scope s = askGpu ? TF.device("GPU:0") : TF.device("CPU:0")) {
                Tensor x = TF.constant(new float[][] {{1, 2}, {3, 4}});
                y = TF.reduceSum(TF.relu(TF.matmul(x, x)));
            }
        }
        System.out.println("result " + y.device() + " " + y.floatValue());
    }
}
