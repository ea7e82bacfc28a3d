package org.tapedeck.engine.backend.cpu;

import java.util.Arrays;

import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Convolution and pooling on the CPU: NHWC activations, HWIO filters, TensorFlow semantics.
 *
 * <p>Every kernel walks the same geometry ({@link #forEachTapRow}): for each output pixel, the rows
 * of its window that land inside the input. Padding is never materialised in the input; taps that
 * fall in it are skipped, which is what zero padding (convolution) and "padded positions never win"
 * (max pooling) mean. NOTE: both runs of a window row are contiguous (HWIO filters and NHWC inputs),
 * so a row of taps is {@code count * C} consecutive numbers on both sides.
 *
 * <p>Convolutions are matrix products over blocks of output pixels (im2col), laid out so that the
 * innermost loop of {@link RowMath#multiplyAdd} runs along a long row:
 * <ul>
 * <li>forward: {@code outT[f, t] = sum_k W[k, f] colT[k, t]} over rows of a block of output rows
 *     ({@code K = KH*KW*C}, in the filter's order). {@link #im2colT} builds {@code colT} from
 *     channel planes of the input with long copies; {@code outT} is stored back as NHWC;
 * <li>filter gradient: {@code dW^T[f, k] += sum_t grad[t, f] col[t, k]} over rows of K, where
 *     {@link #im2col} copies each pixel's window into a row {@code col[t]};
 * <li>input gradient: {@code dcol[t, k] = sum_f grad[t, f] W^T[f, k]} over rows of K, then added
 *     back to the windows it came from ({@link #col2im}, the adjoint of im2col).
 * </ul>
 * The gradient is read in place as the scalar operand. Images are split across {@link Parallel}
 * threads; each thread reuses its {@link Scratch} rows. The filter gradient is summed in a fixed
 * number of partial sums, so it does not depend on the number of threads. float32 (training) and
 * float64 (gradient checks) share all of this but the loops of {@link RowMath}.
 *
 * <p>float32 convolutions with stride 1 and a multiple of 16 channels on the vector side go to
 * {@link DirectConv} instead when {@link CpuSimd} is on; this class is the general path and the
 * reference those kernels are tested against.
 *
 * <p>Measured on the tutorial's second layer (a batch of 32, 26x26x16 by 3x3x16x16, 42 M
 * multiply-adds) on one core of a shared two-core machine: forward about 4 ms, each gradient 3 to
 * 4.5 ms (the products themselves run at some 20 GMAC/s; the rest is copying).
 */
final class ConvKernels {
    private ConvKernels() {}

    /** Elements of im2col rows per block of output pixels: about 128 KB of float32, kept in L2. */
    private static final int BLOCK_ELEMENTS = 32 * 1024;

    /** Partial sums of the filter gradient (each over a fixed share of the batch; {@link DirectConv} too). */
    static final int FILTER_PARTIALS = 16;

    /** The walk of one convolution or pooling: batch, input, window, output, strides, leading padding. */
    private record Geometry(int n, int h, int w, int kh, int kw, int oh, int ow, int sh, int sw, int pt, int pl) {
        static Geometry of(Shape input, int kh, int kw, int oh, int ow, int sh, int sw, int pt, int pl) {
            return new Geometry(input.dim(0), input.dim(1), input.dim(2), kh, kw, oh, ow, sh, sw, pt, pl);
        }

        int pixelsPerImage() { return oh * ow; }

        int outPixels() { return n * oh * ow; }

        /** Whether some window reaches outside the input (so im2col rows need zeros). */
        boolean padded() {
            return pt > 0 || pl > 0 || (oh - 1) * sh + kh - pt > h || (ow - 1) * sw + kw - pl > w;
        }
    }

    /**
     * Receives one row of a window that lies inside the input: {@code count} taps starting at
     * {@code tap} (kh*KW + kw) of output pixel {@code outPixel}, reading the {@code count}
     * consecutive input pixels from {@code inPixel}. Pixels are flat NHW indices.
     */
    @FunctionalInterface
    private interface TapRowVisitor {
        void visit(int outPixel, int inPixel, int tap, int count);
    }

    /** Visits the tap rows of every output pixel in order; within a window, rows go top to bottom. */
    private static void forEachTapRow(Geometry g, TapRowVisitor v) { forEachTapRow(g, 0, g.outPixels(), v); }

    /** {@link #forEachTapRow(Geometry, TapRowVisitor)} for the output pixels {@code [from, to)}. */
    private static void forEachTapRow(Geometry g, int from, int to, TapRowVisitor v) {
        int perImage = g.pixelsPerImage();
        int outPixel = from;
        while (outPixel < to) {
            int b = outPixel / perImage;
            int y = outPixel % perImage / g.ow;
            int x = outPixel % g.ow;
            int rowEnd = Math.min(to, outPixel - x + g.ow);
            int top = y * g.sh - g.pt;
            int iLo = Math.max(0, -top);
            int iHi = Math.min(g.kh, g.h - top);
            for (; outPixel < rowEnd; x++, outPixel++) {
                int left = x * g.sw - g.pl;
                int jLo = Math.max(0, -left);
                int jHi = Math.min(g.kw, g.w - left);
                if (jHi <= jLo) continue;
                for (int i = iLo; i < iHi; i++) {
                    v.visit(outPixel, (b * g.h + top + i) * g.w + left + jLo, i * g.kw + jLo, jHi - jLo);
                }
            }
        }
    }

    private static HostBuffer host(Tensor t) { return (HostBuffer) t.buffer(); }

    // ---- convolution ------------------------------------------------------------------------------

    /** Output pixels per block for im2col rows of {@code k} elements, spread evenly over an image. */
    private static int blockPixels(int k, int perImage) {
        int bm = Math.max(16, BLOCK_ELEMENTS / Math.max(k, 1));
        int blocks = Math.max(1, (perImage + bm - 1) / bm);
        return Math.max(1, (perImage + blocks - 1) / blocks);
    }

    /** Receives a block of output pixels {@code [from, to)}. */
    @FunctionalInterface
    private interface BlockBody {
        void run(int from, int to);
    }

    /** Splits the output pixels of images {@code [b0, b1)} into blocks of {@code bm}. */
    private static void forEachBlock(Geometry g, int b0, int b1, int bm, BlockBody body) {
        int end = b1 * g.pixelsPerImage();
        for (int p = b0 * g.pixelsPerImage(); p < end; p += bm) body.run(p, Math.min(end, p + bm));
    }

    /** {@code col[t] = the window of output pixel from + t} ({@code K = KH*KW*C} numbers, zeros in the padding). */
    private static void im2col(Geometry g, int c, RowMath math, Object x, int from, int to, Object[] col) {
        if (g.padded()) math.zero(col, to - from, g.kh * g.kw * c);
        forEachTapRow(g, from, to, (o, i, t, k) -> math.copy(x, i * c, 1, col[o - from], t * c, k * c));
    }

    /** The adjoint of {@link #im2col}: adds each {@code col[t]} back onto the input its window covers. */
    private static void col2im(Geometry g, int c, RowMath math, Object[] col, int from, int to, Object dx) {
        forEachTapRow(g, from, to, (o, i, t, k) -> math.addRun(col[o - from], t * c, dx, i * c, k * c));
    }

    static Tensor conv2d(Tensor input, Tensor filter, int sh, int sw, int pt, int pl, Shape out) {
        Shape fs = filter.shape();
        int c = fs.dim(2);
        int f = fs.dim(3);
        if (DirectConv.handles(input.dtype(), sh, sw, f)) return DirectConv.conv2d(input, filter, pt, pl, out);
        int k = fs.dim(0) * fs.dim(1) * c;
        Geometry g = Geometry.of(input.shape(), fs.dim(0), fs.dim(1), out.dim(1), out.dim(2), sh, sw, pt, pl);
        RowMath math = RowMath.of(input.dtype());
        HostBuffer y = HostBuffer.allocate(input.dtype(), out.size());
        Object x = host(input).array();
        Object w = host(filter).array();
        int rows = blockRows(k, g.oh, g.ow);
        int inRows = Math.min(g.h, (rows - 1) * sh + g.kh);
        Parallel.forRange(g.n, (b0, b1) -> {
            Scratch s = Scratch.local();
            Object[] planes = s.rows(math, 0, c, inRows * g.w);
            Object[] colT = s.rows(math, 1, k, rows * g.ow);
            Object[] outT = s.rows(math, 2, f, rows * g.ow);
            for (int b = b0; b < b1; b++) {
                for (int y0 = 0; y0 < g.oh; y0 += rows) {
                    int y1 = Math.min(g.oh, y0 + rows);
                    int len = (y1 - y0) * g.ow;
                    // The input rows these output rows read, one plane per channel.
                    int rLo = Math.max(0, y0 * sh - pt);
                    int rHi = Math.min(g.h, (y1 - 1) * sh - pt + g.kh);
                    if (rHi > rLo) math.columns(x, (b * g.h + rLo) * g.w * c, c, planes, c, (rHi - rLo) * g.w);
                    im2colT(g, c, math, planes, rLo, y0, y1, colT);
                    math.zero(outT, f, len);
                    // outT[f, t] = sum_k W[k, f] colT[k, t]: W read in place (A(f, k) = w[k * F + f])
                    math.multiplyAdd(outT, f, w, 0, 1, f, colT, k, len);
                    math.addColumns(outT, f, len, y.array(), (b * g.oh + y0) * g.ow * f, f);
                }
            }
        });
        return Tensor.wrap(out, y);
    }

    /** Output rows per block of the forward pass, for {@code k} taps, spread evenly over an image. */
    private static int blockRows(int k, int oh, int ow) {
        int rows = Math.max(1, Math.min(oh, BLOCK_ELEMENTS / Math.max(1, k * ow)));
        int blocks = (oh + rows - 1) / Math.max(rows, 1);
        return Math.max(1, (oh + blocks - 1) / Math.max(blocks, 1));
    }

    /**
     * The transposed im2col of output rows {@code [y0, y1)} of one image, straight from channel
     * planes: {@code colT[(i*KW + j)*C + ch][(y - y0)*OW + x] = input(y*sh - pt + i, x*sw - pl + j, ch)},
     * zero in the padding, where {@code planes[ch]} holds input rows from {@code rLo} on. NOTE: for
     * one tap and one output row the inputs are a run of one plane's row (every sw-th element), so
     * a row of colT is built from a few long copies rather than element by element.
     */
    private static void im2colT(Geometry g, int c, RowMath math, Object[] planes, int rLo, int y0, int y1, Object[] colT) {
        if (g.padded()) math.zero(colT, g.kh * g.kw * c, (y1 - y0) * g.ow);
        for (int i = 0; i < g.kh; i++) {
            for (int j = 0; j < g.kw; j++) {
                // Output columns whose tap j lands inside the input: 0 <= x*sw - pl + j < w.
                int xLo = Math.max(0, Math.floorDiv(g.pl - j + g.sw - 1, g.sw));
                int xHi = Math.min(g.ow, Math.floorDiv(g.w - 1 + g.pl - j, g.sw) + 1);
                if (xHi <= xLo) continue;
                for (int ch = 0; ch < c; ch++) {
                    Object row = colT[(i * g.kw + j) * c + ch];
                    Object plane = planes[ch];
                    for (int y = y0; y < y1; y++) {
                        int r = y * g.sh - g.pt + i;
                        if (r < 0 || r >= g.h) continue;
                        int from = (r - rLo) * g.w + xLo * g.sw - g.pl + j;
                        math.copy(plane, from, g.sw, row, (y - y0) * g.ow + xLo, xHi - xLo);
                    }
                }
            }
        }
    }

    static Tensor conv2dBackpropInput(Tensor grad, Tensor filter, int sh, int sw, int pt, int pl, Shape inputShape) {
        Shape fs = filter.shape();
        int c = fs.dim(2);
        int f = fs.dim(3);
        if (DirectConv.handles(grad.dtype(), sh, sw, c)) return DirectConv.conv2dBackpropInput(grad, filter, pt, pl, inputShape);
        int k = fs.dim(0) * fs.dim(1) * c;
        Geometry g = Geometry.of(inputShape, fs.dim(0), fs.dim(1), grad.shape().dim(1), grad.shape().dim(2), sh, sw, pt, pl);
        RowMath math = RowMath.of(grad.dtype());
        HostBuffer dx = HostBuffer.allocate(grad.dtype(), inputShape.size());
        Object dy = host(grad).array();
        Object[] wT = math.newRows(f, k);
        math.columns(host(filter).array(), 0, f, wT, f, k);
        int bm = blockPixels(k, g.pixelsPerImage());
        // NOTE: windows of neighbouring pixels overlap, so threads own whole images of dx.
        Parallel.forRange(g.n, (b0, b1) -> {
            Object[] dcol = Scratch.local().rows(math, 0, bm, k);
            forEachBlock(g, b0, b1, bm, (from, to) -> {
                int len = to - from;
                math.zero(dcol, len, k);
                // dcol[t, k] = sum_f grad[t, f] W^T[f, k]: grad read in place (A(t, f) = dy[(from + t) * F + f])
                math.multiplyAdd(dcol, len, dy, from * f, f, 1, wT, f, k);
                col2im(g, c, math, dcol, from, to, dx.array());
            });
        });
        return Tensor.wrap(inputShape, dx);
    }

    static Tensor conv2dBackpropFilter(Tensor input, Tensor grad, int sh, int sw, int pt, int pl, Shape filterShape) {
        int c = filterShape.dim(2);
        int f = filterShape.dim(3);
        if (DirectConv.handles(input.dtype(), sh, sw, f)) return DirectConv.conv2dBackpropFilter(input, grad, pt, pl, filterShape);
        int k = filterShape.dim(0) * filterShape.dim(1) * c;
        Geometry g = Geometry.of(input.shape(), filterShape.dim(0), filterShape.dim(1),
                grad.shape().dim(1), grad.shape().dim(2), sh, sw, pt, pl);
        RowMath math = RowMath.of(input.dtype());
        Object x = host(input).array();
        Object dy = host(grad).array();
        int bm = blockPixels(k, g.pixelsPerImage());
        int parts = Math.max(1, Math.min(g.n, FILTER_PARTIALS));
        Object[][] partial = new Object[parts][];
        Parallel.forRange(parts, (q0, q1) -> {
            Object[] col = Scratch.local().rows(math, 0, bm, k);
            for (int q = q0; q < q1; q++) {
                Object[] dwT = math.newRows(f, k);
                forEachBlock(g, g.n * q / parts, g.n * (q + 1) / parts, bm, (from, to) -> {
                    im2col(g, c, math, x, from, to, col);
                    // dW^T[f, k] += sum_t grad[t, f] col[t, k]: grad read in place (A(f, t) = dy[(from + t) * F + f])
                    math.multiplyAdd(dwT, f, dy, from * f, 1, f, col, to - from, k);
                });
                partial[q] = dwT;
            }
        });
        HostBuffer dw = HostBuffer.allocate(input.dtype(), filterShape.size());
        for (Object[] dwT : partial) math.addColumns(dwT, f, k, dw.array(), 0, f);
        return Tensor.wrap(filterShape, dw);
    }

    // ---- max pooling ------------------------------------------------------------------------------

    static Tensor maxPool(Tensor input, int ph, int pw, int sh, int sw, int pt, int pl, Shape out) {
        Geometry g = Geometry.of(input.shape(), ph, pw, out.dim(1), out.dim(2), sh, sw, pt, pl);
        int[] winners = winners(input, g);
        return Tensor.wrap(out, host(input).gather(winners));
    }

    static Tensor maxPoolGrad(Tensor input, Tensor grad, int ph, int pw, int sh, int sw, int pt, int pl) {
        Shape gs = grad.shape();
        Geometry g = Geometry.of(input.shape(), ph, pw, gs.dim(1), gs.dim(2), sh, sw, pt, pl);
        int[] winners = winners(input, g);
        HostBuffer dx = HostBuffer.allocate(input.dtype(), input.size());
        MaxScan.over(host(grad)).scatterAdd(host(grad), winners, dx);
        return Tensor.wrap(input.shape(), dx);
    }

    /**
     * For each output element, the flat index in {@code input} of its window's maximum. Ties go to
     * the first position in row-major window order; a NaN beats every number (the first NaN wins).
     */
    private static int[] winners(Tensor input, Geometry g) {
        int c = input.shape().dim(3);
        int[] best = new int[g.outPixels() * c];
        Arrays.fill(best, -1);
        MaxScan scan = MaxScan.over(host(input));
        forEachTapRow(g, (o, i, t, k) -> {
            for (int j = 0; j < k; j++) scan.update(best, o * c, (i + j) * c, c);
        });
        for (int b : best) {
            if (b < 0) throw new IllegalArgumentException("a pooling window lies entirely in the padding: " + g);
        }
        return best;
    }

    /** The comparisons and scatter of max pooling on one buffer's dtype. */
    private abstract static class MaxScan {
        static MaxScan over(HostBuffer x) {
            return x instanceof HostBuffer.F32 f ? new F32(f.a) : new Generic(x);
        }

        /** {@code best[b + k] = x + k} where element {@code x + k} beats the current holder, for k < len. */
        abstract void update(int[] best, int b, int x, int len);

        /** {@code dst[index[j]] += src[j]} for every j (several windows may share a maximum). */
        abstract void scatterAdd(HostBuffer src, int[] index, HostBuffer dst);

        private static final class F32 extends MaxScan {
            private final float[] x;

            F32(float[] x) { this.x = x; }

            @Override
            void update(int[] best, int b, int from, int len) {
                for (int k = 0; k < len; k++) {
                    int holder = best[b + k];
                    float v = x[from + k];
                    if (holder < 0) {
                        best[b + k] = from + k;
                    } else {
                        float w = x[holder];
                        if (v > w || (v != v && w == w)) best[b + k] = from + k;
                    }
                }
            }

            @Override
            void scatterAdd(HostBuffer src, int[] index, HostBuffer dst) {
                float[] s = ((HostBuffer.F32) src).a;
                float[] d = ((HostBuffer.F32) dst).a;
                for (int j = 0; j < index.length; j++) d[index[j]] += s[j];
            }
        }

        private static final class Generic extends MaxScan {
            private final HostBuffer x;

            Generic(HostBuffer x) { this.x = x; }

            @Override
            void update(int[] best, int b, int from, int len) {
                for (int k = 0; k < len; k++) {
                    int holder = best[b + k];
                    double v = x.getDouble(from + k);
                    if (holder < 0) {
                        best[b + k] = from + k;
                    } else {
                        double w = x.getDouble(holder);
                        if (v > w || (v != v && w == w)) best[b + k] = from + k;
                    }
                }
            }

            @Override
            void scatterAdd(HostBuffer src, int[] index, HostBuffer dst) {
                for (int j = 0; j < index.length; j++) dst.setDouble(index[j], dst.getDouble(index[j]) + src.getDouble(j));
            }
        }
    }
}
