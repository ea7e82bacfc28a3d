package org.tapedeck.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.backend.cpu.CpuBackend;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** matmul.cu's batch offsets and transposed element positions, run on the host against the CPU. */
class MatmulLayoutTest {
    private final RandomTensors random = new RandomTensors(13);

    /** gemm_impl: one output at a time, batch offsets from the layout, elements through a_index/b_index. */
    private static double[] emulate(Tensor a, Tensor b, boolean ta, boolean tb, Shape out) {
        MatmulKernels.BatchLayout l = MatmulKernels.BatchLayout.of(a.shape(), b.shape(), ta, out);
        double[] av = a.toDoubleArray();
        double[] bv = b.toDoubleArray();
        int m = l.m(), n = l.n(), k = l.k();
        double[] c = new double[out.size()];
        for (int e = 0; e < c.length; e++) {
            int batch = e / (m * n);
            int i = (e / n) % m;
            int j = e % n;
            int[] off = l.layout().offsets(batch);
            double s = 0;
            for (int p = 0; p < k; p++) {
                s += av[off[0] + MatmulKernels.BatchLayout.aIndex(i, p, m, k, ta)] * bv[off[1] + MatmulKernels.BatchLayout.bIndex(p, j, k, n, tb)];
            }
            c[e] = s;
        }
        return c;
    }

    @Test
    void batchedBroadcastTransposedProductsMatchTheCpu() {
        int[][][] shapes = {
            {{3, 4}, {4, 5}}, {{2, 3, 4}, {4, 5}}, {{3, 4}, {2, 4, 5}}, {{2, 1, 3, 4}, {1, 3, 4, 2}}, {{5, 1, 6}, {5, 6, 1}},
        };
        for (int[][] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                int[] ad = s[0].clone();
                int[] bd = s[1].clone();
                if (ta) swapLast(ad);
                if (tb) swapLast(bd);
                Tensor a = random.of(DType.FLOAT64, ad);
                Tensor b = random.of(DType.FLOAT64, bd);
                Shape out = outShape(s[0], s[1]);
                assertArrayEquals(CpuBackend.INSTANCE.matmul(a, b, ta, tb, out).toDoubleArray(), emulate(a, b, ta, tb, out), 1e-12,
                        java.util.Arrays.deepToString(s) + " ta=" + ta + " tb=" + tb);
            }
        }
    }

    @Test
    void theTutorialsDenseLayerIsOneBatchOfOneTile() {
        MatmulKernels.BatchLayout l = MatmulKernels.BatchLayout.of(Shape.of(32, 16), Shape.of(16, 10), false, Shape.of(32, 10));
        assertEquals(1, l.batches());
        assertEquals(0, l.layout().rank());
        assertEquals(16, l.k());
    }

    private static void swapLast(int[] d) {
        int t = d[d.length - 1];
        d[d.length - 1] = d[d.length - 2];
        d[d.length - 2] = t;
    }

    /** Shapes of op(A) and op(B) (before transposing back), batch dims broadcast. */
    private static Shape outShape(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r - 2; i++) {
            int da = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            int db = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            out[i] = Math.max(da, db);
        }
        out[r - 2] = a[a.length - 2];
        out[r - 1] = b[b.length - 1];
        return Shape.of(out);
    }
}
