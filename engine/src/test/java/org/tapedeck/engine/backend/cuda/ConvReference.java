package org.tapedeck.engine.backend.cuda;

import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.backend.cpu.CpuBackend;
import org.tapedeck.engine.errors.UnimplementedException;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Convolution and max pooling written straight from Backend's Javadoc, scattering from each
 * output position (the kernels gather into each output instead), in double. The CPU backend is
 * the reference where it implements these; this is the one used where it does not yet.
 */
final class ConvReference {
    private ConvReference() {}

    /** The CPU backend's result, or this reference's where the CPU throws UnimplementedException. */
    static Tensor cpuOr(java.util.function.Supplier<Tensor> cpu, java.util.function.Supplier<Tensor> reference) {
        try {
            return cpu.get();
        } catch (UnimplementedException e) {
            return reference.get();
        }
    }

    static Tensor conv2d(Tensor x, Tensor w, int sh, int sw, int pt, int pl, Shape out) {
        return cpuOr(() -> CpuBackend.INSTANCE.conv2d(x, w, sh, sw, pt, pl, out), () -> {
            int[] d = x.shape().dims();
            int[] k = w.shape().dims();
            int[] o = out.dims();
            double[] xv = x.toDoubleArray();
            double[] wv = w.toDoubleArray();
            double[] y = new double[out.size()];
            forEachTap(d, k, o, sh, sw, pt, pl, (yi, xi, wi) -> y[yi] += xv[xi] * wv[wi]);
            return wrap(x, out, y);
        });
    }

    static Tensor conv2dBackpropInput(Tensor dy, Tensor w, int sh, int sw, int pt, int pl, Shape inputShape) {
        return cpuOr(() -> CpuBackend.INSTANCE.conv2dBackpropInput(dy, w, sh, sw, pt, pl, inputShape), () -> {
            double[] g = dy.toDoubleArray();
            double[] wv = w.toDoubleArray();
            double[] dx = new double[inputShape.size()];
            forEachTap(inputShape.dims(), w.shape().dims(), dy.shape().dims(), sh, sw, pt, pl, (yi, xi, wi) -> dx[xi] += g[yi] * wv[wi]);
            return wrap(dy, inputShape, dx);
        });
    }

    static Tensor conv2dBackpropFilter(Tensor x, Tensor dy, int sh, int sw, int pt, int pl, Shape filterShape) {
        return cpuOr(() -> CpuBackend.INSTANCE.conv2dBackpropFilter(x, dy, sh, sw, pt, pl, filterShape), () -> {
            double[] g = dy.toDoubleArray();
            double[] xv = x.toDoubleArray();
            double[] dw = new double[filterShape.size()];
            forEachTap(x.shape().dims(), filterShape.dims(), dy.shape().dims(), sh, sw, pt, pl, (yi, xi, wi) -> dw[wi] += g[yi] * xv[xi]);
            return wrap(x, filterShape, dw);
        });
    }

    private interface Tap {
        void at(int yIndex, int xIndex, int wIndex);
    }

    /** Every (output, input, filter) triple that the convolution multiplies, padding skipped. */
    private static void forEachTap(int[] d, int[] k, int[] o, int sh, int sw, int pt, int pl, Tap tap) {
        int n = d[0], h = d[1], wd = d[2], c = d[3], kh = k[0], kw = k[1], f = k[3], oh = o[1], ow = o[2];
        for (int b = 0; b < n; b++)
            for (int y = 0; y < oh; y++)
                for (int x = 0; x < ow; x++)
                    for (int i = 0; i < kh; i++)
                        for (int j = 0; j < kw; j++) {
                            int r = y * sh - pt + i;
                            int s = x * sw - pl + j;
                            if (r < 0 || r >= h || s < 0 || s >= wd) continue;
                            for (int ci = 0; ci < c; ci++)
                                for (int fi = 0; fi < f; fi++) {
                                    tap.at(((b * oh + y) * ow + x) * f + fi, ((b * h + r) * wd + s) * c + ci, ((i * kw + j) * c + ci) * f + fi);
                                }
                        }
    }

    static Tensor maxPool(Tensor x, int ph, int pw, int sh, int sw, int pt, int pl, Shape out) {
        return cpuOr(() -> CpuBackend.INSTANCE.maxPool(x, ph, pw, sh, sw, pt, pl, out), () -> {
            double[] xv = x.toDoubleArray();
            int[][] win = winners(x, ph, pw, sh, sw, pt, pl, out);
            double[] y = new double[out.size()];
            for (int i = 0; i < y.length; i++) y[i] = win[i][0] < 0 ? Double.NEGATIVE_INFINITY : xv[win[i][0]];
            return wrap(x, out, y);
        });
    }

    static Tensor maxPoolGrad(Tensor x, Tensor dy, int ph, int pw, int sh, int sw, int pt, int pl) {
        return cpuOr(() -> CpuBackend.INSTANCE.maxPoolGrad(x, dy, ph, pw, sh, sw, pt, pl), () -> {
            int[][] win = winners(x, ph, pw, sh, sw, pt, pl, dy.shape());
            double[] g = dy.toDoubleArray();
            double[] dx = new double[x.size()];
            for (int i = 0; i < g.length; i++) if (win[i][0] >= 0) dx[win[i][0]] += g[i];
            return wrap(x, x.shape(), dx);
        });
    }

    /** For each output of a max pool, the flat input index of its window's winner (-1: all padding). */
    private static int[][] winners(Tensor x, int ph, int pw, int sh, int sw, int pt, int pl, Shape out) {
        int[] d = x.shape().dims();
        int[] o = out.dims();
        double[] xv = x.toDoubleArray();
        int[][] win = new int[out.size()][1];
        for (int b = 0; b < d[0]; b++)
            for (int y = 0; y < o[1]; y++)
                for (int z = 0; z < o[2]; z++)
                    for (int c = 0; c < d[3]; c++) {
                        int best = -1;
                        for (int i = 0; i < ph; i++)
                            for (int j = 0; j < pw; j++) {
                                int r = y * sh - pt + i;
                                int s = z * sw - pl + j;
                                if (r < 0 || r >= d[1] || s < 0 || s >= d[2]) continue;
                                int at = ((b * d[1] + r) * d[2] + s) * d[3] + c;
                                double v = xv[at];
                                if (best < 0 || v > xv[best] || (Double.isNaN(v) && !Double.isNaN(xv[best]))) best = at;
                            }
                        win[((b * o[1] + y) * o[2] + z) * d[3] + c][0] = best;
                    }
        return win;
    }

    private static Tensor wrap(Tensor like, Shape shape, double[] values) {
        HostBuffer h = HostBuffer.allocate(like.dtype(), values.length);
        for (int i = 0; i < values.length; i++) h.setDouble(i, values[i]);
        return Tensor.wrap(shape, h);
    }
}
