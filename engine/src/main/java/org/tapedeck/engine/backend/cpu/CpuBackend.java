package org.tapedeck.engine.backend.cpu;

import java.util.Arrays;

import org.tapedeck.engine.backend.Backend;
import org.tapedeck.engine.backend.BinaryOp;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.backend.ReduceOp;
import org.tapedeck.engine.backend.TensorStats;
import org.tapedeck.engine.backend.UnaryOp;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The reference backend: plain Java over the arrays of {@link HostBuffer}. Every dtype works
 * through the typed accessors (floating types in double, integers in long); float32, the dtype of
 * training, has direct loops where it matters. Convolutions ({@link ConvKernels}) and elementwise
 * ops on large tensors split their work across {@link Parallel}'s threads; results do not depend
 * on the number of threads.
 */
public final class CpuBackend implements Backend {

    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {}

    @Override
    public Device device() { return Device.CPU; }

    @Override
    public Tensor fromHost(Shape shape, HostBuffer host) { return Tensor.wrap(shape, host); }

    @Override
    public HostBuffer toHost(Tensor x) { return (HostBuffer) x.buffer(); }

    private static HostBuffer host(Tensor t) { return (HostBuffer) t.buffer(); }

    private static Tensor out(Shape shape, HostBuffer b) { return Tensor.wrap(shape, b); }

    @Override
    public Tensor fill(DType dtype, Shape shape, double value) {
        HostBuffer b = HostBuffer.allocate(dtype, shape.size());
        if (value != 0) {
            switch (dtype) {
                case FLOAT32 -> Arrays.fill(((HostBuffer.F32) b).a, (float) value);
                case FLOAT64 -> Arrays.fill(((HostBuffer.F64) b).a, value);
                default -> {
                    for (int i = 0; i < b.size(); i++) b.setLong(i, (long) value);
                }
            }
        }
        return out(shape, b);
    }

    // ---- elementwise ------------------------------------------------------------------------

    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        HostBuffer in = host(x);
        int n = in.size();
        HostBuffer o = HostBuffer.allocateForOverwrite(x.dtype(), n); // every path writes every element
        if (in instanceof HostBuffer.F32 f) {
            float[] a = f.a;
            float[] r = ((HostBuffer.F32) o).a;
            if (op == UnaryOp.RELU) {
                // NOTE: Math.max keeps a NaN and turns -0 into 0, as UnaryOp.RELU does, and has no
                // branch to mispredict on the random signs of activations (measured 15x faster).
                elementwise(n, (from, to) -> {
                    for (int i = from; i < to; i++) r[i] = Math.max(a[i], 0f);
                });
            } else {
                elementwise(n, (from, to) -> {
                    for (int i = from; i < to; i++) r[i] = (float) op.apply((double) a[i]);
                });
            }
        } else if (x.dtype().isFloating()) {
            for (int i = 0; i < n; i++) o.setDouble(i, op.apply(in.getDouble(i)));
        } else {
            for (int i = 0; i < n; i++) o.setLong(i, op.apply(in.getLong(i)));
        }
        return out(x.shape(), o);
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b, Shape outShape) {
        DType outType = op.isComparison() ? DType.BOOL : a.dtype();
        HostBuffer o = HostBuffer.allocateForOverwrite(outType, outShape.size()); // every path writes every element
        int n = outShape.size();
        if (n == 0) return out(outShape, o);
        HostBuffer ha = host(a);
        HostBuffer hb = host(b);
        if (o instanceof HostBuffer.F32 fo && ha instanceof HostBuffer.F32 fa && hb instanceof HostBuffer.F32 fb
                && FloatLoops.handles(op) && float32Binary(op, fa.a, fb.a, b.shape(), fo.a, outShape)) {
            return out(outShape, o);
        }
        Run run = runFor(op, ha, hb, o);
        if (isWholeOrOne(a, n) && isWholeOrOne(b, n)) {
            // Each input is either the output's shape or a single element: one run over everything.
            int as = a.size() == n ? 1 : 0;
            int bs = b.size() == n ? 1 : 0;
            elementwise(n, (from, to) -> run.apply(from, from * as, as, from * bs, bs, to - from));
            return out(outShape, o);
        }
        if (a.size() == n && isTrailingBlock(b.shape(), outShape)) {
            // b repeats along the leading dims (a bias added to every pixel): one run per repeat.
            int m = b.size();
            elementwise(n, m, (from, to) -> {
                for (int off = from; off < to; off += m) run.apply(off, off, 1, 0, 1, m);
            });
            return out(outShape, o);
        }
        int r = outShape.rank();
        int[] dims = outShape.dims();
        int[] as = IndexMaps.broadcastStrides(a.shape(), outShape);
        int[] bs = IndexMaps.broadcastStrides(b.shape(), outShape);
        int last = r == 0 ? 1 : dims[r - 1];
        int aStep = r == 0 ? 0 : as[r - 1];
        int bStep = r == 0 ? 0 : bs[r - 1];
        int[] ia = new int[Math.max(r, 1)];
        int[] ib = new int[Math.max(r, 1)];
        int aOff = 0;
        int bOff = 0;
        for (int off = 0; off < n; off += last) {
            run.apply(off, aOff, aStep, bOff, bStep, last);
            aOff = IndexMaps.advance(ia, dims, as, aOff, r - 2);
            bOff = IndexMaps.advance(ib, dims, bs, bOff, r - 2);
        }
        return out(outShape, o);
    }

    /**
     * float32 +, -, *, / where each input is the whole output, a scalar, or (b only) a row repeated
     * along the leading dims; false, having done nothing, for other broadcasts.
     */
    private static boolean float32Binary(BinaryOp op, float[] x, float[] y, Shape ys, float[] z, Shape outShape) {
        int n = z.length;
        if (x.length == n && y.length == n) {
            elementwise(n, (from, to) -> FloatLoops.both(op, x, y, z, from, to));
        } else if (x.length == n && y.length == 1) {
            float s = y[0];
            elementwise(n, (from, to) -> FloatLoops.withScalar(op, x, s, z, from, to));
        } else if (x.length == 1 && y.length == n) {
            float s = x[0];
            elementwise(n, (from, to) -> FloatLoops.scalarWith(op, s, y, z, from, to));
        } else if (x.length == n && isTrailingBlock(ys, outShape)) {
            elementwise(n, y.length, (from, to) -> FloatLoops.withRow(op, x, y, z, from, to));
        } else {
            return false;
        }
        return true;
    }

    @Override
    public Tensor reluGrad(Tensor gradients, Tensor features) {
        HostBuffer g = host(gradients);
        HostBuffer f = host(features);
        int n = g.size();
        HostBuffer o = HostBuffer.allocateForOverwrite(gradients.dtype(), n); // every path writes every element
        if (o instanceof HostBuffer.F32 r) {
            float[] ga = ((HostBuffer.F32) g).a;
            float[] fa = ((HostBuffer.F32) f).a;
            elementwise(n, (from, to) -> FloatLoops.reluGrad(ga, fa, r.a, from, to));
        } else if (gradients.dtype().isFloating()) {
            // NOTE: a NaN feature fails "> 0", so it passes no gradient.
            for (int i = 0; i < n; i++) o.setDouble(i, f.getDouble(i) > 0 ? g.getDouble(i) : 0.0);
        } else {
            for (int i = 0; i < n; i++) o.setLong(i, f.getLong(i) > 0 ? g.getLong(i) : 0);
        }
        return out(gradients.shape(), o);
    }

    /** Elementwise work smaller than this runs on the calling thread: forking would cost more. */
    private static final int PARALLEL_ELEMENTS = 1 << 16;

    /** Runs {@code body} over {@code [0, n)}, split across {@link Parallel}'s threads when n is large. */
    private static void elementwise(int n, Parallel.RangeBody body) { elementwise(n, 1, body); }

    /** {@link #elementwise(int, Parallel.RangeBody)} with every split at a multiple of {@code unit}. */
    private static void elementwise(int n, int unit, Parallel.RangeBody body) {
        if (n < PARALLEL_ELEMENTS) {
            body.run(0, n);
        } else {
            Parallel.forRange(n / unit, (from, to) -> body.run(from * unit, to * unit));
        }
    }

    /**
     * Whether {@code x}, broadcast to {@code n} elements, is read straight through (it has them all)
     * or is a single element. NOTE: broadcasting only adds leading dims or stretches dims of 1, so a
     * tensor with as many elements as the output has its shape up to leading 1s, and the same order.
     */
    private static boolean isWholeOrOne(Tensor x, int n) { return x.size() == n || x.size() == 1; }

    /** Whether {@code x}'s dims, leading 1s aside, are the last dims of {@code out}. */
    private static boolean isTrailingBlock(Shape x, Shape out) {
        int[] xd = x.dims();
        int[] od = out.dims();
        int first = 0;
        while (first < xd.length && xd[first] == 1) first++;
        int len = xd.length - first;
        if (len == 0 || len > od.length) return false;
        for (int i = 0; i < len; i++) if (xd[first + i] != od[od.length - len + i]) return false;
        return true;
    }

    /**
     * One contiguous run of an elementwise binary op: {@code len} outputs from {@code off}, reading
     * {@code a} from {@code ao} and {@code b} from {@code bo} with steps 0 (broadcast) or 1. NOTE:
     * float32 runs have loops for steps (1, 1) and (1, 0) (a tensor and a broadcast row or scalar),
     * the common cases in training: without the multiply by a step the loop runs about 3x faster.
     */
    @FunctionalInterface
    private interface Run {
        void apply(int off, int aOff, int aStep, int bOff, int bStep, int len);
    }

    private static Run runFor(BinaryOp op, HostBuffer ha, HostBuffer hb, HostBuffer o) {
        if (ha instanceof HostBuffer.F32 fa && hb instanceof HostBuffer.F32 fb && o instanceof HostBuffer.F32 fo) {
            float[] x = fa.a;
            float[] y = fb.a;
            float[] z = fo.a;
            switch (op) {
                case ADD: return (off, ao, as, bo, bs, len) -> {
                    if (as == 1 && bs == 1) for (int k = 0; k < len; k++) z[off + k] = x[ao + k] + y[bo + k];
                    else if (as == 1 && bs == 0) for (int k = 0; k < len; k++) z[off + k] = x[ao + k] + y[bo];
                    else for (int k = 0; k < len; k++) z[off + k] = x[ao + k * as] + y[bo + k * bs];
                };
                case SUB: return (off, ao, as, bo, bs, len) -> {
                    if (as == 1 && bs == 1) for (int k = 0; k < len; k++) z[off + k] = x[ao + k] - y[bo + k];
                    else if (as == 1 && bs == 0) for (int k = 0; k < len; k++) z[off + k] = x[ao + k] - y[bo];
                    else for (int k = 0; k < len; k++) z[off + k] = x[ao + k * as] - y[bo + k * bs];
                };
                case MUL: return (off, ao, as, bo, bs, len) -> {
                    if (as == 1 && bs == 1) for (int k = 0; k < len; k++) z[off + k] = x[ao + k] * y[bo + k];
                    else if (as == 1 && bs == 0) for (int k = 0; k < len; k++) z[off + k] = x[ao + k] * y[bo];
                    else for (int k = 0; k < len; k++) z[off + k] = x[ao + k * as] * y[bo + k * bs];
                };
                case DIV: return (off, ao, as, bo, bs, len) -> {
                    if (as == 1 && bs == 1) for (int k = 0; k < len; k++) z[off + k] = x[ao + k] / y[bo + k];
                    else if (as == 1 && bs == 0) for (int k = 0; k < len; k++) z[off + k] = x[ao + k] / y[bo];
                    else for (int k = 0; k < len; k++) z[off + k] = x[ao + k * as] / y[bo + k * bs];
                };
                default: return (off, ao, as, bo, bs, len) -> {
                    for (int k = 0; k < len; k++) {
                        z[off + k] = op.apply(x[ao + k * as], y[bo + k * bs]);
                    }
                };
            }
        }
        if (ha instanceof HostBuffer.F32 fa && hb instanceof HostBuffer.F32 fb && o instanceof HostBuffer.Bytes bo) {
            Run comparison = float32Comparison(op, fa.a, fb.a, bo.a);
            if (comparison != null) return comparison;
        }
        if (ha.dtype().isFloating()) {
            return (off, ao, as, bo, bs, len) -> {
                for (int k = 0; k < len; k++) {
                    o.setDouble(off + k, op.apply(ha.getDouble(ao + k * as), hb.getDouble(bo + k * bs)));
                }
            };
        }
        return (off, ao, as, bo, bs, len) -> {
            for (int k = 0; k < len; k++) {
                o.setLong(off + k, op.apply(ha.getLong(ao + k * as), hb.getLong(bo + k * bs)));
            }
        };
    }

    /** A comparison of float32 inputs into bool, or null for an op that is not a comparison. */
    private static Run float32Comparison(BinaryOp op, float[] x, float[] y, byte[] z) {
        return switch (op) {
            case EQUAL -> (off, ao, as, bo, bs, len) -> {
                if (as == 1 && bs == 0) for (int k = 0; k < len; k++) z[off + k] = (byte) (x[ao + k] == y[bo] ? 1 : 0);
                else for (int k = 0; k < len; k++) z[off + k] = (byte) (x[ao + k * as] == y[bo + k * bs] ? 1 : 0);
            };
            case NOT_EQUAL -> (off, ao, as, bo, bs, len) -> {
                if (as == 1 && bs == 0) for (int k = 0; k < len; k++) z[off + k] = (byte) (x[ao + k] != y[bo] ? 1 : 0);
                else for (int k = 0; k < len; k++) z[off + k] = (byte) (x[ao + k * as] != y[bo + k * bs] ? 1 : 0);
            };
            case LESS -> (off, ao, as, bo, bs, len) -> {
                if (as == 1 && bs == 0) for (int k = 0; k < len; k++) z[off + k] = (byte) (x[ao + k] < y[bo] ? 1 : 0);
                else for (int k = 0; k < len; k++) z[off + k] = (byte) (x[ao + k * as] < y[bo + k * bs] ? 1 : 0);
            };
            case LESS_EQUAL -> (off, ao, as, bo, bs, len) -> {
                if (as == 1 && bs == 0) for (int k = 0; k < len; k++) z[off + k] = (byte) (x[ao + k] <= y[bo] ? 1 : 0);
                else for (int k = 0; k < len; k++) z[off + k] = (byte) (x[ao + k * as] <= y[bo + k * bs] ? 1 : 0);
            };
            case GREATER -> (off, ao, as, bo, bs, len) -> {
                if (as == 1 && bs == 0) for (int k = 0; k < len; k++) z[off + k] = (byte) (x[ao + k] > y[bo] ? 1 : 0);
                else for (int k = 0; k < len; k++) z[off + k] = (byte) (x[ao + k * as] > y[bo + k * bs] ? 1 : 0);
            };
            case GREATER_EQUAL -> (off, ao, as, bo, bs, len) -> {
                if (as == 1 && bs == 0) for (int k = 0; k < len; k++) z[off + k] = (byte) (x[ao + k] >= y[bo] ? 1 : 0);
                else for (int k = 0; k < len; k++) z[off + k] = (byte) (x[ao + k * as] >= y[bo + k * bs] ? 1 : 0);
            };
            default -> null;
        };
    }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b, Shape outShape) {
        int n = outShape.size();
        if (host(a) instanceof HostBuffer.F32 fa && host(b) instanceof HostBuffer.F32 fb
                && isWholeOrOne(cond, n) && isWholeOrOne(a, n) && isWholeOrOne(b, n)) {
            byte[] c = ((HostBuffer.Bytes) host(cond)).a;
            HostBuffer.F32 o = (HostBuffer.F32) HostBuffer.allocate(DType.FLOAT32, n);
            float[] r = o.a;
            int cs = cond.size() == n ? 1 : 0;
            int xs = a.size() == n ? 1 : 0;
            int ys = b.size() == n ? 1 : 0;
            elementwise(n, (from, to) -> float32Where(c, cs, fa.a, xs, fb.a, ys, r, from, to));
            return out(outShape, o);
        }
        int[] dims = outShape.dims();
        int[] mc = IndexMaps.map(dims, IndexMaps.broadcastStrides(cond.shape(), outShape), 0);
        int[] ma = IndexMaps.map(dims, IndexMaps.broadcastStrides(a.shape(), outShape), 0);
        int[] mb = IndexMaps.map(dims, IndexMaps.broadcastStrides(b.shape(), outShape), 0);
        HostBuffer hc = host(cond);
        HostBuffer ga = host(a).gather(ma);
        HostBuffer gb = host(b).gather(mb);
        // Start from a's picks and overwrite where the condition is false with b's.
        int[] fromB = new int[mc.length];
        int nb = 0;
        for (int i = 0; i < mc.length; i++) {
            if (!hc.getBoolean(mc[i])) fromB[nb++] = i;
        }
        int[] pick = Arrays.copyOf(fromB, nb);
        gb.gather(pick).scatterInto(ga, pick);
        return out(outShape, ga);
    }

    /**
     * {@code r[i] = c[i * cs] ? x[i * xs] : y[i * ys]} for {@code from <= i < to}, each step 0 or 1.
     * NOTE: it picks bit patterns with a mask rather than branching, since conditions such as
     * {@code y > 0} on activations are as unpredictable as coin flips.
     */
    private static void float32Where(byte[] c, int cs, float[] x, int xs, float[] y, int ys, float[] r, int from, int to) {
        if (cs == 1 && xs == 1 && ys == 1) {
            for (int i = from; i < to; i++) r[i] = select(ones(c[i]), x[i], y[i]);
        } else if (cs == 1 && xs + ys == 1) {
            // One branch is a scalar (as the zero of the Relu gradient): loop with it read once.
            float[] whole = xs == 1 ? x : y;
            int flip = xs == 1 ? 0 : -1;
            float scalar = xs == 1 ? y[0] : x[0];
            for (int i = from; i < to; i++) r[i] = select(ones(c[i]) ^ flip, whole[i], scalar);
        } else {
            for (int i = from; i < to; i++) r[i] = select(ones(c[i * cs]), x[i * xs], y[i * ys]);
        }
    }

    /** All bits set if {@code c} is non-zero (true), else none; without a branch. */
    private static int ones(byte c) {
        int v = c & 0xFF;
        return -((v | -v) >>> 31);
    }

    /** {@code x} where {@code mask} is all ones, {@code y} where it is zero. */
    private static float select(int mask, float x, float y) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(x) & mask | Float.floatToRawIntBits(y) & ~mask);
    }

    @Override
    public Tensor cast(Tensor x, DType to) {
        HostBuffer in = host(x);
        int n = in.size();
        HostBuffer o = HostBuffer.allocate(to, n);
        if (in instanceof HostBuffer.Bytes u && x.dtype() == DType.UINT8 && o instanceof HostBuffer.F32 f) {
            for (int i = 0; i < n; i++) f.a[i] = u.a[i] & 0xFF;
        } else if (to == DType.BOOL) {
            for (int i = 0; i < n; i++) o.setLong(i, in.getDouble(i) != 0 ? 1 : 0);
        } else if (!x.dtype().isFloating()) {
            // NOTE: integers convert from their long value, so int64 -> float32 rounds once; going
            // through double would round twice (2^60 + 2^36 + 1 would become 2^60, not 2^60 + 2^37).
            for (int i = 0; i < n; i++) o.setLong(i, in.getLong(i));
        } else if (to.isFloating()) {
            for (int i = 0; i < n; i++) o.setDouble(i, in.getDouble(i));
        } else {
            // NOTE: float -> int truncates toward zero, as TensorFlow's Cast does.
            for (int i = 0; i < n; i++) o.setLong(i, (long) in.getDouble(i));
        }
        return out(x.shape(), o);
    }

    // ---- reductions ---------------------------------------------------------------------------

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int[] axes) {
        int[] inDims = x.shape().dims();
        int r = inDims.length;
        int[] outDims = inDims.clone();
        for (int ax : axes) outDims[ax] = 1;
        Shape outShape = Shape.of(outDims);
        if (op == ReduceOp.SUM && host(x) instanceof HostBuffer.F32 f) {
            HostBuffer.F32 o = (HostBuffer.F32) HostBuffer.allocate(DType.FLOAT32, outShape.size());
            if (FloatSums.sum(f.a, inDims, axes, o.a)) return out(outShape, o);
        }
        // Strides into the output, 0 along reduced axes, walked in the input's order.
        int[] os = outShape.strides();
        for (int ax : axes) os[ax] = 0;
        HostBuffer in = host(x);
        int n = in.size();
        int m = outShape.size();
        boolean floating = x.dtype().isFloating();
        double[] accD = floating ? new double[m] : null;
        long[] accL = floating ? null : new long[m];
        if (op != ReduceOp.SUM) {
            // NOTE: over nothing, Max and Min give their identity, as TensorFlow does (NumPy raises):
            // -inf / +inf for floats, the dtype's lowest / highest value for integers.
            if (floating) Arrays.fill(accD, op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            else Arrays.fill(accL, op == ReduceOp.MAX ? lowest(x.dtype()) : highest(x.dtype()));
        }
        if (n > 0) {
            int last = r == 0 ? 1 : inDims[r - 1];
            int step = r == 0 ? 0 : os[r - 1];
            int[] idx = new int[Math.max(r, 1)];
            int base = 0;
            float[] sum32 = op == ReduceOp.SUM && in instanceof HostBuffer.F32 f ? f.a : null;
            for (int off = 0; off < n; off += last) {
                if (sum32 != null) {
                    addRun(sum32, off, accD, base, step, last);
                } else {
                    for (int k = 0; k < last; k++) {
                        int t = base + k * step;
                        if (floating) accD[t] = combine(op, accD[t], in.getDouble(off + k));
                        else accL[t] = combine(op, accL[t], in.getLong(off + k));
                    }
                }
                base = IndexMaps.advance(idx, inDims, os, base, r - 2);
            }
        }
        HostBuffer o = HostBuffer.allocate(x.dtype(), m);
        for (int i = 0; i < m; i++) {
            if (floating) o.setDouble(i, accD[i]);
            else o.setLong(i, accL[i]);
        }
        return out(outShape, o);
    }

    /**
     * {@code acc[base + k * step] += x[off + k]} for {@code k < len}, in that order: the float32
     * sum of {@link #reduce} along the last axis, accumulated in double like every floating sum
     * there. The step is the output's along that axis: 0 (reduced) or 1 (kept).
     */
    private static void addRun(float[] x, int off, double[] acc, int base, int step, int len) {
        if (step == 0) {
            double s = acc[base];
            for (int k = 0; k < len; k++) s += x[off + k];
            acc[base] = s;
        } else {
            for (int k = 0; k < len; k++) acc[base + k] += x[off + k];
        }
    }

    private static long lowest(DType dtype) {
        return switch (dtype) {
            case INT32 -> Integer.MIN_VALUE;
            case UINT8 -> 0;
            default -> Long.MIN_VALUE;
        };
    }

    private static long highest(DType dtype) {
        return switch (dtype) {
            case INT32 -> Integer.MAX_VALUE;
            case UINT8 -> 255;
            default -> Long.MAX_VALUE;
        };
    }

    private static double combine(ReduceOp op, double acc, double v) {
        return switch (op) {
            case SUM -> acc + v;
            case MAX -> (v > acc || v != v) ? v : acc;
            case MIN -> (v < acc || v != v) ? v : acc;
        };
    }

    private static long combine(ReduceOp op, long acc, long v) {
        return switch (op) {
            case SUM -> acc + v;
            case MAX -> Math.max(acc, v);
            case MIN -> Math.min(acc, v);
        };
    }

    @Override
    public Tensor argReduce(boolean max, Tensor x, int axis, DType outType) {
        int[] dims = x.shape().dims();
        int outer = 1;
        for (int i = 0; i < axis; i++) outer *= dims[i];
        int len = dims[axis];
        int inner = 1;
        for (int i = axis + 1; i < dims.length; i++) inner *= dims[i];
        int[] outDims = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) if (i != axis) outDims[j++] = dims[i];
        HostBuffer in = host(x);
        HostBuffer o = HostBuffer.allocate(outType, outer * inner);
        boolean floating = x.dtype().isFloating();
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                int base = p * len * inner + q;
                int best = 0;
                for (int k = 1; k < len; k++) {
                    int i = base + k * inner;
                    int b = base + best * inner;
                    boolean better;
                    if (floating) {
                        double v = in.getDouble(i);
                        double w = in.getDouble(b);
                        // NOTE: the first NaN wins, as in NumPy; ties keep the smallest index.
                        better = w == w && (v != v || (max ? v > w : v < w));
                    } else {
                        long v = in.getLong(i);
                        long w = in.getLong(b);
                        better = max ? v > w : v < w;
                    }
                    if (better) best = k;
                }
                o.setLong(p * inner + q, best);
            }
        }
        return out(Shape.of(outDims), o);
    }

    // ---- linear algebra -----------------------------------------------------------------------

    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB, Shape outShape) {
        if (transposeA) a = transpose(a, lastTwoSwapped(a.shape().rank()));
        if (transposeB) b = transpose(b, lastTwoSwapped(b.shape().rank()));
        int r = outShape.rank();
        int[] od = outShape.dims();
        int m = od[r - 2];
        int n = od[r - 1];
        int k = a.shape().dim(-1);
        int[] batchDims = Arrays.copyOf(od, r - 2);
        int[] aBatch = batchOffsets(a.shape(), batchDims, m * k);
        int[] bBatch = batchOffsets(b.shape(), batchDims, k * n);
        int batches = aBatch.length;
        HostBuffer o = HostBuffer.allocate(a.dtype(), outShape.size());
        HostBuffer ha = host(a);
        HostBuffer hb = host(b);
        for (int t = 0; t < batches; t++) {
            int cOff = t * m * n;
            if (ha instanceof HostBuffer.F32 fa) {
                sgemm(fa.a, aBatch[t], ((HostBuffer.F32) hb).a, bBatch[t], ((HostBuffer.F32) o).a, cOff, m, n, k);
            } else {
                genericGemm(ha, aBatch[t], hb, bBatch[t], o, cOff, m, n, k);
            }
        }
        return out(outShape, o);
    }

    private static int[] lastTwoSwapped(int rank) {
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) p[i] = i;
        p[rank - 2] = rank - 1;
        p[rank - 1] = rank - 2;
        return p;
    }

    /** Start offset of each broadcast batch's matrix inside an operand of {@code shape}. */
    private static int[] batchOffsets(Shape shape, int[] batchDims, int matrixSize) {
        int r = shape.rank();
        int[] dims = shape.dims();
        Shape operandBatch = Shape.of(Arrays.copyOf(dims, r - 2));
        int[] strides = IndexMaps.broadcastStrides(operandBatch, Shape.of(batchDims));
        int[] map = IndexMaps.map(batchDims, strides, 0);
        for (int i = 0; i < map.length; i++) map[i] *= matrixSize;
        return map;
    }

    /** C[m,n] = sum_k A[m,k] B[k,n], row-major, i-k-j order so the inner loop is contiguous. */
    private static void sgemm(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            for (int p = 0; p < k; p++) {
                float av = a[aOff + i * k + p];
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
            }
        }
    }

    private static void genericGemm(HostBuffer a, int aOff, HostBuffer b, int bOff, HostBuffer c, int cOff, int m, int n, int k) {
        boolean floating = a.dtype().isFloating();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                if (floating) {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += a.getDouble(aOff + i * k + p) * b.getDouble(bOff + p * n + j);
                    c.setDouble(cOff + i * n + j, s);
                } else {
                    long s = 0;
                    for (int p = 0; p < k; p++) s += a.getLong(aOff + i * k + p) * b.getLong(bOff + p * n + j);
                    c.setLong(cOff + i * n + j, s);
                }
            }
        }
    }

    // ---- data movement ------------------------------------------------------------------------

    @Override
    public Tensor transpose(Tensor x, int[] perm) {
        int[] inStrides = x.shape().strides();
        int[] inDims = x.shape().dims();
        int[] outDims = new int[perm.length];
        int[] strides = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            outDims[i] = inDims[perm[i]];
            strides[i] = inStrides[perm[i]];
        }
        return out(Shape.of(outDims), host(x).gather(IndexMaps.map(outDims, strides, 0)));
    }

    @Override
    public Tensor broadcastTo(Tensor x, Shape shape) {
        return out(shape, BroadcastCopy.of(host(x), x.shape(), shape));
    }

    @Override
    public Tensor slice(Tensor x, int[] begin, int[] size) {
        int[] strides = x.shape().strides();
        int offset = 0;
        for (int i = 0; i < begin.length; i++) offset += begin[i] * strides[i];
        return out(Shape.of(size), host(x).gather(IndexMaps.map(size, strides, offset)));
    }

    @Override
    public Tensor pad(Tensor x, int[] before, int[] after) {
        int[] inDims = x.shape().dims();
        int[] outDims = new int[inDims.length];
        for (int i = 0; i < inDims.length; i++) outDims[i] = before[i] + inDims[i] + after[i];
        Shape outShape = Shape.of(outDims);
        int[] os = outShape.strides();
        int offset = 0;
        for (int i = 0; i < inDims.length; i++) offset += before[i] * os[i];
        HostBuffer o = HostBuffer.allocate(x.dtype(), outShape.size());
        host(x).scatterInto(o, IndexMaps.map(inDims, os, offset));
        return out(outShape, o);
    }

    @Override
    public Tensor concat(Tensor[] xs, int axis, Shape outShape) {
        int[] od = outShape.dims();
        int outer = 1;
        for (int i = 0; i < axis; i++) outer *= od[i];
        int outRow = outShape.size() / Math.max(outer, 1);
        HostBuffer o = HostBuffer.allocate(xs[0].dtype(), outShape.size());
        int col = 0;
        for (Tensor x : xs) {
            int row = outer == 0 ? 0 : x.size() / outer;
            HostBuffer h = host(x);
            for (int p = 0; p < outer; p++) h.copyTo(p * row, o, p * outRow + col, row);
            col += row;
        }
        return out(outShape, o);
    }

    @Override
    public Tensor gather(Tensor params, Tensor indices, int axis, Shape outShape) {
        int[] pd = params.shape().dims();
        int outer = 1;
        for (int i = 0; i < axis; i++) outer *= pd[i];
        int axisLen = pd[axis];
        int inner = 1;
        for (int i = axis + 1; i < pd.length; i++) inner *= pd[i];
        HostBuffer idx = host(indices);
        int count = idx.size();
        HostBuffer src = host(params);
        HostBuffer o = HostBuffer.allocate(params.dtype(), outShape.size());
        for (int j = 0; j < count; j++) checkIndex("GatherV2", idx.getLong(j), j, axisLen, params.shape(), axis);
        for (int p = 0; p < outer; p++) {
            for (int j = 0; j < count; j++) {
                int at = (int) idx.getLong(j);
                src.copyTo((p * axisLen + at) * inner, o, (p * count + j) * inner, inner);
            }
        }
        return out(outShape, o);
    }

    @Override
    public Tensor scatterAdd(Tensor updates, Tensor indices, int axis, Shape outShape) {
        int[] od = outShape.dims();
        int outer = 1;
        for (int i = 0; i < axis; i++) outer *= od[i];
        int axisLen = od[axis];
        int inner = 1;
        for (int i = axis + 1; i < od.length; i++) inner *= od[i];
        HostBuffer idx = host(indices);
        int count = idx.size();
        HostBuffer u = host(updates);
        HostBuffer o = HostBuffer.allocate(updates.dtype(), outShape.size());
        boolean floating = updates.dtype().isFloating();
        for (int j = 0; j < count; j++) checkIndex("UnsortedSegmentSum", idx.getLong(j), j, axisLen, outShape, axis);
        for (int p = 0; p < outer; p++) {
            for (int j = 0; j < count; j++) {
                int dst = (p * axisLen + (int) idx.getLong(j)) * inner;
                int src = (p * count + j) * inner;
                for (int q = 0; q < inner; q++) {
                    if (floating) o.setDouble(dst + q, o.getDouble(dst + q) + u.getDouble(src + q));
                    else o.setLong(dst + q, o.getLong(dst + q) + u.getLong(src + q));
                }
            }
        }
        return out(outShape, o);
    }

    private static void checkIndex(String op, long value, int position, int axisLen, Shape shape, int axis) {
        if (value < 0 || value >= axisLen) {
            throw new InvalidArgumentException(op + ": indices[" + position + "] = " + value + " is not in [0, "
                    + axisLen + ") (axis " + axis + " of a tensor of shape " + shape + ")");
        }
    }

    // ---- training kernels ---------------------------------------------------------------------

    @Override
    public Tensor conv2d(Tensor input, Tensor filter, int strideH, int strideW, int padTop, int padLeft, Shape outShape) {
        return ConvKernels.conv2d(input, filter, strideH, strideW, padTop, padLeft, outShape);
    }

    @Override
    public Tensor conv2dBackpropInput(Tensor grad, Tensor filter, int strideH, int strideW, int padTop, int padLeft, Shape inputShape) {
        return ConvKernels.conv2dBackpropInput(grad, filter, strideH, strideW, padTop, padLeft, inputShape);
    }

    @Override
    public Tensor conv2dBackpropFilter(Tensor input, Tensor grad, int strideH, int strideW, int padTop, int padLeft, Shape filterShape) {
        return ConvKernels.conv2dBackpropFilter(input, grad, strideH, strideW, padTop, padLeft, filterShape);
    }

    @Override
    public Tensor maxPool(Tensor input, int poolH, int poolW, int strideH, int strideW, int padTop, int padLeft, Shape outShape) {
        return ConvKernels.maxPool(input, poolH, poolW, strideH, strideW, padTop, padLeft, outShape);
    }

    @Override
    public Tensor maxPoolGrad(Tensor input, Tensor grad, int poolH, int poolW, int strideH, int strideW, int padTop, int padLeft) {
        return ConvKernels.maxPoolGrad(input, grad, poolH, poolW, strideH, strideW, padTop, padLeft);
    }

    @Override
    public Tensor[] adamUpdate(Tensor var, Tensor m, Tensor v, Tensor grad, double alpha, double beta1, double beta2, double epsilon) {
        HostBuffer hx = host(var);
        HostBuffer hm = host(m);
        HostBuffer hv = host(v);
        HostBuffer hg = host(grad);
        int n = hx.size();
        HostBuffer ox = HostBuffer.allocate(var.dtype(), n);
        HostBuffer om = HostBuffer.allocate(var.dtype(), n);
        HostBuffer ov = HostBuffer.allocate(var.dtype(), n);
        if (hx instanceof HostBuffer.F32 x32) {
            float[] x = x32.a;
            float[] mm = ((HostBuffer.F32) hm).a;
            float[] vv = ((HostBuffer.F32) hv).a;
            float[] g = ((HostBuffer.F32) hg).a;
            float[] rx = ((HostBuffer.F32) ox).a;
            float[] rm = ((HostBuffer.F32) om).a;
            float[] rv = ((HostBuffer.F32) ov).a;
            float a = (float) alpha;
            float b1 = (float) (1 - beta1);
            float b2 = (float) (1 - beta2);
            float eps = (float) epsilon;
            for (int i = 0; i < n; i++) {
                float mi = mm[i] + (g[i] - mm[i]) * b1;
                float vi = vv[i] + (g[i] * g[i] - vv[i]) * b2;
                rm[i] = mi;
                rv[i] = vi;
                rx[i] = x[i] - a * mi / ((float) Math.sqrt(vi) + eps);
            }
        } else {
            for (int i = 0; i < n; i++) {
                double g = hg.getDouble(i);
                double mi = hm.getDouble(i) + (g - hm.getDouble(i)) * (1 - beta1);
                double vi = hv.getDouble(i) + (g * g - hv.getDouble(i)) * (1 - beta2);
                om.setDouble(i, mi);
                ov.setDouble(i, vi);
                ox.setDouble(i, hx.getDouble(i) - alpha * mi / (Math.sqrt(vi) + epsilon));
            }
        }
        return new Tensor[] {out(var.shape(), ox), out(var.shape(), om), out(var.shape(), ov)};
    }

    @Override
    public TensorStats stats(Tensor x) {
        HostBuffer h = host(x);
        int n = h.size();
        long nan = 0;
        long inf = 0;
        long zeros = 0;
        long finite = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double mean = 0;
        double m2 = 0;
        for (int i = 0; i < n; i++) {
            double v = h.getDouble(i);
            if (v != v) {
                nan++;
                continue;
            }
            if (Double.isInfinite(v)) {
                inf++;
                continue;
            }
            if (v == 0) zeros++;
            finite++;
            if (v < min) min = v;
            if (v > max) max = v;
            // Welford's update keeps the variance accurate for large tensors.
            double d = v - mean;
            mean += d / finite;
            m2 += d * (v - mean);
        }
        if (finite == 0) return new TensorStats(n, Double.NaN, Double.NaN, Double.NaN, Double.NaN, nan, inf, zeros);
        return new TensorStats(n, min, max, mean, Math.sqrt(m2 / finite), nan, inf, zeros);
    }
}
