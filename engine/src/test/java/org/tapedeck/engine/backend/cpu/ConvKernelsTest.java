package org.tapedeck.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The im2col convolution kernels against direct loops in double, on shapes the small reference
 * cases do not reach: several pixel blocks per image, more threads than images, strides and
 * asymmetric padding together; and the filter gradient is the same whatever the number of threads.
 */
class ConvKernelsTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    /** One convolution: batch, input, filter, strides, leading padding, output. */
    record Conv(String name, int n, int h, int w, int c, int kh, int kw, int f, int sh, int sw, int pt, int pl, int oh, int ow) {
        @Override public String toString() { return name; }
    }

    static Stream<Arguments> cases() {
        Conv[] convs = {
            // the tutorial's second layer: K = 144, three blocks of pixels per image
            new Conv("16_to_16_valid", 3, 26, 26, 16, 3, 3, 16, 1, 1, 0, 0, 24, 24),
            // one channel, a large image: K = 9, two blocks per image
            new Conv("1_to_8_large", 2, 70, 66, 1, 3, 3, 8, 1, 1, 0, 0, 68, 64),
            // SAME padding (2 above, 2 below; 1 left, 1 right) with strides 2 and 3
            new Conv("strided_same", 5, 31, 29, 3, 5, 4, 6, 2, 3, 2, 1, 16, 10),
            // a single image, so most threads have nothing to do
            new Conv("one_image_padded", 1, 9, 7, 4, 3, 3, 5, 1, 1, 1, 1, 9, 7),
            // windows larger than the image: most taps fall in the padding
            new Conv("image_smaller_than_window", 2, 2, 2, 3, 3, 3, 2, 1, 1, 1, 1, 2, 2),
            // a 1x1 filter with strides, skipping rows and columns
            new Conv("pointwise_strided", 2, 7, 6, 5, 1, 1, 4, 2, 2, 0, 0, 4, 3),
            new Conv("empty_batch", 0, 5, 5, 2, 3, 3, 3, 1, 1, 0, 0, 3, 3),
        };
        return Stream.of(DType.FLOAT32, DType.FLOAT64).flatMap(d -> Stream.of(convs).map(c -> Arguments.of(c, d)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void kernelsMatchDirectLoops(Conv c, DType dtype) {
        Random r = new Random(c.name().hashCode());
        double[] x = random(r, c.n * c.h * c.w * c.c);
        double[] w = random(r, c.kh * c.kw * c.c * c.f);
        double[] g = random(r, c.n * c.oh * c.ow * c.f);
        double[][] expected = direct(c, x, w, g);
        Tensor tx = tensor(x, dtype, c.n, c.h, c.w, c.c);
        Tensor tw = tensor(w, dtype, c.kh, c.kw, c.c, c.f);
        Tensor tg = tensor(g, dtype, c.n, c.oh, c.ow, c.f);
        float[] firstFilterGrad = null;
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            CpuBackend cpu = CpuBackend.INSTANCE;
            Tensor y = cpu.conv2d(tx, tw, c.sh, c.sw, c.pt, c.pl, Shape.of(c.n, c.oh, c.ow, c.f));
            Tensor dx = cpu.conv2dBackpropInput(tg, tw, c.sh, c.sw, c.pt, c.pl, tx.shape());
            Tensor dw = cpu.conv2dBackpropFilter(tx, tg, c.sh, c.sw, c.pt, c.pl, tw.shape());
            String at = c + " " + dtype + " on " + threads + " threads: ";
            assertClose(expected[0], y, dtype, at + "output");
            assertClose(expected[1], dx, dtype, at + "input gradient");
            assertClose(expected[2], dw, dtype, at + "filter gradient");
            float[] filterGrad = TF.cast(dw, DType.FLOAT32).toFloatArray();
            if (firstFilterGrad == null) firstFilterGrad = filterGrad;
            else assertArrayEquals(firstFilterGrad, filterGrad, at + "the filter gradient changed with the number of threads");
        }
    }

    private static double[] random(Random r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextGaussian();
        return a;
    }

    private static Tensor tensor(double[] values, DType dtype, int... shape) {
        return TF.cast(TF.constant(values, Shape.of(shape)), dtype);
    }

    /** Output, input gradient and filter gradient of {@code c}, straight from the definition. */
    private static double[][] direct(Conv c, double[] x, double[] w, double[] g) {
        double[] y = new double[c.n * c.oh * c.ow * c.f];
        double[] dx = new double[x.length];
        double[] dw = new double[w.length];
        for (int b = 0; b < c.n; b++) {
            for (int oy = 0; oy < c.oh; oy++) {
                for (int ox = 0; ox < c.ow; ox++) {
                    for (int i = 0; i < c.kh; i++) {
                        for (int j = 0; j < c.kw; j++) {
                            int iy = oy * c.sh - c.pt + i;
                            int ix = ox * c.sw - c.pl + j;
                            if (iy < 0 || iy >= c.h || ix < 0 || ix >= c.w) continue;
                            for (int ch = 0; ch < c.c; ch++) {
                                int xi = ((b * c.h + iy) * c.w + ix) * c.c + ch;
                                for (int f = 0; f < c.f; f++) {
                                    int wi = ((i * c.kw + j) * c.c + ch) * c.f + f;
                                    int yi = ((b * c.oh + oy) * c.ow + ox) * c.f + f;
                                    y[yi] += x[xi] * w[wi];
                                    dx[xi] += g[yi] * w[wi];
                                    dw[wi] += g[yi] * x[xi];
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {y, dx, dw};
    }

    private static void assertClose(double[] expected, Tensor actual, DType dtype, String what) {
        assertEquals(dtype, actual.dtype(), what + " dtype");
        double[] a = TF.cast(actual, DType.FLOAT64).toDoubleArray();
        assertEquals(expected.length, a.length, what + " size");
        double scale = 0;
        for (double v : expected) scale = Math.max(scale, Math.abs(v));
        double tol = (dtype == DType.FLOAT64 ? 1e-12 : 1e-5) * Math.max(scale, 1);
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - expected[i]) > tol) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + expected[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
