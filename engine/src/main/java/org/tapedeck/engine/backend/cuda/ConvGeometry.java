package org.tapedeck.engine.backend.cuda;

import org.tapedeck.engine.tensor.Shape;

/**
 * The geometry of a 2-D convolution or pooling window over NHWC tensors, packed as conv.cu's
 * {@code ConvGeom} (pool.cu's {@code PoolGeom} has the same 13 ints, with the pool size as the
 * kernel size and {@code F == C}), and the index arithmetic of those kernels, so that tests can
 * check it on the host.
 *
 * <pre>{@code
 * ConvGeometry g = ConvGeometry.conv(Shape.of(32, 28, 28, 1), Shape.of(3, 3, 1, 16), 1, 1, 0, 0, Shape.of(32, 26, 26, 16));
 * ConvGeometry.inputIndex(2, 1, g.sh, g.pt);            // 3: output row 2 reads input row 3 through kernel row 1
 * ConvGeometry.outputIndexFor(5, 2, g.sh, g.pt, g.OH);   // 3: input row 5 fed output row 3 through kernel row 2
 * }</pre>
 */
final class ConvGeometry {
    static final int PACKED_INTS = 13;

    final int N, H, W, C, KH, KW, F, OH, OW, sh, sw, pt, pl;

    private ConvGeometry(int n, int h, int w, int c, int kh, int kw, int f, int oh, int ow, int sh, int sw, int pt, int pl) {
        this.N = n;
        this.H = h;
        this.W = w;
        this.C = c;
        this.KH = kh;
        this.KW = kw;
        this.F = f;
        this.OH = oh;
        this.OW = ow;
        this.sh = sh;
        this.sw = sw;
        this.pt = pt;
        this.pl = pl;
    }

    /** Input [N, H, W, C], filter [KH, KW, C, F], output [N, OH, OW, F]. */
    static ConvGeometry conv(Shape input, Shape filter,
                             int sh, int sw, int pt, int pl, Shape output) {
        int[] i = input.dims();
        int[] f = filter.dims();
        int[] o = output.dims();
        return new ConvGeometry(i[0], i[1], i[2], i[3], f[0], f[1], f[3], o[1], o[2], sh, sw, pt, pl);
    }

    /** Input [N, H, W, C] pooled by ph x pw windows into output [N, OH, OW, C]. */
    static ConvGeometry pool(Shape input, int ph, int pw, int sh, int sw, int pt, int pl,
                             Shape output) {
        int[] i = input.dims();
        int[] o = output.dims();
        return new ConvGeometry(i[0], i[1], i[2], i[3], ph, pw, i[3], o[1], o[2], sh, sw, pt, pl);
    }

    int[] pack() { return new int[] {N, H, W, C, KH, KW, F, OH, OW, sh, sw, pt, pl}; }

    /** The input row (or column) that output row {@code o} reads through kernel row {@code k}; may lie in the padding. */
    static int inputIndex(int o, int k, int stride, int pad) { return o * stride - pad + k; }

    /**
     * The output row that read input row {@code i} through kernel row {@code k}, or -1 if none:
     * {@code i + pad - k} must be a non-negative multiple of the stride, its quotient below
     * {@code outLen} (conv_bwd_input's test).
     */
    static int outputIndexFor(int i, int k, int stride, int pad, int outLen) {
        int t = i + pad - k;
        if (t < 0 || t % stride != 0) return -1;
        int o = t / stride;
        return o < outLen ? o : -1;
    }

    /**
     * The first and last window along one axis that contain input index {@code i}
     * ({@code o * stride - pad <= i < o * stride - pad + window}), clipped to {@code [0, outLen)};
     * first > last when none does. pool_bwd's bounds, integer division included.
     */
    static int[] windowsCovering(int i, int window, int stride, int pad, int outLen) {
        int lo = Math.max(0, (i + pad - window + stride) / stride);
        int hi = Math.min(outLen - 1, (i + pad) / stride);
        return new int[] {lo, hi};
    }

    // ---- the filter gradient's launch: blocks of (kh, kw, c) x 16 filters x splits of (n, oh, ow) --

    static final int FILTER_CHUNK = 16;
    static final int FILTER_THREADS = 256;

    /** Positions (n, oh, ow) every filter element sums over. */
    int filterReductionLength() { return N * OH * OW; }

    int filterChunks() { return (F + FILTER_CHUNK - 1) / FILTER_CHUNK; }

    /**
     * How many parts the sum over (n, oh, ow) is split into so that the GPU has about two blocks
     * per multiprocessor, each part at least 1024 positions long (and at most 65535 parts).
     */
    int filterSplits(int multiprocessors) {
        long blocks = (long) KH * KW * C * filterChunks();
        long wanted = Math.max(1, (2L * multiprocessors + blocks - 1) / blocks);
        long most = Math.max(1, filterReductionLength() / 1024);
        return (int) Math.min(65535, Math.min(wanted, most));
    }

    static int perSplit(int length, int splits) { return (length + splits - 1) / splits; }
}
