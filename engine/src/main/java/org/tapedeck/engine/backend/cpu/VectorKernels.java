package org.tapedeck.engine.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked float32 inner loops of {@link DirectConv}, on 256-bit vectors of the
 * Vector API: a VALID, stride-1 convolution of one image and the filter gradient of one image.
 * This is the only class that names Vector API types; it is loaded only when {@link CpuSimd} has
 * found the incubator module (see there).
 *
 * <p>Both loops are outer products: 12 accumulators (6 rows by 2 vectors of 8 channels) stay in
 * registers while the reduction runs; each step loads two vectors, broadcasts six scalars and does
 * twelve fused multiply-adds. With 16 vector registers that leaves room for the two loaded vectors
 * and one broadcast. NOTE: a block that runs past the end (of an output row, or of the filter's
 * taps) repeats its last row instead of branching in the loop: the repeats are computed and not
 * stored, so every block has exactly six rows and the loops keep one shape.
 *
 * <p>NOTE: the six scalars are read with {@link UncheckedFloats} after one range check of the
 * whole offset tables: with a bounds check per read (the JIT cannot hoist checks of indices taken
 * from a table) the loops ran at half the speed.
 *
 * <p>NOTE: each reduction is one flat loop over a table of offsets ({@link #tapOffsets},
 * {@link #pixelOffsets}), not nested loops over window rows or image rows. JDK 17's C2 keeps
 * vectors in registers only while they are carried around a single loop; accumulators carried
 * through nested loops are boxed into heap objects at every step (measured 1.8 GFLOP/s and a
 * garbage collection every few milliseconds, against 20+ for the flat loop).
 *
 * <pre>{@code
 * // y (24 x 24 x 16) = x (26 x 26 x 16) convolved with w (3 x 3 x 16 x 16), VALID
 * int[] pixels = VectorKernels.pixelOffsets(24, 24, 16, 26 * 16);
 * int[] taps = VectorKernels.tapOffsets(3, 3, 16, 26 * 16);
 * VectorKernels.convolveImage(x, 0, pixels, taps, w, 16, y, 0);
 * }</pre>
 */
final class VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int LANES = 8;

    /** Channels per block: two vectors. Callers need a multiple of this. */
    static final int BLOCK_CHANNELS = 2 * LANES;

    /** Rows per block: output pixels (convolution) or filter taps (filter gradient). */
    private static final int ROWS = 6;

    private VectorKernels() {}

    /** Whether this CPU runs 256-bit float vectors natively (else the Vector API would emulate them slowly). */
    static boolean fastOnThisCpu() {
        return S.length() == LANES && FloatVector.SPECIES_PREFERRED.vectorBitSize() >= S.vectorBitSize();
    }

    static String describe() { return S.vectorBitSize() + "-bit vectors of " + S.length() + " floats"; }

    /**
     * One image's VALID, stride-1 convolution:
     * {@code out[outOff + p*f + u] = sum_k in[inOff + pixels[p] + taps[k]] * w[k*f + u]} for output
     * pixels {@code p = oy*ow + ox < oh*ow} and {@code u < f}, with
     * {@code pixels = pixelOffsets(oh, ow, c, rowLen)} and {@code taps = tapOffsets(kh, kw, c, rowLen)}
     * for an HWIO filter {@code w} of {@code kh x kw x c x f}. NOTE: blocks of six pixels run on
     * across the ends of output rows (each pixel has its own offset), so only the image's last block
     * can be short. {@code f} must be a multiple of {@link #BLOCK_CHANNELS}; the input rows must
     * hold {@code ow + kw - 1} pixels of {@code c} channels ({@code rowLen} may be longer).
     */
    static void convolveImage(float[] in, int inOff, int[] pixels, int[] taps, float[] w, int f, float[] out, int outOff) {
        UncheckedFloats.checkRange(in, inOff, pixels, taps);
        int last = pixels.length - 1;
        for (int p0 = 0; p0 < pixels.length; p0 += ROWS) {
            int a0 = inOff + pixels[p0];
            int a1 = inOff + pixels[Math.min(p0 + 1, last)];
            int a2 = inOff + pixels[Math.min(p0 + 2, last)];
            int a3 = inOff + pixels[Math.min(p0 + 3, last)];
            int a4 = inOff + pixels[Math.min(p0 + 4, last)];
            int a5 = inOff + pixels[Math.min(p0 + 5, last)];
            int valid = Math.min(ROWS, pixels.length - p0);
            for (int fb = 0; fb < f; fb += BLOCK_CHANNELS) {
                FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00;
                FloatVector s30 = s00, s31 = s00, s40 = s00, s41 = s00, s50 = s00, s51 = s00;
                for (int k = 0; k < taps.length; k++) {
                    int wk = k * f + fb;
                    FloatVector w0 = FloatVector.fromArray(S, w, wk);
                    FloatVector w1 = FloatVector.fromArray(S, w, wk + LANES);
                    int q = taps[k];
                    FloatVector v = FloatVector.broadcast(S, UncheckedFloats.get(in, a0 + q));
                    s00 = v.fma(w0, s00);
                    s01 = v.fma(w1, s01);
                    v = FloatVector.broadcast(S, UncheckedFloats.get(in, a1 + q));
                    s10 = v.fma(w0, s10);
                    s11 = v.fma(w1, s11);
                    v = FloatVector.broadcast(S, UncheckedFloats.get(in, a2 + q));
                    s20 = v.fma(w0, s20);
                    s21 = v.fma(w1, s21);
                    v = FloatVector.broadcast(S, UncheckedFloats.get(in, a3 + q));
                    s30 = v.fma(w0, s30);
                    s31 = v.fma(w1, s31);
                    v = FloatVector.broadcast(S, UncheckedFloats.get(in, a4 + q));
                    s40 = v.fma(w0, s40);
                    s41 = v.fma(w1, s41);
                    v = FloatVector.broadcast(S, UncheckedFloats.get(in, a5 + q));
                    s50 = v.fma(w0, s50);
                    s51 = v.fma(w1, s51);
                }
                int o = outOff + p0 * f + fb;
                s00.intoArray(out, o);
                s01.intoArray(out, o + LANES);
                if (valid > 1) { s10.intoArray(out, o + f); s11.intoArray(out, o + f + LANES); }
                if (valid > 2) { s20.intoArray(out, o + 2 * f); s21.intoArray(out, o + 2 * f + LANES); }
                if (valid > 3) { s30.intoArray(out, o + 3 * f); s31.intoArray(out, o + 3 * f + LANES); }
                if (valid > 4) { s40.intoArray(out, o + 4 * f); s41.intoArray(out, o + 4 * f + LANES); }
                if (valid > 5) { s50.intoArray(out, o + 5 * f); s51.intoArray(out, o + 5 * f + LANES); }
            }
        }
    }

    /**
     * Adds one image's filter gradient of a VALID, stride-1 convolution:
     * {@code dw[k*f + u] += sum_p in[inOff + pixels[p] + taps[k]] * g[gOff + p*f + u]} over the
     * output pixels {@code p < oh*ow}, with {@code taps = tapOffsets(kh, kw, c, rowLen)} and
     * {@code pixels = pixelOffsets(oh, ow, c, rowLen)}. Same layout rules as
     * {@link #convolveImage}, with {@code f} the gradient's channels.
     */
    static void addFilterGradient(float[] in, int inOff, int[] taps, int[] pixels, float[] g, int gOff, int f, float[] dw) {
        UncheckedFloats.checkRange(in, inOff, pixels, taps);
        int last = taps.length - 1;
        for (int k0 = 0; k0 < taps.length; k0 += ROWS) {
            int o0 = taps[k0];
            int o1 = taps[Math.min(k0 + 1, last)];
            int o2 = taps[Math.min(k0 + 2, last)];
            int o3 = taps[Math.min(k0 + 3, last)];
            int o4 = taps[Math.min(k0 + 4, last)];
            int o5 = taps[Math.min(k0 + 5, last)];
            int valid = Math.min(ROWS, taps.length - k0);
            for (int fb = 0; fb < f; fb += BLOCK_CHANNELS) {
                FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00;
                FloatVector s30 = s00, s31 = s00, s40 = s00, s41 = s00, s50 = s00, s51 = s00;
                for (int p = 0; p < pixels.length; p++) {
                    int gi = gOff + p * f + fb;
                    FloatVector g0 = FloatVector.fromArray(S, g, gi);
                    FloatVector g1 = FloatVector.fromArray(S, g, gi + LANES);
                    int a = inOff + pixels[p];
                    FloatVector v = FloatVector.broadcast(S, UncheckedFloats.get(in, a + o0));
                    s00 = v.fma(g0, s00);
                    s01 = v.fma(g1, s01);
                    v = FloatVector.broadcast(S, UncheckedFloats.get(in, a + o1));
                    s10 = v.fma(g0, s10);
                    s11 = v.fma(g1, s11);
                    v = FloatVector.broadcast(S, UncheckedFloats.get(in, a + o2));
                    s20 = v.fma(g0, s20);
                    s21 = v.fma(g1, s21);
                    v = FloatVector.broadcast(S, UncheckedFloats.get(in, a + o3));
                    s30 = v.fma(g0, s30);
                    s31 = v.fma(g1, s31);
                    v = FloatVector.broadcast(S, UncheckedFloats.get(in, a + o4));
                    s40 = v.fma(g0, s40);
                    s41 = v.fma(g1, s41);
                    v = FloatVector.broadcast(S, UncheckedFloats.get(in, a + o5));
                    s50 = v.fma(g0, s50);
                    s51 = v.fma(g1, s51);
                }
                int d = k0 * f + fb;
                addInto(dw, d, s00, s01);
                if (valid > 1) addInto(dw, d + f, s10, s11);
                if (valid > 2) addInto(dw, d + 2 * f, s20, s21);
                if (valid > 3) addInto(dw, d + 3 * f, s30, s31);
                if (valid > 4) addInto(dw, d + 4 * f, s40, s41);
                if (valid > 5) addInto(dw, d + 5 * f, s50, s51);
            }
        }
    }

    /**
     * Where each tap {@code k = (i*kw + j)*c + ch} of a window sits relative to the window's first
     * input, in rows of {@code rowLen}: {@code i*rowLen + j*c + ch}.
     */
    static int[] tapOffsets(int kh, int kw, int c, int rowLen) {
        int run = kw * c;
        int[] taps = new int[kh * run];
        for (int k = 0; k < taps.length; k++) taps[k] = k / run * rowLen + k % run;
        return taps;
    }

    /** Where each output pixel {@code p = oy*ow + ox}'s window starts, in rows of {@code rowLen}: {@code oy*rowLen + ox*c}. */
    static int[] pixelOffsets(int oh, int ow, int c, int rowLen) {
        int[] pixels = new int[oh * ow];
        for (int p = 0; p < pixels.length; p++) pixels[p] = p / ow * rowLen + p % ow * c;
        return pixels;
    }

    private static void addInto(float[] dw, int at, FloatVector lo, FloatVector hi) {
        FloatVector.fromArray(S, dw, at).add(lo).intoArray(dw, at);
        FloatVector.fromArray(S, dw, at + LANES).add(hi).intoArray(dw, at + LANES);
    }
}
