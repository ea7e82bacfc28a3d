package org.tapedeck.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.ops.ConvOps;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The SIMD convolutions ({@link DirectConv} on {@link VectorKernels}) against the pure-Java path in
 * float32 and in float64, on shapes chosen to hit their edges: 16 and 32 channels, 1, 3 and 16
 * input channels, rows that do not fill a block of six pixels, fewer taps than a block, SAME
 * borders (even and odd windows), batches of 1 and 7, and strided or 8-channel convolutions, which
 * must fall back to the pure-Java path; and the uniform blocks of {@link RowBlocks} (16 and 32
 * channels, output rows a multiple of six pixels wide and not, SAME and VALID, batches of 1 and 7;
 * {@link UniformBlocksTest} checks which of them take which loop). The filter gradient must not
 * depend on the thread count.
 */
class SimdConvTest {
    private final int savedThreads = Parallel.threads();
    private final boolean savedSimd = CpuSimd.enabled();

    @BeforeEach
    void needsSimd() { assumeTrue(CpuSimd.available(), "SIMD is " + CpuSimd.describe()); }

    @AfterEach
    void restore() {
        Parallel.setThreads(savedThreads);
        CpuSimd.setEnabled(savedSimd);
    }

    /** One convolution: batch, input, filter, strides, padding. */
    record Conv(String name, int n, int h, int w, int c, int kh, int kw, int f, int stride, String padding) {
        @Override public String toString() { return name; }

        int oh() { return ConvOps.outputSize(h, kh, stride, padding); }

        int ow() { return ConvOps.outputSize(w, kw, stride, padding); }

        int pad(int in, int k, int out) { return padding.equals("VALID") ? 0 : Math.max((out - 1) * stride + k - in, 0) / 2; }
    }

    static Stream<Conv> cases() {
        return Stream.of(
            new Conv("tutorial_layer1", 2, 28, 28, 1, 3, 3, 16, 1, "VALID"),
            new Conv("tutorial_layer2", 2, 26, 26, 16, 3, 3, 16, 1, "VALID"),
            new Conv("c3_f32_batch7_same", 7, 11, 13, 3, 3, 3, 32, 1, "SAME"),
            new Conv("c16_f32_same_even_window", 1, 9, 10, 16, 4, 2, 32, 1, "SAME"),
            new Conv("c1_f16_narrow_rows", 3, 6, 4, 1, 3, 3, 16, 1, "VALID"),
            new Conv("c3_pointwise_fewer_taps_than_a_block", 2, 5, 7, 3, 1, 1, 16, 1, "VALID"),
            new Conv("c16_f16_window_wider_than_image_same", 1, 3, 2, 16, 5, 5, 16, 1, "SAME"),
            new Conv("c16_f32_5x5_valid_batch1", 1, 17, 15, 16, 5, 5, 32, 1, "VALID"),
            // The uniform blocks (RowBlocks): six neighbouring pixels at 16 channels, six neighbouring taps.
            new Conv("uniform_c16_f16_ow12_valid_batch7", 7, 14, 14, 16, 3, 3, 16, 1, "VALID"),
            new Conv("uniform_c16_f32_ow13_same_batch1", 1, 13, 13, 16, 3, 3, 32, 1, "SAME"),
            new Conv("uniform_c32_f16_ow18_same_batch7", 7, 18, 18, 32, 3, 3, 16, 1, "SAME"),
            new Conv("uniform_c32_f32_ow10_valid_batch1", 1, 12, 12, 32, 3, 3, 32, 1, "VALID"),
            new Conv("strided_falls_back", 7, 12, 12, 3, 3, 3, 16, 2, "SAME"),
            new Conv("f8_falls_back", 2, 8, 8, 16, 3, 3, 8, 1, "VALID"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void simdMatchesScalarAndFloat64(Conv c) {
        Random r = new Random(c.name().hashCode());
        Tensor x = normal(r, c.n, c.h, c.w, c.c);
        Tensor w = normal(r, c.kh, c.kw, c.c, c.f);
        Tensor g = normal(r, c.n, c.oh(), c.ow(), c.f);
        boolean forwardOnSimd = c.stride == 1 && c.f % 16 == 0;
        assertEquals(forwardOnSimd, DirectConv.handles(DType.FLOAT32, c.stride, c.stride, c.f), "forward takes the SIMD path");
        assertEquals(c.stride == 1 && c.c % 16 == 0, DirectConv.handles(DType.FLOAT32, c.stride, c.stride, c.c),
                "input gradient takes the SIMD path");
        assertEquals(false, DirectConv.handles(DType.FLOAT64, c.stride, c.stride, c.f), "float64 never takes the SIMD path");

        CpuSimd.setEnabled(false);
        Tensor[] exact = run(c, cast(x, DType.FLOAT64), cast(w, DType.FLOAT64), cast(g, DType.FLOAT64));
        Tensor[] scalar = run(c, x, w, g);
        CpuSimd.setEnabled(true);
        String[] what = {"output", "input gradient", "filter gradient"};
        float[] firstFilterGrad = null;
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            Tensor[] simd = run(c, x, w, g);
            for (int i = 0; i < 3; i++) {
                String at = c + " on " + threads + " threads, " + what[i];
                assertEquals(DType.FLOAT32, simd[i].dtype(), at + " dtype");
                assertEquals(exact[i].shape(), simd[i].shape(), at + " shape");
                assertClose(exact[i], simd[i], at + " against float64");
                assertClose(scalar[i], simd[i], at + " against the pure-Java float32 path");
            }
            float[] filterGrad = simd[2].toFloatArray();
            if (firstFilterGrad == null) firstFilterGrad = filterGrad;
            else assertArrayEquals(firstFilterGrad, filterGrad, c + ": the filter gradient changed with the number of threads");
        }
    }

    /** Output, input gradient and filter gradient of {@code c} on the current path. */
    private static Tensor[] run(Conv c, Tensor x, Tensor w, Tensor g) {
        CpuBackend cpu = CpuBackend.INSTANCE;
        int pt = c.pad(c.h, c.kh, c.oh());
        int pl = c.pad(c.w, c.kw, c.ow());
        return new Tensor[] {
            cpu.conv2d(x, w, c.stride, c.stride, pt, pl, Shape.of(c.n, c.oh(), c.ow(), c.f)),
            cpu.conv2dBackpropInput(g, w, c.stride, c.stride, pt, pl, x.shape()),
            cpu.conv2dBackpropFilter(x, g, c.stride, c.stride, pt, pl, w.shape()),
        };
    }

    private static Tensor normal(Random r, int... shape) {
        float[] v = new float[Shape.of(shape).size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return TF.constant(v, Shape.of(shape));
    }

    private static Tensor cast(Tensor t, DType d) { return TF.cast(t, d); }

    /** Element by element within float32 rounding of sums of a few hundred products of unit normals. */
    private static void assertClose(Tensor expected, Tensor actual, String what) {
        double[] e = TF.cast(expected, DType.FLOAT64).toDoubleArray();
        double[] a = TF.cast(actual, DType.FLOAT64).toDoubleArray();
        assertEquals(e.length, a.length, what + " size");
        for (int i = 0; i < a.length; i++) {
            double tol = 2e-5 * Math.max(1, Math.abs(e[i])) + 1e-4;
            if (!(Math.abs(a[i] - e[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
