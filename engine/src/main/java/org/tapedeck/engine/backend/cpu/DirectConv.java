package org.tapedeck.engine.backend.cpu;

import java.util.Arrays;

import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Direct float32 convolutions with stride 1 on the SIMD kernels of {@link VectorKernels}, without
 * im2col: the training path of the tutorial model. {@link ConvKernels} sends a convolution here when
 * {@link #handles} says so and keeps every other case (float64, strides, channel counts that are not
 * a multiple of 16, SIMD off).
 *
 * <p>All three ops become one of two per-image kernels on a VALID window:
 * <ul>
 * <li>forward: {@code y = x (*) W}; with padding, the image is first copied into a zero-bordered
 *     scratch image, so SAME convolutions take the same kernel;
 * <li>input gradient: NOTE: {@code dx[iy, ix, ch] = sum_{i,j,u} g[iy + pt - i, ix + pl - j, u] W[i, j, ch, u]}
 *     is a VALID convolution of {@code g} zero-padded by {@code kh - 1 - pt} rows above (and
 *     {@code kw - 1 - pl} columns left) with the filter turned 180 degrees and its channel axes
 *     swapped, {@code Wr[i', j', u, ch] = W[kh - 1 - i', kw - 1 - j', ch, u]};
 * <li>filter gradient: {@code dW[i, j, ch, u] = sum_p x[window(p) + (i, j), ch] g[p, u]}, summed in
 *     {@link ConvKernels#FILTER_PARTIALS} partial sums over fixed shares of the batch and added in a
 *     fixed order, so the result does not depend on the number of threads.
 * </ul>
 * Images are split across {@link Parallel}'s threads; padded copies live in each thread's
 * {@link Scratch}.
 *
 * <pre>{@code
 * if (DirectConv.handles(x.dtype(), 1, 1, 16)) y = DirectConv.conv2d(x, w, 0, 0, Shape.of(32, 24, 24, 16));
 * }</pre>
 */
final class DirectConv {
    /** The vectorised channel count must be a multiple of this ({@link VectorKernels#BLOCK_CHANNELS}). */
    private static final int CHANNEL_BLOCK = 16;

    private static final RowMath F32 = RowMath.of(DType.FLOAT32);

    private DirectConv() {}

    /**
     * Whether a convolution goes to the SIMD kernels: SIMD on, float32, stride 1, and
     * {@code vectorChannels} (the forward's and filter gradient's output channels, or the input
     * gradient's input channels) a positive multiple of 16.
     */
    static boolean handles(DType dtype, int sh, int sw, int vectorChannels) {
        return CpuSimd.enabled() && dtype == DType.FLOAT32 && sh == 1 && sw == 1
                && vectorChannels > 0 && vectorChannels % CHANNEL_BLOCK == 0;
    }

    /**
     * A VALID window over an image of {@code h x w} pixels shifted by {@code (top, left)}: the
     * {@code ph x pw} pixels a VALID stride-1 kernel of {@code kh x kw} reads to make {@code oh x ow}
     * outputs. Pixels of the window outside the image are zeros.
     */
    private record Window(int h, int w, int c, int top, int left, int ph, int pw) {
        static Window of(int h, int w, int c, int top, int left, int oh, int ow, int kh, int kw) {
            return new Window(h, w, c, top, left, oh + kh - 1, ow + kw - 1);
        }

        /** Whether the kernel can read the image in place (no padding on any side it reads). */
        boolean inPlace() { return top == 0 && left == 0 && h >= ph && w >= pw; }

        /** Floats in one row of what the kernel reads. */
        int rowLen() { return (inPlace() ? w : pw) * c; }

        int paddedSize() { return ph * pw * c; }

        /** Copies image {@code b} of {@code src} into {@code dst} with its zero border. */
        void pad(float[] src, int b, float[] dst) {
            Arrays.fill(dst, 0, paddedSize(), 0f);
            int x0 = Math.max(0, left);
            int x1 = Math.min(pw, left + w);
            if (x1 <= x0) return;
            int y1 = Math.min(ph, top + h);
            for (int y = Math.max(0, top); y < y1; y++) {
                int from = ((b * h + y - top) * w + x0 - left) * c;
                System.arraycopy(src, from, dst, (y * pw + x0) * c, (x1 - x0) * c);
            }
        }
    }

    /** Receives image {@code b} as the kernel reads it: {@code data[off...]}, rows of {@link Window#rowLen()}. */
    @FunctionalInterface
    private interface ImageBody {
        void run(int b, float[] data, int off);
    }

    /** Images {@code [b0, b1)} of {@code src} as the kernel reads them, padded in this thread's scratch where needed. */
    private static void forEachImage(Window win, float[] src, int b0, int b1, ImageBody body) {
        float[] pad = win.inPlace() ? null : (float[]) Scratch.local().rows(F32, 0, 1, win.paddedSize())[0];
        for (int b = b0; b < b1; b++) {
            if (pad == null) {
                body.run(b, src, b * win.h * win.w * win.c);
            } else {
                win.pad(src, b, pad);
                body.run(b, pad, 0);
            }
        }
    }

    private static float[] f32(Tensor t) { return ((HostBuffer.F32) t.buffer()).a; }

    static Tensor conv2d(Tensor input, Tensor filter, int pt, int pl, Shape out) {
        Shape is = input.shape();
        Shape fs = filter.shape();
        int c = is.dim(3);
        int kh = fs.dim(0);
        int kw = fs.dim(1);
        int f = fs.dim(3);
        int oh = out.dim(1);
        int ow = out.dim(2);
        Window win = Window.of(is.dim(1), is.dim(2), c, pt, pl, oh, ow, kh, kw);
        float[] x = f32(input);
        float[] w = f32(filter);
        HostBuffer.F32 yb = (HostBuffer.F32) HostBuffer.allocateForOverwrite(DType.FLOAT32, out.size()); // every pixel is stored
        float[] y = yb.a;
        RowBlocks pixels = VectorKernels.pixelBlocks(oh, ow, c, win.rowLen());
        RowBlocks taps = VectorKernels.tapBlocks(kh, kw, c, win.rowLen());
        Parallel.forRange(is.dim(0), (b0, b1) -> forEachImage(win, x, b0, b1, (b, data, off) ->
                VectorKernels.convolveImage(data, off, pixels, taps, w, f, y, b * oh * ow * f)));
        return Tensor.wrap(out, yb);
    }

    static Tensor conv2dBackpropInput(Tensor grad, Tensor filter, int pt, int pl, Shape inputShape) {
        Shape gs = grad.shape();
        Shape fs = filter.shape();
        int kh = fs.dim(0);
        int kw = fs.dim(1);
        int c = fs.dim(2);
        int f = fs.dim(3);
        int h = inputShape.dim(1);
        int w = inputShape.dim(2);
        Window win = Window.of(gs.dim(1), gs.dim(2), f, kh - 1 - pt, kw - 1 - pl, h, w, kh, kw);
        float[] g = f32(grad);
        float[] wr = rotated(f32(filter), kh, kw, c, f);
        HostBuffer.F32 dxb = (HostBuffer.F32) HostBuffer.allocateForOverwrite(DType.FLOAT32, inputShape.size());
        float[] dx = dxb.a;
        RowBlocks pixels = VectorKernels.pixelBlocks(h, w, f, win.rowLen());
        RowBlocks taps = VectorKernels.tapBlocks(kh, kw, f, win.rowLen());
        Parallel.forRange(inputShape.dim(0), (b0, b1) -> forEachImage(win, g, b0, b1, (b, data, off) ->
                VectorKernels.convolveImage(data, off, pixels, taps, wr, c, dx, b * h * w * c)));
        return Tensor.wrap(inputShape, dxb);
    }

    /** {@code Wr[i', j', u, ch] = W[kh - 1 - i', kw - 1 - j', ch, u]}: the filter of the input gradient. */
    private static float[] rotated(float[] w, int kh, int kw, int c, int f) {
        float[] r = new float[w.length];
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                int src = ((kh - 1 - i) * kw + kw - 1 - j) * c * f;
                int dst = (i * kw + j) * f * c;
                for (int ch = 0; ch < c; ch++) {
                    for (int u = 0; u < f; u++) r[dst + u * c + ch] = w[src + ch * f + u];
                }
            }
        }
        return r;
    }

    static Tensor conv2dBackpropFilter(Tensor input, Tensor grad, int pt, int pl, Shape filterShape) {
        Shape is = input.shape();
        Shape gs = grad.shape();
        int n = is.dim(0);
        int kh = filterShape.dim(0);
        int kw = filterShape.dim(1);
        int c = filterShape.dim(2);
        int f = filterShape.dim(3);
        int oh = gs.dim(1);
        int ow = gs.dim(2);
        Window win = Window.of(is.dim(1), is.dim(2), c, pt, pl, oh, ow, kh, kw);
        float[] x = f32(input);
        float[] g = f32(grad);
        int parts = Math.max(1, Math.min(n, ConvKernels.FILTER_PARTIALS));
        // Zeroed partial sums from the host pool, taken here on the op's thread (the pool belongs to its scope).
        // The first partial sum becomes the result.
        HostBuffer.F32 result = (HostBuffer.F32) HostBuffer.allocate(DType.FLOAT32, filterShape.size());
        float[][] partial = new float[parts][];
        partial[0] = result.a;
        for (int q = 1; q < parts; q++) partial[q] = ((HostBuffer.F32) HostBuffer.allocate(DType.FLOAT32, filterShape.size())).a;
        RowBlocks taps = VectorKernels.tapBlocks(kh, kw, c, win.rowLen());
        RowBlocks pixels = VectorKernels.pixelBlocks(oh, ow, c, win.rowLen());
        Parallel.forRange(parts, (q0, q1) -> {
            for (int q = q0; q < q1; q++) {
                float[] dw = partial[q];
                forEachImage(win, x, n * q / parts, n * (q + 1) / parts, (b, data, off) ->
                        VectorKernels.addFilterGradient(data, off, taps, pixels, g, b * oh * ow * f, f, dw));
            }
        });
        float[] sum = partial[0];
        for (int q = 1; q < parts; q++) {
            float[] p = partial[q];
            for (int u = 0; u < sum.length; u++) sum[u] += p[u];
        }
        return Tensor.wrap(filterShape, result);
    }
}
