package org.tapedeck.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.backend.BinaryOp;
import org.tapedeck.engine.backend.cpu.CpuBackend;
import org.tapedeck.engine.errors.UnimplementedException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The index arithmetic of the elementwise and copy kernels (td_offsets over a StridedLayout), run
 * on the host exactly as the kernels run it, against the CPU backend.
 */
class StridedLayoutTest {
    private static final CpuBackend CPU = CpuBackend.INSTANCE;
    private final RandomTensors random = new RandomTensors(7);

    private static double[] values(Tensor t) { return t.toDoubleArray(); }

    @Test
    void mergesWhatEveryOperandWalksContiguously() {
        StridedLayout same = StridedLayout.broadcast(Shape.of(2, 3, 4), Shape.of(2, 3, 4), Shape.of(2, 3, 4));
        assertArrayEquals(new int[] {24}, same.dims());
        StridedLayout bias = StridedLayout.broadcast(Shape.of(32, 10), Shape.of(32, 10), Shape.of(10));
        assertArrayEquals(new int[] {32, 10}, bias.dims());
        assertArrayEquals(new int[] {13, 3}, bias.offsets(13));
        StridedLayout ones = StridedLayout.broadcast(Shape.of(1, 5, 1), Shape.of(5, 1), Shape.scalar());
        assertArrayEquals(new int[] {5}, ones.dims());
        assertArrayEquals(new int[] {4, 0}, ones.offsets(4));
        assertEquals(0, StridedLayout.broadcast(Shape.scalar(), Shape.scalar()).rank());
    }

    @Test
    void packsAsTheStructOfCommonCuh() {
        StridedLayout l = StridedLayout.broadcast(Shape.of(4, 3), Shape.of(4, 1), Shape.of(3));
        int[] p = l.pack();
        assertEquals(StridedLayout.PACKED_INTS, p.length);
        assertEquals(2, p[0]);
        assertArrayEquals(new int[] {4, 3}, Arrays.copyOfRange(p, 1, 3));
        assertArrayEquals(new int[] {1, 0}, Arrays.copyOfRange(p, 9, 11));   // strides[0]
        assertArrayEquals(new int[] {0, 1}, Arrays.copyOfRange(p, 17, 19));  // strides[1]
    }

    @Test
    void broadcastBinaryMatchesTheCpu() {
        int[][][] cases = {
            {{32, 10}, {10}}, {{32, 10}, {32, 1}}, {{1, 4, 1}, {3, 1, 5}}, {{2, 3, 4, 5}, {3, 1, 5}},
            {{6}, {}}, {{}, {2, 2}}, {{2, 1, 3, 1, 2}, {1, 4, 1, 5, 1}}, {{7, 1}, {1, 7}},
        };
        for (int[][] c : cases) {
            Tensor a = random.of(DType.FLOAT64, c[0]);
            Tensor b = random.of(DType.FLOAT64, c[1]);
            Shape out = CPU.binary(BinaryOp.ADD, a, b, broadcast(a.shape(), b.shape())).shape();
            double[] expected = values(CPU.binary(BinaryOp.SUB, a, b, out));
            StridedLayout l = StridedLayout.broadcast(out, a.shape(), b.shape());
            double[] av = values(a);
            double[] bv = values(b);
            double[] got = new double[out.size()];
            for (int i = 0; i < got.length; i++) {
                int[] off = l.offsets(i);
                got[i] = av[off[0]] - bv[off[1]];
            }
            assertArrayEquals(expected, got, Arrays.deepToString(c));
        }
    }

    private static Shape broadcast(Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dim(i - (r - a.rank()));
            int db = i < r - b.rank() ? 1 : b.dim(i - (r - b.rank()));
            out[i] = Math.max(da, db);
        }
        return Shape.of(out);
    }

    @Test
    void whereWithThreeOperandsMatchesTheCpu() {
        Tensor c = random.of(DType.BOOL, 4, 1, 3);
        Tensor a = random.of(DType.INT32, 5, 1);
        Tensor b = random.of(DType.INT32, 1, 5, 3);
        Shape out = Shape.of(4, 5, 3);
        long[] expected = CPU.where(c, a, b, out).toLongArray();
        StridedLayout l = StridedLayout.broadcast(out, c.shape(), a.shape(), b.shape());
        boolean[] cv = c.toBooleanArray();
        long[] av = a.toLongArray();
        long[] bv = b.toLongArray();
        long[] got = new long[out.size()];
        for (int i = 0; i < got.length; i++) {
            int[] off = l.offsets(i);
            got[i] = cv[off[0]] ? av[off[1]] : bv[off[2]];
        }
        assertArrayEquals(expected, got);
    }

    /** strided_gather: out[i] = in[offset + L(i)]. */
    private static double[] gather(Tensor in, StridedLayout l, int offset, int n) {
        double[] v = values(in);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = v[offset + l.offsets(i)[0]];
        return out;
    }

    @Test
    void transposeMatchesTheCpuForRandomPermutations() {
        for (int rank = 1; rank <= 6; rank++) {
            for (int trial = 0; trial < 5; trial++) {
                Tensor x = random.of(DType.FLOAT32, random.dims(rank, 4));
                int[] perm = random.permutation(rank);
                Tensor expected = CPU.transpose(x, perm);
                StridedLayout l = StridedLayout.permute(x.shape(), perm);
                assertArrayEquals(values(expected), gather(x, l, 0, x.size()), Arrays.toString(perm) + " of " + x.shape());
            }
        }
    }

    @Test
    void broadcastToAndSliceMatchTheCpu() {
        Tensor x = random.of(DType.FLOAT32, 3, 1, 4);
        Shape to = Shape.of(2, 3, 5, 4);
        assertArrayEquals(values(CPU.broadcastTo(x, to)), gather(x, StridedLayout.broadcast(to, x.shape()), 0, to.size()));
        Tensor y = random.of(DType.FLOAT32, 5, 6, 7);
        int[] begin = {1, 2, 3};
        int[] size = {3, 1, 4};
        assertArrayEquals(values(CPU.slice(y, begin, size)),
                gather(y, StridedLayout.box(y.shape(), size), StridedLayout.offsetOf(y.shape(), begin), 12));
    }

    /** strided_scatter: out[offset + L(i)] = in[i]. */
    private static void scatter(Tensor in, double[] out, StridedLayout l, int offset) {
        double[] v = values(in);
        for (int i = 0; i < v.length; i++) out[offset + l.offsets(i)[0]] = v[i];
    }

    @Test
    void padAndConcatMatchTheCpu() {
        Tensor x = random.of(DType.FLOAT64, 2, 3, 4);
        int[] before = {1, 0, 2};
        int[] after = {0, 2, 1};
        Tensor expected = CPU.pad(x, before, after);
        double[] got = new double[expected.size()];
        scatter(x, got, StridedLayout.box(expected.shape(), x.shape().dims()), StridedLayout.offsetOf(expected.shape(), before));
        assertArrayEquals(values(expected), got);

        Tensor[] parts = {random.of(DType.FLOAT64, 2, 1, 3), random.of(DType.FLOAT64, 2, 4, 3), random.of(DType.FLOAT64, 2, 2, 3)};
        Shape outShape = Shape.of(2, 7, 3);
        Tensor joined = CPU.concat(parts, 1, outShape);
        double[] mine = new double[outShape.size()];
        int outer = AxisSplit.of(outShape, 1).outer();
        int outRow = outShape.size() / outer;
        int col = 0;
        for (Tensor p : parts) {
            int row = p.size() / outer;
            scatter(p, mine, StridedLayout.of(new int[] {outer, row}, new int[] {outRow, 1}), col);
            col += row;
        }
        assertArrayEquals(values(joined), mine);
    }

    @Test
    void gatherAndScatterAddViewsMatchTheCpu() {
        Tensor params = random.of(DType.FLOAT64, 3, 5, 2);
        Tensor idx = random.ints(DType.INT64, 0, 5, 4);
        Shape outShape = Shape.of(3, 4, 2);
        AxisSplit s = AxisSplit.of(params.shape(), 1);
        double[] p = values(params);
        long[] ix = idx.toLongArray();
        double[] got = new double[outShape.size()];
        for (int e = 0; e < got.length; e++) { // gather_W_I's arithmetic
            int q = e % s.inner();
            int t = e / s.inner();
            int j = t % 4;
            int pp = t / 4;
            got[e] = p[s.offset(pp, (int) ix[j], q)];
        }
        assertArrayEquals(values(CPU.gather(params, idx, 1, outShape)), got);

        Tensor updates = random.of(DType.FLOAT64, 3, 4, 2);
        double[] u = values(updates);
        double[] sum = new double[params.size()];
        for (int e = 0; e < sum.length; e++) { // scatter_add_T_I's arithmetic: index order, no atomics
            int q = e % s.inner();
            int t = e / s.inner();
            int a = t % s.length();
            int pp = t / s.length();
            for (int j = 0; j < 4; j++) if (ix[j] == a) sum[e] += u[(pp * 4 + j) * s.inner() + q];
        }
        assertArrayEquals(values(CPU.scatterAdd(updates, idx, 1, params.shape())), sum);
    }

    @Test
    void moreThanEightUnmergeableDimsAreRefusedClearly() {
        int[] dims = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        int[] perm = {8, 7, 6, 5, 4, 3, 2, 1, 0};
        UnimplementedException e = assertThrows(UnimplementedException.class, () -> StridedLayout.permute(Shape.of(dims), perm));
        assertTrue(e.getMessage().contains("at most 8 dims"), e.getMessage());
    }
}
