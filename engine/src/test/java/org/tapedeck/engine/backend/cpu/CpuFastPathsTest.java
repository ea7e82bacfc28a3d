package org.tapedeck.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.backend.BinaryOp;
import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.ops.MathOps;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The CPU backend's shortcuts (whole tensors, scalars, a bias repeated over leading dims, a
 * branch-free select, float32 sums in double, broadcasting by block copies) against each op's
 * definition computed here element by element, bit for bit: NaN, infinities and -0 included.
 */
class CpuFastPathsTest {
    private static final int[][] SHAPES = {{2, 3, 4}, {}, {4}, {3, 4}, {1, 3, 4}, {2, 1, 4}, {1, 3, 1}, {2, 3, 1}};

    private final Random random = new Random(42);

    /** float32 values with ties, zeros of both signs, NaN and infinities among them. */
    private Tensor values(int... shape) {
        Shape s = Shape.of(shape);
        float[] v = new float[s.size()];
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -2f};
        for (int i = 0; i < v.length; i++) {
            int pick = random.nextInt(10);
            v[i] = pick < specials.length ? specials[pick] : (float) random.nextGaussian();
        }
        return TF.constant(v, s);
    }

    private static Tensor f64(Tensor x) { return TF.cast(x, DType.FLOAT64); }

    /** Same dtype, shape and float32 bit pattern (up to NaN payloads). */
    private static void assertSame32(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + " dtype");
        assertEquals(expected.shape(), actual.shape(), what + " shape");
        float[] e = TF.cast(expected, DType.FLOAT32).toFloatArray();
        float[] a = TF.cast(actual, DType.FLOAT32).toFloatArray();
        for (int i = 0; i < e.length; i++) {
            if (!Float.valueOf(e[i]).equals(a[i])) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i]);
            }
        }
    }

    /** x's float32 values read as if broadcast to {@code to}: the reference for every test here. */
    private static float[] broadcastValues(Tensor x, Shape to) {
        float[] v = TF.cast(x, DType.FLOAT32).toFloatArray();
        int[] dims = to.dims();
        int[] xd = x.shape().dims();
        int[] xs = x.shape().strides();
        float[] out = new float[to.size()];
        for (int i = 0; i < out.length; i++) {
            int rest = i;
            int at = 0;
            for (int d = dims.length - 1; d >= 0; d--) {
                int idx = rest % dims[d];
                rest /= dims[d];
                int xdIndex = d - (dims.length - xd.length);
                if (xdIndex >= 0 && xd[xdIndex] != 1) at += idx * xs[xdIndex];
            }
            out[i] = v[at];
        }
        return out;
    }

    private static Shape broadcast(Shape a, Shape b) { return TF.add(TF.zeros(a.dims()), TF.zeros(b.dims())).shape(); }

    @Test
    void arithmeticAndComparisonsMatchTheirDefinition() {
        BinaryOp[] ops = {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAXIMUM, BinaryOp.EQUAL,
            BinaryOp.NOT_EQUAL, BinaryOp.LESS, BinaryOp.LESS_EQUAL, BinaryOp.GREATER, BinaryOp.GREATER_EQUAL};
        List<BinaryOperator<Tensor>> calls = List.of(MathOps::add, MathOps::subtract, MathOps::multiply, MathOps::divide,
                MathOps::maximum);
        for (int[] sa : SHAPES) {
            for (int[] sb : SHAPES) {
                Tensor a = values(sa);
                Tensor b = values(sb);
                Shape out = broadcast(a.shape(), b.shape());
                float[] av = broadcastValues(a, out);
                float[] bv = broadcastValues(b, out);
                for (int i = 0; i < ops.length; i++) {
                    BinaryOp op = ops[i];
                    float[] expected = new float[out.size()];
                    for (int j = 0; j < expected.length; j++) expected[j] = (float) op.apply((double) av[j], (double) bv[j]);
                    Tensor actual = i < calls.size() ? calls.get(i).apply(a, b) : MathOps.compare(op, a, b);
                    Tensor want = TF.constant(expected, out);
                    String what = op + " on " + Arrays.toString(sa) + " and " + Arrays.toString(sb);
                    assertSame32(op.isComparison() ? TF.cast(want, DType.BOOL) : want, actual, what);
                    // float64 takes the same dispatch with the generic loops.
                    Tensor wide = i < calls.size() ? calls.get(i).apply(f64(a), f64(b)) : MathOps.compare(op, f64(a), f64(b));
                    assertSame32(op.isComparison() ? TF.cast(want, DType.BOOL) : TF.cast(want, DType.FLOAT64), wide, what + " in float64");
                }
            }
        }
    }

    @Test
    void selectPicksWithoutLeakingTheOtherBranch() {
        int[][] shapes = {{3, 4}, {}, {4}, {3, 1}};
        for (int[] sc : shapes) {
            for (int[] sx : shapes) {
                for (int[] sy : shapes) {
                    Tensor cond = TF.greater(values(sc), TF.constant(0f));
                    Tensor x = values(sx);
                    Tensor y = values(sy);
                    Shape out = broadcast(broadcast(cond.shape(), x.shape()), y.shape());
                    float[] c = broadcastValues(cond, out);
                    float[] xv = broadcastValues(x, out);
                    float[] yv = broadcastValues(y, out);
                    float[] expected = new float[out.size()];
                    for (int j = 0; j < expected.length; j++) expected[j] = c[j] != 0 ? xv[j] : yv[j];
                    String what = "where on " + Arrays.toString(sc) + ", " + Arrays.toString(sx) + ", " + Arrays.toString(sy);
                    assertSame32(TF.constant(expected, out), TF.where(cond, x, y), what);
                    assertSame32(TF.cast(TF.constant(expected, out), DType.FLOAT64), TF.where(cond, f64(x), f64(y)), what + " in float64");
                }
            }
        }
    }

    @Test
    void selectTakesAnyNonZeroByteAsTrue() {
        // Bool tensors wrapped from raw bytes may hold values other than 1.
        Tensor cond = Tensor.wrap(Shape.of(4), HostBuffer.wrapBytes(DType.BOOL, new byte[] {2, 0, -1, 0}));
        Tensor x = TF.constant(new float[] {1, 2, 3, 4});
        Tensor zero = TF.constant(0f);
        assertSame32(TF.constant(new float[] {1, 0, 3, 0}), TF.where(cond, x, zero), "where(cond, x, 0)");
        assertSame32(TF.constant(new float[] {0, 2, 0, 4}), TF.where(cond, zero, x), "where(cond, 0, x)");
        assertSame32(TF.constant(new float[] {1, 7, 3, 7}), TF.where(cond, x, TF.fill(Shape.of(4), 7f)), "where(cond, x, y)");
    }

    @Test
    void largeTensorsSplitAcrossThreadsGiveTheSameResult() {
        int saved = Parallel.threads();
        try {
            Tensor x = values(3, 200, 160);
            Tensor bias = values(160);
            Tensor zero = TF.constant(0f);
            Tensor g = values(3, 200, 160);
            java.util.function.Supplier<Tensor[]> ops = () -> new Tensor[] {TF.nn.relu(x), TF.add(x, bias), TF.greater(x, zero),
                TF.where(TF.greater(x, zero), x, zero), TF.reluGrad(g, x), TF.subtract(x, bias), TF.divide(x, bias),
                TF.multiply(x, g), TF.subtract(zero, x)};
            Parallel.setThreads(1);
            Tensor[] one = ops.get();
            Parallel.setThreads(3);
            Tensor[] three = ops.get();
            for (int i = 0; i < one.length; i++) assertSame32(one[i], three[i], "op " + i + " on 3 threads");
            float[] v = x.toFloatArray();
            float[] b = bias.toFloatArray();
            float[] sum = three[1].toFloatArray();
            for (int i = 0; i < v.length; i++) {
                if (!Float.valueOf(v[i] + b[i % 160]).equals(sum[i])) throw new AssertionError("bias add at " + i);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void sumsAccumulateInDoubleInOrder() {
        Tensor x = values(2, 3, 4);
        float[] v = x.toFloatArray();
        int[][] axes = {{0}, {1}, {2}, {0, 1}, {1, 2}, {0, 2}, {0, 1, 2}};
        for (int[] ax : axes) {
            int[] kept = {2, 3, 4};
            for (int a : ax) kept[a] = 1;
            Shape keptShape = Shape.of(kept);
            int[] ks = keptShape.strides();
            double[] acc = new double[keptShape.size()];
            for (int i = 0; i < v.length; i++) {
                int[] idx = {i / 12, i / 4 % 3, i % 4};
                int at = 0;
                for (int d = 0; d < 3; d++) if (kept[d] != 1) at += idx[d] * ks[d];
                acc[at] += v[i];
            }
            float[] expected = new float[acc.length];
            for (int i = 0; i < acc.length; i++) expected[i] = (float) acc[i];
            assertSame32(TF.constant(expected, keptShape), TF.reduceSum(x, ax, true), "sum over " + Arrays.toString(ax));
        }
    }

    @Test
    void reluGradSelectsBitForBit() {
        for (int[] shape : new int[][] {{2, 3, 4}, {3, 200, 160}, {}}) {
            Tensor g = values(shape);
            Tensor f = values(shape);
            float[] gv = g.toFloatArray();
            float[] fv = f.toFloatArray();
            float[] expected = new float[gv.length];
            for (int i = 0; i < gv.length; i++) expected[i] = fv[i] > 0 ? gv[i] : 0f;
            Tensor want = TF.constant(expected, g.shape());
            String what = "reluGrad on " + Arrays.toString(shape);
            assertSame32(want, TF.reluGrad(g, f), what);
            assertSame32(TF.cast(want, DType.FLOAT64), TF.reluGrad(f64(g), f64(f)), what + " in float64");
        }
    }

    @Test
    void outputsTakenFromTheHostPoolAreWrittenWhole() {
        // Outputs are allocated for overwrite: inside a scope they may be pooled arrays still holding
        // a previous step's values (here NaN), so every element must be written again.
        for (int[] shape : new int[][] {{3, 200, 160}, {2, 3, 4}}) {
            Tensor x = values(shape);
            Tensor g = values(shape);
            Tensor bias = values(shape[shape.length - 1]);
            Tensor zero = TF.constant(0f);
            int[] small = shape.clone();
            for (int d = 1; d < small.length - 1; d++) small[d] = 1;
            Tensor perImage = values(small);
            java.util.function.Supplier<Tensor[]> ops = () -> new Tensor[] {TF.nn.relu(x), TF.reluGrad(g, x), TF.add(x, bias),
                TF.subtract(x, zero), TF.multiply(x, g), TF.divide(zero, x), TF.broadcastTo(perImage, shape),
                TF.cast(TF.greater(x, zero), DType.FLOAT32), TF.maximum(x, bias), TF.exp(x)};
            Tensor[] fresh = ops.get();
            for (int round = 0; round < 2; round++) {
                try (org.tapedeck.engine.backend.MemoryScope dirty = org.tapedeck.engine.backend.MemoryScope.open()) {
                    for (int k = 0; k < 12; k++) TF.fill(Shape.of(shape), Float.NaN);  // one per op output, and more
                    for (int k = 0; k < 2; k++) TF.fill(DType.BOOL, Shape.of(shape), 1);
                }
                try (org.tapedeck.engine.backend.MemoryScope scope = org.tapedeck.engine.backend.MemoryScope.open()) {
                    Tensor[] pooled = ops.get();
                    for (int i = 0; i < fresh.length; i++) {
                        assertSame32(fresh[i], pooled[i], "op " + i + " on " + Arrays.toString(shape) + " from the pool");
                    }
                }
            }
        }
    }

    @Test
    void largeSumsAccumulateInOrderByBlocksOnAnyNumberOfThreads() {
        int[] dims = {4, 30, 20, 16};
        Shape shape = Shape.of(dims);
        float[] v = new float[shape.size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) random.nextGaussian() * 100;
        Tensor x = TF.constant(v, shape);
        int[][] axes = {{0, 1, 2}, {1, 2}, {3}, {2, 3}, {0}, {0, 1, 2, 3}, {1}, {0, 2}, {0, 1}};
        int saved = Parallel.threads();
        try {
            for (int[] ax : axes) {
                float[] expected = blockedSum(v, dims, ax);
                int[] kept = dims.clone();
                for (int a : ax) kept[a] = 1;
                for (int threads : new int[] {1, 2, 3}) {
                    Parallel.setThreads(threads);
                    assertSame32(TF.constant(expected, Shape.of(kept)), TF.reduceSum(x, ax, true),
                            "sum over " + Arrays.toString(ax) + " on " + threads + " threads");
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * The definition of a float32 sum: in double, from 0, in input order; except that leading
     * adjacent axes (one outer block) of many elements are summed by blocks of
     * {@link FloatSums#blockRows} rows, each in order, whose sums are then added in order.
     */
    private static float[] blockedSum(float[] v, int[] dims, int[] ax) {
        int[] kept = dims.clone();
        for (int a : ax) kept[a] = 1;
        int[] ks = Shape.of(kept).strides();
        int[] xs = Shape.of(dims).strides();
        int inner = 1;
        for (int d = ax[ax.length - 1] + 1; d < dims.length; d++) inner *= dims[d];
        boolean adjacent = ax[ax.length - 1] - ax[0] == ax.length - 1;
        int rowsPer = ax[0] == 0 && adjacent && inner > 1 ? FloatSums.blockRows(v.length / inner, inner) : Integer.MAX_VALUE;
        int blocks = rowsPer == Integer.MAX_VALUE ? 1 : (v.length / inner + rowsPer - 1) / rowsPer;
        double[][] acc = new double[blocks][Shape.of(kept).size()];
        for (int i = 0; i < v.length; i++) {
            int at = 0;
            for (int d = 0; d < dims.length; d++) if (kept[d] != 1) at += (i / xs[d] % dims[d]) * ks[d];
            int block = blocks == 1 ? 0 : i / inner / rowsPer;
            acc[block][at] += v[i];
        }
        float[] out = new float[acc[0].length];
        for (int j = 0; j < out.length; j++) {
            double s = 0;
            for (double[] b : acc) s += b[j];
            out[j] = (float) s;
        }
        return out;
    }

    @Test
    void broadcastToCopiesBlocksForEveryDtype() {
        int[][][] cases = {
            {{}, {3, 4}}, {{4}, {2, 3, 4}}, {{3, 1}, {3, 5}}, {{1, 1}, {2, 2}}, {{2, 1, 3}, {2, 4, 3}},
            {{1, 3, 1}, {2, 3, 5}}, {{2, 3}, {2, 3}}, {{1}, {0, 3}}, {{32, 1, 1, 16}, {32, 24, 24, 16}}};
        for (int[][] c : cases) {
            Tensor x = values(c[0]);
            Shape to = Shape.of(c[1]);
            Tensor fast = TF.broadcastTo(x, c[1]);
            String what = "broadcastTo " + Arrays.toString(c[0]) + " -> " + Arrays.toString(c[1]);
            assertSame32(TF.constant(broadcastValues(x, to), to), fast, what);
            // Other dtypes take the same copies.
            assertSame32(TF.cast(fast, DType.FLOAT64), TF.broadcastTo(f64(x), c[1]), what + " in float64");
            Tensor seven = TF.cast(TF.constant(7f), DType.INT32);
            assertEquals(7 * to.size(), TF.reduceSum(TF.broadcastTo(seven, c[1])).intValue(), what + " in int32");
        }
    }
}
