package org.tapedeck.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tapedeck.engine.backend.cuda.GpuTesting.assertClose;
import static org.tapedeck.engine.backend.cuda.GpuTesting.assertExact;
import static org.tapedeck.engine.backend.cuda.GpuTesting.up;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tapedeck.engine.backend.BinaryOp;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.backend.MemoryScope;
import org.tapedeck.engine.backend.ReduceOp;
import org.tapedeck.engine.backend.TensorStats;
import org.tapedeck.engine.backend.UnaryOp;
import org.tapedeck.engine.backend.cpu.CpuBackend;
import org.tapedeck.engine.errors.FailedPreconditionException;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Every method of the GPU backend against the CPU backend (or, for convolution and pooling where
 * the CPU has no kernel yet, against {@link ConvReference}), for the dtypes each supports. Skips
 * where no GPU is found.
 */
@Tag("gpu")
class CudaBackendTest {
    private static final CpuBackend CPU = CpuBackend.INSTANCE;
    private static final DType[] ALL = DType.values();
    private static final DType[] NUMERIC = {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.UINT8};
    private static final DType[] FLOATING = {DType.FLOAT32, DType.FLOAT64};

    private CudaBackend gpu;
    private final RandomTensors random = new RandomTensors(2026);

    @BeforeEach
    void findGpu() { gpu = GpuTesting.gpu(); }

    private Tensor up(Tensor host) { return GpuTesting.up(gpu, host); }

    /** float32 results computed in double and rounded agree to a few float ulps; float64 to a few double ulps. */
    private static double tol(DType d) { return d == DType.FLOAT32 ? 2e-6 : d == DType.FLOAT64 ? 1e-14 : 0; }

    /** Random values plus the awkward ones: NaN, infinities, signed zeros, tiny and huge numbers. */
    private Tensor withSpecials(DType d, int n) {
        Tensor t = random.of(d, n);
        HostBuffer h = t.host();
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1e-30, -1e-30, 88.5, -100, 700, 3, -3};
        for (int i = 0; i < specials.length && i < n; i++) h.setDouble(i, specials[i]);
        return t;
    }

    // ---- moves and fill -------------------------------------------------------------------------

    @Test
    void uploadsAndDownloadsEveryDtypeAndSize() {
        for (DType d : ALL) {
            for (int n : new int[] {0, 1, 7, 100_003}) {
                Tensor host = random.of(d, n);
                Tensor dev = up(host);
                assertEquals(Device.GPU, dev.device());
                assertExact(host, dev, d + " x" + n);
            }
        }
        Tensor scalar = up(random.of(DType.FLOAT64, Shape.scalar()));
        assertEquals(Shape.scalar(), scalar.shape());
    }

    @Test
    void fillsEveryDtype() {
        for (DType d : ALL) {
            for (double v : new double[] {0, -0.0, 1, -2.5, 255.9, 1e10, Double.NaN}) {
                assertExact(CPU.fill(d, Shape.of(3, 5), v), gpu.fill(d, Shape.of(3, 5), v), d + " fill " + v);
            }
        }
    }

    // ---- elementwise ----------------------------------------------------------------------------

    @Test
    void unaryOpsMatchTheCpu() {
        for (UnaryOp op : UnaryOp.values()) {
            for (DType d : NUMERIC) {
                if (!d.isFloating() && !op.acceptsIntegers()) continue;
                Tensor x = d.isFloating() ? withSpecials(d, 1000) : random.of(d, 1000);
                assertClose(CPU.unary(op, x), gpu.unary(op, up(x)), tol(d), op + " " + d);
            }
        }
    }

    private static final int[][][] BROADCASTS = {{{4, 5}, {5}}, {{3, 1, 4}, {1, 6, 1}}, {{}, {7}}, {{2, 3}, {2, 3}}, {{300, 1}, {1, 200}}};

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

    /** Operands that keep an op within the CPU's rules: no integer division by zero, no negative integer powers. */
    private Tensor[] operands(BinaryOp op, DType d, int[] da, int[] db) {
        Tensor a = d.isFloating() ? withSpecials(d, Shape.of(da).size()) : random.of(d, Shape.of(da));
        a = Tensor.wrap(Shape.of(da), a.host());
        Tensor b = random.of(d, Shape.of(db));
        if (!d.isFloating() && (op == BinaryOp.FLOOR_DIV || op == BinaryOp.FLOOR_MOD || op == BinaryOp.POW)) {
            HostBuffer h = b.host();
            for (int i = 0; i < h.size(); i++) {
                long v = op == BinaryOp.POW ? Math.floorMod(h.getLong(i), 5) : (h.getLong(i) == 0 ? 3 : h.getLong(i));
                h.setLong(i, v);
            }
        }
        return new Tensor[] {a, b};
    }

    @Test
    void binaryOpsAndComparisonsMatchTheCpuWithBroadcasting() {
        for (BinaryOp op : BinaryOp.values()) {
            for (DType d : NUMERIC) {
                if (op == BinaryOp.DIV && !d.isFloating()) continue;
                for (int[][] s : BROADCASTS) {
                    Tensor[] ab = operands(op, d, s[0], s[1]);
                    Shape out = broadcast(ab[0].shape(), ab[1].shape());
                    assertClose(CPU.binary(op, ab[0], ab[1], out), gpu.binary(op, up(ab[0]), up(ab[1]), out), tol(d),
                            op + " " + d + " " + Arrays.deepToString(s));
                }
            }
        }
        Tensor p = random.of(DType.BOOL, 6, 1);
        Tensor q = random.of(DType.BOOL, 1, 6);
        for (BinaryOp op : new BinaryOp[] {BinaryOp.EQUAL, BinaryOp.NOT_EQUAL}) {
            assertExact(CPU.binary(op, p, q, Shape.of(6, 6)), gpu.binary(op, up(p), up(q), Shape.of(6, 6)), op + " bool");
        }
    }

    @Test
    void integerDivisionByZeroIsReportedAtTheNextRead() {
        Tensor a = up(TensorsOf.ints(new int[] {7, 8, 9}));
        Tensor b = up(TensorsOf.ints(new int[] {2, 0, 3}));
        Tensor q = gpu.binary(BinaryOp.FLOOR_DIV, a, b, Shape.of(3)); // queued: no error yet
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> gpu.toHost(q));
        assertTrue(e.getMessage().startsWith("FloorDiv: integer division by zero (element 1 of the output of shape (3,))"), e.getMessage());
        assertTrue(e.getMessage().contains("found on GPU:0"), e.getMessage());
        Tensor ok = gpu.binary(BinaryOp.FLOOR_MOD, a, up(TensorsOf.ints(new int[] {2, -3, 4})), Shape.of(3));
        assertExact(TensorsOf.ints(new int[] {1, -1, 1}), ok, "the error word was reset");
        Tensor neg = gpu.binary(BinaryOp.POW, a, up(TensorsOf.ints(new int[] {1, -1, 2})), Shape.of(3));
        InvalidArgumentException p = assertThrows(InvalidArgumentException.class, () -> gpu.toHost(neg));
        assertTrue(p.getMessage().startsWith("Pow: integers to negative integer powers are not allowed"), p.getMessage());
    }

    @Test
    void whereMatchesTheCpuForEveryWidth() {
        for (DType d : ALL) {
            Tensor c = random.of(DType.BOOL, 4, 1, 3);
            Tensor a = random.of(d, 5, 1);
            Tensor b = random.of(d, 1, 5, 3);
            Shape out = Shape.of(4, 5, 3);
            assertExact(CPU.where(c, a, b, out), gpu.where(up(c), up(a), up(b), out), "where " + d);
        }
    }

    @Test
    void reluGradMatchesTheCpuBitForBit() {
        for (DType d : NUMERIC) {
            // Specials in both: NaN and infinite gradients, NaN and signed-zero features.
            Tensor g = d.isFloating() ? withSpecials(d, 1000) : random.of(d, 1000);
            Tensor specials = d.isFloating() ? withSpecials(d, 1000) : random.of(d, 1000);
            // The features' specials shifted by 5, so they meet ordinary gradients (and a NaN one meets 0).
            Tensor f = CPU.concat(new Tensor[] {CPU.slice(specials, new int[] {995}, new int[] {5}),
                CPU.slice(specials, new int[] {0}, new int[] {995})}, 0, Shape.of(1000));
            assertExact(CPU.reluGrad(g, f), gpu.reluGrad(up(g), up(f)), "reluGrad " + d);
        }
    }

    @Test
    void castsBetweenEveryPairOfDtypes() {
        for (DType from : ALL) {
            Tensor x = from.isFloating() ? withSpecials(from, 500) : random.of(from, 500);
            if (from.isFloating()) {
                HostBuffer h = x.host();
                h.setDouble(20, 3e9);     // beyond int32: Java's (long) then the low 32 bits
                h.setDouble(21, -7.9);    // truncates toward zero
                h.setDouble(22, 300.5);   // uint8 keeps the low 8 bits of 300
                h.setDouble(23, 1e300);   // (long) saturates
            }
            for (DType to : ALL) assertExact(CPU.cast(x, to), gpu.cast(up(x), to), from + " -> " + to);
        }
    }

    // ---- reductions -----------------------------------------------------------------------------

    @Test
    void reductionsMatchTheCpu() {
        int[][] axesList = {{0}, {1}, {2}, {0, 2}, {1, 2}, {0, 1, 2}};
        for (DType d : NUMERIC) {
            Tensor x = random.of(d, 6, 7, 8);
            for (ReduceOp op : ReduceOp.values()) {
                for (int[] axes : axesList) {
                    assertClose(CPU.reduce(op, x, axes), gpu.reduce(op, up(x), axes), tol(d), op + " " + d + " " + Arrays.toString(axes));
                }
            }
        }
        // Many outputs along a kept innermost dim (one thread per output) and a long row (256 threads per output).
        Tensor wide = random.of(DType.FLOAT32, 50, 5000);
        assertClose(CPU.reduce(ReduceOp.SUM, wide, new int[] {0}), gpu.reduce(ReduceOp.SUM, up(wide), new int[] {0}), 1e-6, "columns");
        assertClose(CPU.reduce(ReduceOp.SUM, wide, new int[] {1}), gpu.reduce(ReduceOp.SUM, up(wide), new int[] {1}), 1e-6, "rows");
        Tensor nan = withSpecials(DType.FLOAT32, 40);
        for (ReduceOp op : ReduceOp.values()) {
            assertClose(CPU.reduce(op, nan, new int[] {0}), gpu.reduce(op, up(nan), new int[] {0}), 1e-6, "NaN wins " + op);
        }
        Tensor empty = random.of(DType.FLOAT32, 3, 0);
        assertExact(CPU.reduce(ReduceOp.SUM, empty, new int[] {1}), gpu.reduce(ReduceOp.SUM, up(empty), new int[] {1}), "empty sum");
        assertThrows(InvalidArgumentException.class, () -> gpu.reduce(ReduceOp.MAX, up(empty), new int[] {1}));
    }

    @Test
    void argReductionsKeepTheFirstOfTiesAndTheFirstNaN() {
        for (DType d : NUMERIC) {
            Tensor x = random.ints(DType.INT32, 0, 4, 5, 9, 3);
            Tensor xd = CPU.cast(x, d);
            for (int axis = 0; axis < 3; axis++) {
                for (DType out : new DType[] {DType.INT32, DType.INT64}) {
                    assertExact(CPU.argReduce(true, xd, axis, out), gpu.argReduce(true, up(xd), axis, out), "argmax " + d + " " + axis);
                    assertExact(CPU.argReduce(false, xd, axis, out), gpu.argReduce(false, up(xd), axis, out), "argmin " + d + " " + axis);
                }
            }
        }
        Tensor nan = withSpecials(DType.FLOAT64, 30);
        assertExact(CPU.argReduce(true, nan, 0, DType.INT64), gpu.argReduce(true, up(nan), 0, DType.INT64), "NaN");
    }

    @Test
    void statisticsAreComputedOnTheDevice() {
        for (DType d : NUMERIC) {
            Tensor x = d.isFloating() ? withSpecials(d, 100_000) : random.of(d, 100_000);
            TensorStats c = CPU.stats(x);
            TensorStats g = gpu.stats(up(x));
            assertEquals(c.count(), g.count(), d.toString());
            assertEquals(c.nanCount(), g.nanCount(), d.toString());
            assertEquals(c.infCount(), g.infCount(), d.toString());
            assertEquals(c.zeroCount(), g.zeroCount(), d.toString());
            assertTrue(c.min() == g.min() && c.max() == g.max(), d + ": " + c + " vs " + g);
            assertEquals(c.mean(), g.mean(), 1e-9 * Math.max(1, Math.abs(c.mean())), d.toString());
            assertEquals(c.std(), g.std(), 1e-9 * Math.max(1, c.std()), d.toString());
        }
        TensorStats none = gpu.stats(up(random.of(DType.FLOAT32, 0)));
        assertEquals(0, none.count());
    }

    // ---- linear algebra -------------------------------------------------------------------------

    @Test
    void matmulMatchesTheCpu() {
        int[][] mkn = {{1, 1, 1}, {33, 70, 65}, {64, 64, 64}, {130, 17, 3}, {5, 300, 129}, {32, 16, 10}, {7, 0, 5}};
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64}) {
            for (int[] s : mkn) {
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0;
                    boolean tb = (t & 2) != 0;
                    Tensor a = random.of(d, ta ? new int[] {s[1], s[0]} : new int[] {s[0], s[1]});
                    Tensor b = random.of(d, tb ? new int[] {s[2], s[1]} : new int[] {s[1], s[2]});
                    Shape out = Shape.of(s[0], s[2]);
                    double tol = d == DType.FLOAT32 ? 2e-5 * Math.max(1, s[1]) : tol(d) * Math.max(1, s[1]);
                    assertClose(CPU.matmul(a, b, ta, tb, out), gpu.matmul(up(a), up(b), ta, tb, out), tol,
                            d + " " + Arrays.toString(s) + " ta=" + ta + " tb=" + tb);
                }
            }
        }
        Tensor a = random.of(DType.FLOAT32, 2, 1, 5, 7);
        Tensor b = random.of(DType.FLOAT32, 1, 3, 7, 4);
        Shape out = Shape.of(2, 3, 5, 4);
        assertClose(CPU.matmul(a, b, false, false, out), gpu.matmul(up(a), up(b), false, false, out), 1e-4, "broadcast batch");
        Tensor c = random.of(DType.FLOAT32, 3, 20, 30);
        Tensor w = random.of(DType.FLOAT32, 10, 30);
        assertClose(CPU.matmul(c, w, false, true, Shape.of(3, 20, 10)), gpu.matmul(up(c), up(w), false, true, Shape.of(3, 20, 10)), 1e-4, "batch x matrix");
    }

    // ---- data movement --------------------------------------------------------------------------

    @Test
    void transposeBroadcastSlicePadAndConcatMatchTheCpu() {
        for (DType d : ALL) {
            Tensor x = random.of(d, 3, 4, 5, 2);
            for (int trial = 0; trial < 4; trial++) {
                int[] perm = random.permutation(4);
                assertExact(CPU.transpose(x, perm), gpu.transpose(up(x), perm), "transpose " + d + Arrays.toString(perm));
            }
            Tensor y = random.of(d, 3, 1, 2);
            assertExact(CPU.broadcastTo(y, Shape.of(4, 3, 5, 2)), gpu.broadcastTo(up(y), Shape.of(4, 3, 5, 2)), "broadcastTo " + d);
            int[] begin = {1, 0, 2, 1};
            int[] size = {2, 4, 2, 1};
            assertExact(CPU.slice(x, begin, size), gpu.slice(up(x), begin, size), "slice " + d);
            int[] before = {0, 1, 2, 0};
            int[] after = {1, 0, 3, 2};
            assertExact(CPU.pad(x, before, after), gpu.pad(up(x), before, after), "pad " + d);
            Tensor[] parts = {random.of(d, 3, 1, 5, 2), x, random.of(d, 3, 2, 5, 2)};
            Tensor[] gparts = {up(parts[0]), up(parts[1]), up(parts[2])};
            assertExact(CPU.concat(parts, 1, Shape.of(3, 7, 5, 2)), gpu.concat(gparts, 1, Shape.of(3, 7, 5, 2)), "concat " + d);
            Tensor[] rows = {random.of(d, 2, 3), random.of(d, 1, 3)};
            assertExact(CPU.concat(rows, 0, Shape.of(3, 3)), gpu.concat(new Tensor[] {up(rows[0]), up(rows[1])}, 0, Shape.of(3, 3)), "concat 0 " + d);
        }
    }

    @Test
    void gatherAndScatterAddMatchTheCpu() {
        for (DType index : new DType[] {DType.INT32, DType.INT64}) {
            Tensor idx = random.ints(index, 0, 4, 2, 3);
            for (DType d : ALL) {
                Tensor params = random.of(d, 5, 4, 3);
                Shape out = Shape.of(5, 2, 3, 3);
                assertExact(CPU.gather(params, idx, 1, out), gpu.gather(up(params), up(idx), 1, out), "gather " + d + " by " + index);
                if (d == DType.BOOL) continue;
                Tensor flat = Tensor.wrap(Shape.of(6), idx.host());
                Tensor updates = random.of(d, 5, 6, 3);
                assertClose(CPU.scatterAdd(updates, flat, 1, Shape.of(5, 4, 3)), gpu.scatterAdd(up(updates), up(flat), 1, Shape.of(5, 4, 3)),
                        tol(d), "scatterAdd " + d + " by " + index);
            }
        }
    }

    @Test
    void anIndexOutOfRangeIsReportedWithTheCpuMessage() {
        Tensor params = up(random.of(DType.FLOAT32, 5, 2));
        Tensor idx = up(TensorsOf.ints(new int[] {0, 4, 7, 1}));
        Tensor picked = gpu.gather(params, idx, 0, Shape.of(4, 2));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> gpu.toHost(picked));
        assertTrue(e.getMessage().startsWith("GatherV2: indices[2] = 7 is not in [0, 5) (axis 0 of a tensor of shape (5, 2))"), e.getMessage());
        Tensor fine = gpu.gather(params, up(TensorsOf.ints(new int[] {1})), 0, Shape.of(1, 2));
        assertEquals(2, gpu.toHost(fine).size());
    }

    // ---- training kernels -----------------------------------------------------------------------

    /** n, h, w, c, kh, kw, f, sh, sw, pt, pl, pb, pr. */
    private static final int[][] CONVS = {
        {2, 7, 6, 3, 3, 3, 4, 1, 1, 0, 0, 0, 0}, {2, 7, 6, 3, 3, 3, 4, 1, 1, 1, 1, 1, 1}, {1, 8, 9, 2, 3, 2, 5, 2, 2, 0, 1, 1, 0},
        {3, 5, 5, 1, 1, 1, 2, 3, 2, 0, 0, 0, 0}, {1, 6, 7, 4, 4, 3, 33, 3, 1, 2, 1, 2, 1},
        {32, 28, 28, 1, 3, 3, 16, 1, 1, 0, 0, 0, 0}, {32, 26, 26, 16, 3, 3, 16, 1, 1, 0, 0, 0, 0},
    };

    @Test
    void convolutionAndItsGradientsMatchTheReference() {
        for (DType d : FLOATING) {
            for (int[] k : CONVS) {
                int oh = (k[1] + k[9] + k[11] - k[4]) / k[7] + 1;
                int ow = (k[2] + k[10] + k[12] - k[5]) / k[8] + 1;
                Shape in = Shape.of(k[0], k[1], k[2], k[3]);
                Shape filter = Shape.of(k[4], k[5], k[3], k[6]);
                Shape out = Shape.of(k[0], oh, ow, k[6]);
                Tensor x = random.of(d, in);
                Tensor w = random.of(d, filter);
                Tensor dy = random.of(d, out);
                double tol = d == DType.FLOAT32 ? 1e-4 : 1e-10;
                String what = d + " " + Arrays.toString(k);
                assertClose(ConvReference.conv2d(x, w, k[7], k[8], k[9], k[10], out),
                        gpu.conv2d(up(x), up(w), k[7], k[8], k[9], k[10], out), tol, "conv2d " + what);
                assertClose(ConvReference.conv2dBackpropInput(dy, w, k[7], k[8], k[9], k[10], in),
                        gpu.conv2dBackpropInput(up(dy), up(w), k[7], k[8], k[9], k[10], in), tol, "backprop input " + what);
                // The filter gradient sums N*OH*OW products per element: scale the tolerance.
                assertClose(ConvReference.conv2dBackpropFilter(x, dy, k[7], k[8], k[9], k[10], filter),
                        gpu.conv2dBackpropFilter(up(x), up(dy), k[7], k[8], k[9], k[10], filter), tol * 10, "backprop filter " + what);
            }
        }
    }

    @Test
    void maxPoolingAndItsGradientMatchTheReference() {
        int[][] pools = {{2, 2, 2, 2, 0, 0}, {3, 3, 1, 1, 1, 1}, {3, 2, 2, 1, 1, 0}, {2, 3, 3, 2, 0, 1}};
        for (DType d : FLOATING) {
            for (int[] p : pools) {
                Tensor x = random.of(d, 2, 7, 8, 3);
                int oh = (7 + 2 * p[4] - p[0]) / p[2] + 1;
                int ow = (8 + 2 * p[5] - p[1]) / p[3] + 1;
                Shape out = Shape.of(2, oh, ow, 3);
                Tensor dy = random.of(d, out);
                String what = d + " " + Arrays.toString(p);
                assertClose(ConvReference.maxPool(x, p[0], p[1], p[2], p[3], p[4], p[5], out),
                        gpu.maxPool(up(x), p[0], p[1], p[2], p[3], p[4], p[5], out), 0, "maxPool " + what);
                assertClose(ConvReference.maxPoolGrad(x, dy, p[0], p[1], p[2], p[3], p[4], p[5]),
                        gpu.maxPoolGrad(up(x), up(dy), p[0], p[1], p[2], p[3], p[4], p[5]), tol(d) * 4, "maxPoolGrad " + what);
            }
        }
    }

    @Test
    void adamMatchesTheCpuBitForBitInFloat32() {
        for (DType d : FLOATING) {
            Tensor x = random.of(d, 1000);
            Tensor m = random.of(d, 1000);
            Tensor v = CPU.unary(UnaryOp.ABS, random.of(d, 1000));
            Tensor g = random.of(d, 1000);
            double alpha = 1e-3 * Math.sqrt(1 - Math.pow(0.999, 3)) / (1 - Math.pow(0.9, 3));
            Tensor[] c = CPU.adamUpdate(x, m, v, g, alpha, 0.9, 0.999, 1e-7);
            Tensor[] r = gpu.adamUpdate(up(x), up(m), up(v), up(g), alpha, 0.9, 0.999, 1e-7);
            double tol = d == DType.FLOAT32 ? 0 : 1e-15;
            assertClose(c[0], r[0], tol, "adam var " + d);
            assertClose(c[1], r[1], tol, "adam m " + d);
            assertClose(c[2], r[2], tol, "adam v " + d);
        }
    }

    // ---- lifetimes ------------------------------------------------------------------------------

    @Test
    void aTensorFreedByItsScopeCannotBeRead() {
        Tensor t;
        try (MemoryScope s = MemoryScope.open()) {
            t = gpu.fill(DType.FLOAT32, Shape.of(10), 1);
        }
        FailedPreconditionException e = assertThrows(FailedPreconditionException.class, () -> gpu.toHost(t));
        assertTrue(e.getMessage().contains("freed when MemoryScope #"), e.getMessage());
        assertThrows(FailedPreconditionException.class, () -> gpu.unary(UnaryOp.NEG, t));
    }

    @Test
    void everyBackendMethodIsCoveredHere() {
        List<String> tested = new ArrayList<>(List.of("device", "fromHost", "toHost", "fill", "unary", "binary", "where", "reluGrad", "cast", "reduce",
                "argReduce", "matmul", "transpose", "broadcastTo", "slice", "pad", "concat", "gather", "scatterAdd", "conv2d",
                "conv2dBackpropInput", "conv2dBackpropFilter", "maxPool", "maxPoolGrad", "adamUpdate", "stats"));
        for (java.lang.reflect.Method m : org.tapedeck.engine.backend.Backend.class.getDeclaredMethods()) {
            assertTrue(tested.contains(m.getName()), "Backend." + m.getName() + " has no GPU test");
        }
        assertEquals(Device.GPU, gpu.device());
    }

    /** Small host tensors from literals. */
    private static final class TensorsOf {
        static Tensor ints(int[] values) { return Tensor.wrap(Shape.of(values.length), HostBuffer.wrap(values.clone())); }
    }
}
