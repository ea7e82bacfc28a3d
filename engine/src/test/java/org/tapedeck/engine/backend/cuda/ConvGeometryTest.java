package org.tapedeck.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The index arithmetic of conv.cu and pool.cu, run on the host loop for loop as the kernels run
 * it (each output or input element gathers what it needs), against a reference that scatters
 * from each output position instead.
 */
class ConvGeometryTest {
    private final RandomTensors random = new RandomTensors(5);

    /** A convolution case: input dims, kernel size, filters, strides and top/left padding (bottom/right derived). */
    private record Case(int n, int h, int w, int c, int kh, int kw, int f, int sh, int sw, int pt, int pl, int pb, int pr) {
        int oh() { return (h + pt + pb - kh) / sh + 1; }

        int ow() { return (w + pl + pr - kw) / sw + 1; }

        Shape input() { return Shape.of(n, h, w, c); }

        Shape filter() { return Shape.of(kh, kw, c, f); }

        Shape output() { return Shape.of(n, oh(), ow(), f); }
    }

    private static final Case[] CASES = {
        new Case(2, 7, 6, 3, 3, 3, 4, 1, 1, 0, 0, 0, 0),   // valid
        new Case(2, 7, 6, 3, 3, 3, 4, 1, 1, 1, 1, 1, 1),   // same
        new Case(1, 8, 9, 2, 3, 2, 5, 2, 2, 0, 1, 1, 0),   // same with stride 2: the odd pad after
        new Case(3, 5, 5, 1, 1, 1, 2, 3, 2, 0, 0, 0, 0),   // 1x1 with strides larger than the kernel
        new Case(1, 6, 7, 4, 4, 3, 3, 3, 1, 2, 1, 2, 1),
        new Case(2, 28, 28, 1, 3, 3, 16, 1, 1, 0, 0, 0, 0), // the tutorial's first layer
    };

    private static double[] conv2d(ConvGeometry g, double[] x, double[] w) {
        double[] y = new double[g.N * g.OH * g.OW * g.F];
        for (int e = 0; e < y.length; e++) { // conv_fwd
            int f = e % g.F;
            int t = e / g.F;
            int ow = t % g.OW;
            t /= g.OW;
            int oh = t % g.OH;
            int n = t / g.OH;
            double acc = 0;
            for (int kh = 0; kh < g.KH; kh++) {
                int ih = ConvGeometry.inputIndex(oh, kh, g.sh, g.pt);
                if (ih < 0 || ih >= g.H) continue;
                for (int kw = 0; kw < g.KW; kw++) {
                    int iw = ConvGeometry.inputIndex(ow, kw, g.sw, g.pl);
                    if (iw < 0 || iw >= g.W) continue;
                    for (int c = 0; c < g.C; c++) acc += x[((n * g.H + ih) * g.W + iw) * g.C + c] * w[((kh * g.KW + kw) * g.C + c) * g.F + f];
                }
            }
            y[e] = acc;
        }
        return y;
    }

    private static double[] backpropInput(ConvGeometry g, double[] dy, double[] w) {
        double[] dx = new double[g.N * g.H * g.W * g.C];
        for (int e = 0; e < dx.length; e++) { // conv_bwd_input
            int c = e % g.C;
            int t = e / g.C;
            int iw = t % g.W;
            t /= g.W;
            int ih = t % g.H;
            int n = t / g.H;
            double acc = 0;
            for (int kh = 0; kh < g.KH; kh++) {
                int oh = ConvGeometry.outputIndexFor(ih, kh, g.sh, g.pt, g.OH);
                if (oh < 0) continue;
                for (int kw = 0; kw < g.KW; kw++) {
                    int ow = ConvGeometry.outputIndexFor(iw, kw, g.sw, g.pl, g.OW);
                    if (ow < 0) continue;
                    for (int f = 0; f < g.F; f++) acc += dy[((n * g.OH + oh) * g.OW + ow) * g.F + f] * w[((kh * g.KW + kw) * g.C + c) * g.F + f];
                }
            }
            dx[e] = acc;
        }
        return dx;
    }

    /** conv_bwd_filter's blocks and splits, then sum_splits. */
    private static double[] backpropFilter(ConvGeometry g, double[] x, double[] dy, int splits) {
        int count = g.KH * g.KW * g.C * g.F;
        int length = g.filterReductionLength();
        int per = ConvGeometry.perSplit(length, splits);
        double[] work = new double[splits * count];
        for (int k = 0; k < g.KH * g.KW * g.C; k++) {
            int c = k % g.C;
            int kw = (k / g.C) % g.KW;
            int kh = k / (g.C * g.KW);
            for (int chunk = 0; chunk < g.filterChunks(); chunk++) {
                int f0 = chunk * ConvGeometry.FILTER_CHUNK;
                int fc = Math.min(ConvGeometry.FILTER_CHUNK, g.F - f0);
                for (int s = 0; s < splits; s++) {
                    for (int r = s * per; r < Math.min(length, (s + 1) * per); r++) {
                        int ow = r % g.OW;
                        int oh = (r / g.OW) % g.OH;
                        int n = r / (g.OW * g.OH);
                        int ih = ConvGeometry.inputIndex(oh, kh, g.sh, g.pt);
                        int iw = ConvGeometry.inputIndex(ow, kw, g.sw, g.pl);
                        if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
                        double xv = x[((n * g.H + ih) * g.W + iw) * g.C + c];
                        for (int j = 0; j < fc; j++) work[s * count + k * g.F + f0 + j] += xv * dy[r * g.F + f0 + j];
                    }
                }
            }
        }
        double[] dw = new double[count];
        for (int e = 0; e < count; e++) for (int s = 0; s < splits; s++) dw[e] += work[s * count + e];
        return dw;
    }

    @Test
    void convolutionIndexingMatchesTheDefinition() {
        for (Case k : CASES) {
            Tensor x = random.of(DType.FLOAT64, k.input());
            Tensor w = random.of(DType.FLOAT64, k.filter());
            Tensor dy = random.of(DType.FLOAT64, k.output());
            ConvGeometry g = ConvGeometry.conv(k.input(), k.filter(), k.sh(), k.sw(), k.pt(), k.pl(), k.output());
            assertArrayEquals(ConvReference.conv2d(x, w, k.sh(), k.sw(), k.pt(), k.pl(), k.output()).toDoubleArray(),
                    conv2d(g, x.toDoubleArray(), w.toDoubleArray()), 1e-12, k.toString());
            assertArrayEquals(ConvReference.conv2dBackpropInput(dy, w, k.sh(), k.sw(), k.pt(), k.pl(), k.input()).toDoubleArray(),
                    backpropInput(g, dy.toDoubleArray(), w.toDoubleArray()), 1e-12, k.toString());
            double[] expected = ConvReference.conv2dBackpropFilter(x, dy, k.sh(), k.sw(), k.pt(), k.pl(), k.filter()).toDoubleArray();
            for (int splits : new int[] {1, 2, 3, 7}) {
                assertArrayEquals(expected, backpropFilter(g, x.toDoubleArray(), dy.toDoubleArray(), splits), 1e-12, k + " in " + splits + " splits");
            }
        }
    }

    @Test
    void filterGradientSplitsFillTheGpuButStayLong() {
        // The tutorial's second layer: 144 (kh, kw, c) blocks x 1 chunk; 132 SMs want about 2 blocks each.
        ConvGeometry conv2 = ConvGeometry.conv(Shape.of(32, 26, 26, 16), Shape.of(3, 3, 16, 16), 1, 1, 0, 0, Shape.of(32, 24, 24, 16));
        assertEquals(2, conv2.filterSplits(132));
        ConvGeometry conv1 = ConvGeometry.conv(Shape.of(32, 28, 28, 1), Shape.of(3, 3, 1, 16), 1, 1, 0, 0, Shape.of(32, 26, 26, 16));
        // 9 blocks would want ceil(264 / 9) = 30 splits, but a split keeps at least 1024 of the 21632 positions.
        assertEquals(21, conv1.filterSplits(132));
        ConvGeometry tiny = ConvGeometry.conv(Shape.of(1, 4, 4, 1), Shape.of(3, 3, 1, 1), 1, 1, 0, 0, Shape.of(1, 2, 2, 1));
        assertEquals(1, tiny.filterSplits(132), "4 positions: no split");
        for (int splits : new int[] {1, 2, 21}) { // every split gets positions, the last one the rest
            int per = ConvGeometry.perSplit(21632, splits);
            assertTrue((long) per * splits >= 21632 && (long) per * (splits - 1) < 21632);
        }
    }

    @Test
    void poolingIndexingMatchesTheDefinition() {
        int[][] pools = {{2, 2, 2, 2, 0, 0}, {3, 3, 1, 1, 1, 1}, {3, 2, 2, 1, 1, 0}, {2, 3, 3, 2, 0, 1}};
        for (int[] p : pools) {
            Tensor x = random.of(DType.FLOAT64, 2, 7, 8, 3);
            int oh = (7 + p[4] + p[4] - p[0]) / p[2] + 1;
            int ow = (8 + p[5] + p[5] - p[1]) / p[3] + 1;
            Shape out = Shape.of(2, oh, ow, 3);
            ConvGeometry g = ConvGeometry.pool(x.shape(), p[0], p[1], p[2], p[3], p[4], p[5], out);
            double[] xv = x.toDoubleArray();
            double[] y = new double[out.size()];
            for (int e = 0; e < y.length; e++) y[e] = winnerValue(g, xv, e);
            assertArrayEquals(ConvReference.maxPool(x, p[0], p[1], p[2], p[3], p[4], p[5], out).toDoubleArray(), y, java.util.Arrays.toString(p));

            Tensor dy = random.of(DType.FLOAT64, out);
            double[] g2 = dy.toDoubleArray();
            double[] dx = new double[x.size()];
            for (int e = 0; e < dx.length; e++) { // pool_bwd
                int c = e % g.C;
                int t = e / g.C;
                int iw = t % g.W;
                t /= g.W;
                int ih = t % g.H;
                int n = t / g.H;
                int[] rows = ConvGeometry.windowsCovering(ih, g.KH, g.sh, g.pt, g.OH);
                int[] cols = ConvGeometry.windowsCovering(iw, g.KW, g.sw, g.pl, g.OW);
                for (int a = rows[0]; a <= rows[1]; a++) {
                    for (int b = cols[0]; b <= cols[1]; b++) {
                        int o = ((n * g.OH + a) * g.OW + b) * g.C + c;
                        if (winner(g, xv, o) == e) dx[e] += g2[o];
                    }
                }
            }
            assertArrayEquals(ConvReference.maxPoolGrad(x, dy, p[0], p[1], p[2], p[3], p[4], p[5]).toDoubleArray(), dx, 1e-12);
        }
    }

    @Test
    void windowsCoveringIsExactlyTheWindowsThatContainAnIndex() {
        for (int window = 1; window <= 4; window++)
            for (int stride = 1; stride <= 4; stride++)
                for (int pad = 0; pad < window; pad++) {
                    int len = 11;
                    int outLen = (len + 2 * pad - window) / stride + 1;
                    for (int i = 0; i < len; i++) {
                        int[] r = ConvGeometry.windowsCovering(i, window, stride, pad, outLen);
                        for (int o = 0; o < outLen; o++) {
                            boolean contains = o * stride - pad <= i && i < o * stride - pad + window;
                            assertEquals(contains, o >= r[0] && o <= r[1], "window " + window + " stride " + stride + " pad " + pad + " i " + i + " o " + o);
                        }
                    }
                }
    }

    /** window_winner: the flat input index of output e's winner, or -1. */
    private static int winner(ConvGeometry g, double[] x, int e) {
        int c = e % g.C;
        int t = e / g.C;
        int ow = t % g.OW;
        t /= g.OW;
        int oh = t % g.OH;
        int n = t / g.OH;
        int best = -1;
        for (int kh = 0; kh < g.KH; kh++) {
            int ih = ConvGeometry.inputIndex(oh, kh, g.sh, g.pt);
            if (ih < 0 || ih >= g.H) continue;
            for (int kw = 0; kw < g.KW; kw++) {
                int iw = ConvGeometry.inputIndex(ow, kw, g.sw, g.pl);
                if (iw < 0 || iw >= g.W) continue;
                int at = ((n * g.H + ih) * g.W + iw) * g.C + c;
                if (best < 0 || x[at] > x[best] || (Double.isNaN(x[at]) && !Double.isNaN(x[best]))) best = at;
            }
        }
        return best;
    }

    private static double winnerValue(ConvGeometry g, double[] x, int e) {
        int w = winner(g, x, e);
        return w < 0 ? Double.NEGATIVE_INFINITY : x[w];
    }
}
