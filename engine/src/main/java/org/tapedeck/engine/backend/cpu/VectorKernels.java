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
 * <pre>{@code
 * // y (24 x 24 x 16) = x (26 x 26 x 16) convolved with w (3 x 3 x 16 x 16), VALID
 * VectorKernels.convolveImage(x, 0, 26 * 16, 16, w, 3, 3, 16, y, 0, 24, 24);
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
     * {@code out[outOff + (oy*ow + ox)*f + u] = sum_{i < kh, t < kw*c} in[inOff + (oy + i)*rowLen + ox*c + t] * w[(i*kw*c + t)*f + u]}
     * for {@code oy < oh, ox < ow, u < f}. NOTE: with HWIO filters and NHWC rows, tap row i of a
     * window is the {@code kw*c} consecutive inputs from {@code (oy + i)*rowLen + ox*c}, and the
     * filter rows it meets are consecutive too; neighbouring pixels start {@code c} apart.
     * {@code f} must be a multiple of {@link #BLOCK_CHANNELS}; the input rows must hold
     * {@code ow + kw - 1} pixels of {@code c} channels ({@code rowLen} may be longer).
     */
    static void convolveImage(float[] in, int inOff, int rowLen, int c, float[] w, int kh, int kw, int f,
                              float[] out, int outOff, int oh, int ow) {
        int run = kw * c;
        int last = ow - 1;
        for (int oy = 0; oy < oh; oy++) {
            int rowIn = inOff + oy * rowLen;
            int rowOut = outOff + oy * ow * f;
            for (int x0 = 0; x0 < ow; x0 += ROWS) {
                int a0 = rowIn + x0 * c;
                int a1 = rowIn + Math.min(x0 + 1, last) * c;
                int a2 = rowIn + Math.min(x0 + 2, last) * c;
                int a3 = rowIn + Math.min(x0 + 3, last) * c;
                int a4 = rowIn + Math.min(x0 + 4, last) * c;
                int a5 = rowIn + Math.min(x0 + 5, last) * c;
                int valid = Math.min(ROWS, ow - x0);
                for (int fb = 0; fb < f; fb += BLOCK_CHANNELS) {
                    FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00;
                    FloatVector s30 = s00, s31 = s00, s40 = s00, s41 = s00, s50 = s00, s51 = s00;
                    for (int i = 0; i < kh; i++) {
                        int di = i * rowLen;
                        int wi = i * run * f + fb;
                        for (int t = 0; t < run; t++) {
                            int wk = wi + t * f;
                            FloatVector w0 = FloatVector.fromArray(S, w, wk);
                            FloatVector w1 = FloatVector.fromArray(S, w, wk + LANES);
                            int q = di + t;
                            FloatVector v = FloatVector.broadcast(S, in[a0 + q]);
                            s00 = v.fma(w0, s00);
                            s01 = v.fma(w1, s01);
                            v = FloatVector.broadcast(S, in[a1 + q]);
                            s10 = v.fma(w0, s10);
                            s11 = v.fma(w1, s11);
                            v = FloatVector.broadcast(S, in[a2 + q]);
                            s20 = v.fma(w0, s20);
                            s21 = v.fma(w1, s21);
                            v = FloatVector.broadcast(S, in[a3 + q]);
                            s30 = v.fma(w0, s30);
                            s31 = v.fma(w1, s31);
                            v = FloatVector.broadcast(S, in[a4 + q]);
                            s40 = v.fma(w0, s40);
                            s41 = v.fma(w1, s41);
                            v = FloatVector.broadcast(S, in[a5 + q]);
                            s50 = v.fma(w0, s50);
                            s51 = v.fma(w1, s51);
                        }
                    }
                    int o = rowOut + x0 * f + fb;
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
    }

    /**
     * Adds one image's filter gradient of a VALID, stride-1 convolution:
     * {@code dw[k*f + u] += sum_{oy < oh, ox < ow} in[inOff + oy*rowLen + ox*c + off(k)] * g[gOff + (oy*ow + ox)*f + u]}
     * for taps {@code k < kh*kw*c}, where {@code off(k) = (k / (kw*c))*rowLen + k % (kw*c)} is where
     * tap k of a window sits relative to the window's first input. Same layout rules as
     * {@link #convolveImage}, with {@code f} the gradient's channels.
     */
    static void addFilterGradient(float[] in, int inOff, int rowLen, int c, float[] g, int gOff, int oh, int ow,
                                  int kh, int kw, int f, float[] dw) {
        int run = kw * c;
        int taps = kh * run;
        for (int k0 = 0; k0 < taps; k0 += ROWS) {
            int o0 = tapOffset(k0, taps, run, rowLen);
            int o1 = tapOffset(k0 + 1, taps, run, rowLen);
            int o2 = tapOffset(k0 + 2, taps, run, rowLen);
            int o3 = tapOffset(k0 + 3, taps, run, rowLen);
            int o4 = tapOffset(k0 + 4, taps, run, rowLen);
            int o5 = tapOffset(k0 + 5, taps, run, rowLen);
            int valid = Math.min(ROWS, taps - k0);
            for (int fb = 0; fb < f; fb += BLOCK_CHANNELS) {
                FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00;
                FloatVector s30 = s00, s31 = s00, s40 = s00, s41 = s00, s50 = s00, s51 = s00;
                for (int oy = 0; oy < oh; oy++) {
                    int rowIn = inOff + oy * rowLen;
                    int rowG = gOff + oy * ow * f + fb;
                    for (int ox = 0; ox < ow; ox++) {
                        int gi = rowG + ox * f;
                        FloatVector g0 = FloatVector.fromArray(S, g, gi);
                        FloatVector g1 = FloatVector.fromArray(S, g, gi + LANES);
                        int a = rowIn + ox * c;
                        FloatVector v = FloatVector.broadcast(S, in[a + o0]);
                        s00 = v.fma(g0, s00);
                        s01 = v.fma(g1, s01);
                        v = FloatVector.broadcast(S, in[a + o1]);
                        s10 = v.fma(g0, s10);
                        s11 = v.fma(g1, s11);
                        v = FloatVector.broadcast(S, in[a + o2]);
                        s20 = v.fma(g0, s20);
                        s21 = v.fma(g1, s21);
                        v = FloatVector.broadcast(S, in[a + o3]);
                        s30 = v.fma(g0, s30);
                        s31 = v.fma(g1, s31);
                        v = FloatVector.broadcast(S, in[a + o4]);
                        s40 = v.fma(g0, s40);
                        s41 = v.fma(g1, s41);
                        v = FloatVector.broadcast(S, in[a + o5]);
                        s50 = v.fma(g0, s50);
                        s51 = v.fma(g1, s51);
                    }
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

    /** Where tap {@code k} (the last tap for {@code k >= taps}) sits relative to a window's first input. */
    private static int tapOffset(int k, int taps, int run, int rowLen) {
        int t = Math.min(k, taps - 1);
        return t / run * rowLen + t % run;
    }

    private static void addInto(float[] dw, int at, FloatVector lo, FloatVector hi) {
        FloatVector.fromArray(S, dw, at).add(lo).intoArray(dw, at);
        FloatVector.fromArray(S, dw, at + LANES).add(hi).intoArray(dw, at + LANES);
    }
}
