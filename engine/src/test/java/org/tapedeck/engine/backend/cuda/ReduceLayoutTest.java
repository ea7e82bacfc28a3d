package org.tapedeck.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.backend.ReduceOp;
import org.tapedeck.engine.backend.cpu.CpuBackend;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** reduce.cu's layout (output map + reduction map + block shape), run on the host against the CPU. */
class ReduceLayoutTest {
    private final RandomTensors random = new RandomTensors(11);

    /** reduce_impl's indexing: output o reduces x[outMap(o) + redMap(k)] for k in order. */
    private static double[] emulate(ReduceLayout r, double[] x, boolean max) {
        double[] out = new double[r.outputs()];
        for (int o = 0; o < out.length; o++) {
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            for (int k = 0; k < r.length(); k++) {
                double v = x[r.inputOffset(o, k)];
                acc = max ? Math.max(acc, v) : acc + v;
            }
            out[o] = acc;
        }
        return out;
    }

    @Test
    void reductionsOverRandomAxesMatchTheCpu() {
        for (int rank = 1; rank <= 5; rank++) {
            for (int trial = 0; trial < 8; trial++) {
                Tensor x = random.of(DType.FLOAT64, random.dims(rank, 5));
                int[] axes = java.util.stream.IntStream.range(0, rank).filter(i -> random.nextBoolean()).toArray();
                if (axes.length == 0) axes = new int[] {random.nextInt(0, rank)};
                ReduceLayout r = ReduceLayout.of(x.shape(), axes);
                String what = x.shape() + " over " + Arrays.toString(axes);
                assertArrayEquals(CpuBackend.INSTANCE.reduce(ReduceOp.SUM, x, axes).toDoubleArray(),
                        emulate(r, x.toDoubleArray(), false), what);
                assertArrayEquals(CpuBackend.INSTANCE.reduce(ReduceOp.MAX, x, axes).toDoubleArray(),
                        emulate(r, x.toDoubleArray(), true), what);
            }
        }
    }

    @Test
    void globalAveragePoolingOfTheTutorialModel() {
        ReduceLayout r = ReduceLayout.of(Shape.of(32, 24, 24, 16), new int[] {1, 2});
        assertEquals(512, r.outputs());
        assertEquals(576, r.length());
        assertEquals(256, r.threadsPerOutput());
        assertEquals(512, r.blocks());
        assertEquals(16 * 25 + 16 * 24 * 3 + 5, r.inputOffset(5, 24 * 3 + 25));
    }

    @Test
    void blockShapeFollowsTheReduction() {
        // A short reduction over the last axis: 16 threads per output, 16 outputs per block.
        ReduceLayout rows = ReduceLayout.of(Shape.of(32, 10), new int[] {1});
        assertEquals(16, rows.threadsPerOutput());
        assertEquals(16, rows.outputsPerBlock());
        assertEquals(2, rows.blocks());
        // Many outputs along a kept innermost dim: one thread each, neighbours read neighbours.
        ReduceLayout columns = ReduceLayout.of(Shape.of(100, 5000), new int[] {0});
        assertEquals(1, columns.threadsPerOutput());
        assertEquals(256, columns.outputsPerBlock());
        // Everything into one value: one block of 256 threads.
        ReduceLayout all = ReduceLayout.of(Shape.of(7, 9, 11), new int[] {0, 1, 2});
        assertEquals(1, all.outputs());
        assertEquals(1, all.blocks());
        assertEquals(256, all.threadsPerOutput());
        // An empty reduction leaves the identity (the kernel's loop does not run).
        assertEquals(0, ReduceLayout.of(Shape.of(3, 0), new int[] {1}).length());
    }
}
