package org.tapedeck.engine.backend.cpu;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * and one broadcast. NOTE: in the loops over rows that do not form uniform blocks (see below), the
 * last block repeats its last row instead of branching in the loop when fewer than six are left:
 * the repeats are computed and not stored, so every block has exactly six rows and the loops keep
 * one shape.
 *
 * <p>NOTE: the six scalars are read with {@link UncheckedFloats} after one range check of the
 * whole offset tables: with a bounds check per read (the JIT cannot hoist checks of indices taken
 * from a table) the loops ran at half the speed.
 *
 * <p>NOTE: where the six rows of a block are evenly spaced ({@link RowBlocks}: six neighbouring
 * pixels of an output row, six neighbouring taps of a window row), the uniform loops read them at
 * constant displacements from one index: one table read and one address per step instead of six
 * of each, which leaves the JIT enough integer registers to keep the loop free of spills. Every
 * loop peels its first step, starting the accumulators with a product instead of
 * {@code FloatVector.zero}: C2 hoists the zero vector out of all loops as a 16th live vector and
 * then spills it, reloading and storing it on every step (a memory round trip per step; measured
 * 57 against 84 GFLOP/s on the tutorial's second convolution, one core).
 *
 * <p>NOTE: filter and gradient rows are indexed {@code k*f + fb} with the variable {@code f}, even
 * where it is always 16. With a constant stride C2 proves the vector loads in bounds, but then
 * unrolls the loop, hoists the broadcasts and spills accumulators (measured twice as slow).
 *
 * <p>NOTE: each reduction is one flat loop over a table of offsets ({@link #tapOffsets},
 * {@link #pixelOffsets}), not nested loops over window rows or image rows. JDK 17's C2 keeps
 * vectors in registers only while they are carried around a single loop; accumulators carried
 * through nested loops are boxed into heap objects at every step (measured 1.8 GFLOP/s and a
 * garbage collection every few milliseconds, against 20+ for the flat loop). For the same reason
 * no vector is passed to a helper method: these methods are so big after the Vector API's
 * intrinsics are inlined that C2 stops inlining small callees ({@code NodeCountInliningCutoff}), and
 * a call that is not inlined boxes its vector arguments (measured 340 KB per filter gradient).
 *
 * <pre>{@code
 * // y (24 x 24 x 16) = x (26 x 26 x 16) convolved with w (3 x 3 x 16 x 16), VALID
 * RowBlocks pixels = VectorKernels.pixelBlocks(24, 24, 16, 26 * 16);
 * RowBlocks taps = VectorKernels.tapBlocks(3, 3, 16, 26 * 16);
 * VectorKernels.convolveImage(x, 0, pixels, taps, w, 16, y, 0);
 * }</pre>
 */
final class VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int LANES = 8;

    /** Channels per block: two vectors. Callers need a multiple of this. */
    static final int BLOCK_CHANNELS = 2 * LANES;

    /** Rows per block: output pixels (convolution) or filter taps (filter gradient). */
    private static final int ROWS = RowBlocks.ROWS;

    /** The pixel step (input channels) of the one convolution with a uniform-block kernel: the tutorial's 16. */
    static final int UNIFORM_PIXEL_STEP = 16;

    /** Bytes between the inputs of neighbouring pixels of a uniform block, and of neighbouring taps. */
    private static final long PIXEL_BYTES = UncheckedFloats.address(UNIFORM_PIXEL_STEP) - UncheckedFloats.address(0);
    private static final long TAP_BYTES = UncheckedFloats.address(1) - UncheckedFloats.address(0);

    private VectorKernels() {}

    /** Whether this CPU runs 256-bit float vectors natively (else the Vector API would emulate them slowly). */
    static boolean fastOnThisCpu() {
        return S.length() == LANES && FloatVector.SPECIES_PREFERRED.vectorBitSize() >= S.vectorBitSize();
    }

    static String describe() { return S.vectorBitSize() + "-bit vectors of " + S.length() + " floats"; }

    /**
     * One image's VALID, stride-1 convolution:
     * {@code out[outOff + p*f + u] = sum_k in[inOff + pixels[p] + taps[k]] * w[k*f + u]} for output
     * pixels {@code p = oy*ow + ox < oh*ow} and {@code u < f}, with {@code pixels = pixelBlocks(oh,
     * ow, c, rowLen)} and {@code taps = tapBlocks(kh, kw, c, rowLen)} for an HWIO filter {@code w}
     * of {@code kh x kw x c x f}. {@code f} must be a multiple of {@link #BLOCK_CHANNELS}; the input
     * rows must hold {@code ow + kw - 1} pixels of {@code c} channels ({@code rowLen} may be longer).
     */
    static void convolveImage(float[] in, int inOff, RowBlocks pixels, RowBlocks taps, float[] w, int f, float[] out, int outOff) {
        UncheckedFloats.checkRange(in, inOff, pixels, taps);
        if (taps.size() == 0) { // an empty sum: the loops below start from the first tap
            Arrays.fill(out, outOff, outOff + pixels.size() * f, 0f);
            return;
        }
        if (pixels.uniform.length > 0) {
            if (pixels.step != UNIFORM_PIXEL_STEP) throw new IllegalStateException("no uniform kernel for " + pixels);
            convolveUniformBlocks(in, inOff, pixels.offsets, pixels.uniform, taps.offsets, w, f, out, outOff);
        }
        convolveRows(in, inOff, pixels.offsets, pixels.rest, taps.offsets, w, f, out, outOff);
    }

    /**
     * {@link #convolveImage} for blocks of six neighbouring pixels of one output row, whose inputs
     * lie {@link #UNIFORM_PIXEL_STEP} floats apart: one table read and one index per step of the
     * reduction, the six reads at constant displacements from it.
     */
    private static void convolveUniformBlocks(float[] in, int inOff, int[] px, int[] blocks, int[] taps,
                                              float[] w, int f, float[] out, int outOff) {
        for (int p0 : blocks) {
            int a = inOff + px[p0];
            for (int fb = 0; fb < f; fb += BLOCK_CHANNELS) {
                // The first tap, peeled: no zero vector (see the class comment).
                FloatVector w0 = FloatVector.fromArray(S, w, fb);
                FloatVector w1 = FloatVector.fromArray(S, w, fb + LANES);
                long q = UncheckedFloats.address(a + taps[0]);
                FloatVector v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, q));
                FloatVector s00 = v.mul(w0), s01 = v.mul(w1);
                v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, q + PIXEL_BYTES));
                FloatVector s10 = v.mul(w0), s11 = v.mul(w1);
                v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, q + 2 * PIXEL_BYTES));
                FloatVector s20 = v.mul(w0), s21 = v.mul(w1);
                v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, q + 3 * PIXEL_BYTES));
                FloatVector s30 = v.mul(w0), s31 = v.mul(w1);
                v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, q + 4 * PIXEL_BYTES));
                FloatVector s40 = v.mul(w0), s41 = v.mul(w1);
                v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, q + 5 * PIXEL_BYTES));
                FloatVector s50 = v.mul(w0), s51 = v.mul(w1);
                for (int k = 1; k < taps.length; k++) {
                    int wk = k * f + fb;
                    w0 = FloatVector.fromArray(S, w, wk);
                    w1 = FloatVector.fromArray(S, w, wk + LANES);
                    q = UncheckedFloats.address(a + taps[k]);
                    v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, q));
                    s00 = v.fma(w0, s00);
                    s01 = v.fma(w1, s01);
                    v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, q + PIXEL_BYTES));
                    s10 = v.fma(w0, s10);
                    s11 = v.fma(w1, s11);
                    v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, q + 2 * PIXEL_BYTES));
                    s20 = v.fma(w0, s20);
                    s21 = v.fma(w1, s21);
                    v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, q + 3 * PIXEL_BYTES));
                    s30 = v.fma(w0, s30);
                    s31 = v.fma(w1, s31);
                    v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, q + 4 * PIXEL_BYTES));
                    s40 = v.fma(w0, s40);
                    s41 = v.fma(w1, s41);
                    v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, q + 5 * PIXEL_BYTES));
                    s50 = v.fma(w0, s50);
                    s51 = v.fma(w1, s51);
                }
                int o = outOff + p0 * f + fb;
                s00.intoArray(out, o);
                s01.intoArray(out, o + LANES);
                s10.intoArray(out, o + f);
                s11.intoArray(out, o + f + LANES);
                s20.intoArray(out, o + 2 * f);
                s21.intoArray(out, o + 2 * f + LANES);
                s30.intoArray(out, o + 3 * f);
                s31.intoArray(out, o + 3 * f + LANES);
                s40.intoArray(out, o + 4 * f);
                s41.intoArray(out, o + 4 * f + LANES);
                s50.intoArray(out, o + 5 * f);
                s51.intoArray(out, o + 5 * f + LANES);
            }
        }
    }

    /**
     * {@link #convolveImage} for the output pixels {@code rows} (ascending), six at a time, each
     * read at its own offset. NOTE: blocks run on across the ends of output rows, so only the last
     * block can be short; it repeats its last pixel instead of branching in the loop.
     */
    private static void convolveRows(float[] in, int inOff, int[] px, int[] rows, int[] taps, float[] w, int f, float[] out, int outOff) {
        int last = rows.length - 1;
        for (int j = 0; j < rows.length; j += ROWS) {
            int r0 = rows[j];
            int r1 = rows[Math.min(j + 1, last)];
            int r2 = rows[Math.min(j + 2, last)];
            int r3 = rows[Math.min(j + 3, last)];
            int r4 = rows[Math.min(j + 4, last)];
            int r5 = rows[Math.min(j + 5, last)];
            int a0 = inOff + px[r0];
            int a1 = inOff + px[r1];
            int a2 = inOff + px[r2];
            int a3 = inOff + px[r3];
            int a4 = inOff + px[r4];
            int a5 = inOff + px[r5];
            int valid = Math.min(ROWS, rows.length - j);
            for (int fb = 0; fb < f; fb += BLOCK_CHANNELS) {
                // The first tap, peeled: no zero vector (see the class comment).
                FloatVector w0 = FloatVector.fromArray(S, w, fb);
                FloatVector w1 = FloatVector.fromArray(S, w, fb + LANES);
                int q = taps[0];
                FloatVector v = FloatVector.broadcast(S, UncheckedFloats.get(in, a0 + q));
                FloatVector s00 = v.mul(w0), s01 = v.mul(w1);
                v = FloatVector.broadcast(S, UncheckedFloats.get(in, a1 + q));
                FloatVector s10 = v.mul(w0), s11 = v.mul(w1);
                v = FloatVector.broadcast(S, UncheckedFloats.get(in, a2 + q));
                FloatVector s20 = v.mul(w0), s21 = v.mul(w1);
                v = FloatVector.broadcast(S, UncheckedFloats.get(in, a3 + q));
                FloatVector s30 = v.mul(w0), s31 = v.mul(w1);
                v = FloatVector.broadcast(S, UncheckedFloats.get(in, a4 + q));
                FloatVector s40 = v.mul(w0), s41 = v.mul(w1);
                v = FloatVector.broadcast(S, UncheckedFloats.get(in, a5 + q));
                FloatVector s50 = v.mul(w0), s51 = v.mul(w1);
                for (int k = 1; k < taps.length; k++) {
                    int wk = k * f + fb;
                    w0 = FloatVector.fromArray(S, w, wk);
                    w1 = FloatVector.fromArray(S, w, wk + LANES);
                    q = taps[k];
                    v = FloatVector.broadcast(S, UncheckedFloats.get(in, a0 + q));
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
                int o = outOff + fb;
                s00.intoArray(out, o + r0 * f);
                s01.intoArray(out, o + r0 * f + LANES);
                if (valid > 1) {
                    s10.intoArray(out, o + r1 * f);
                    s11.intoArray(out, o + r1 * f + LANES);
                }
                if (valid > 2) {
                    s20.intoArray(out, o + r2 * f);
                    s21.intoArray(out, o + r2 * f + LANES);
                }
                if (valid > 3) {
                    s30.intoArray(out, o + r3 * f);
                    s31.intoArray(out, o + r3 * f + LANES);
                }
                if (valid > 4) {
                    s40.intoArray(out, o + r4 * f);
                    s41.intoArray(out, o + r4 * f + LANES);
                }
                if (valid > 5) {
                    s50.intoArray(out, o + r5 * f);
                    s51.intoArray(out, o + r5 * f + LANES);
                }
            }
        }
    }

    /**
     * Adds one image's filter gradient of a VALID, stride-1 convolution:
     * {@code dw[k*f + u] += sum_p in[inOff + pixels[p] + taps[k]] * g[gOff + p*f + u]} over the
     * output pixels {@code p < oh*ow}, with {@code taps = tapBlocks(kh, kw, c, rowLen)} and
     * {@code pixels = pixelBlocks(oh, ow, c, rowLen)}. Same layout rules as
     * {@link #convolveImage}, with {@code f} the gradient's channels.
     */
    static void addFilterGradient(float[] in, int inOff, RowBlocks taps, RowBlocks pixels, float[] g, int gOff, int f, float[] dw) {
        UncheckedFloats.checkRange(in, inOff, pixels, taps);
        if (pixels.size() == 0) return; // an empty sum: the loops below start from the first pixel
        if (taps.uniform.length > 0) {
            if (taps.step != 1) throw new IllegalStateException("no uniform kernel for " + taps);
            addFilterGradientUniformBlocks(in, inOff, taps.offsets, taps.uniform, pixels.offsets, g, gOff, f, dw);
        }
        addFilterGradientRows(in, inOff, taps.offsets, taps.rest, pixels.offsets, g, gOff, f, dw);
    }

    /**
     * {@link #addFilterGradient} for blocks of six neighbouring taps of one window row, whose inputs
     * are six consecutive floats: one table read and one index per pixel of the reduction, the six
     * reads at constant displacements from it.
     */
    private static void addFilterGradientUniformBlocks(float[] in, int inOff, int[] taps, int[] blocks, int[] px,
                                                       float[] g, int gOff, int f, float[] dw) {
        for (int k0 : blocks) {
            int o = inOff + taps[k0];
            for (int fb = 0; fb < f; fb += BLOCK_CHANNELS) {
                // The first pixel, peeled: no zero vector (see the class comment).
                FloatVector g0 = FloatVector.fromArray(S, g, gOff + fb);
                FloatVector g1 = FloatVector.fromArray(S, g, gOff + fb + LANES);
                long a = UncheckedFloats.address(o + px[0]);
                FloatVector v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, a));
                FloatVector s00 = v.mul(g0), s01 = v.mul(g1);
                v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, a + TAP_BYTES));
                FloatVector s10 = v.mul(g0), s11 = v.mul(g1);
                v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, a + 2 * TAP_BYTES));
                FloatVector s20 = v.mul(g0), s21 = v.mul(g1);
                v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, a + 3 * TAP_BYTES));
                FloatVector s30 = v.mul(g0), s31 = v.mul(g1);
                v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, a + 4 * TAP_BYTES));
                FloatVector s40 = v.mul(g0), s41 = v.mul(g1);
                v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, a + 5 * TAP_BYTES));
                FloatVector s50 = v.mul(g0), s51 = v.mul(g1);
                for (int p = 1; p < px.length; p++) {
                    int gi = gOff + p * f + fb;
                    g0 = FloatVector.fromArray(S, g, gi);
                    g1 = FloatVector.fromArray(S, g, gi + LANES);
                    a = UncheckedFloats.address(o + px[p]);
                    v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, a));
                    s00 = v.fma(g0, s00);
                    s01 = v.fma(g1, s01);
                    v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, a + TAP_BYTES));
                    s10 = v.fma(g0, s10);
                    s11 = v.fma(g1, s11);
                    v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, a + 2 * TAP_BYTES));
                    s20 = v.fma(g0, s20);
                    s21 = v.fma(g1, s21);
                    v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, a + 3 * TAP_BYTES));
                    s30 = v.fma(g0, s30);
                    s31 = v.fma(g1, s31);
                    v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, a + 4 * TAP_BYTES));
                    s40 = v.fma(g0, s40);
                    s41 = v.fma(g1, s41);
                    v = FloatVector.broadcast(S, UncheckedFloats.getAt(in, a + 5 * TAP_BYTES));
                    s50 = v.fma(g0, s50);
                    s51 = v.fma(g1, s51);
                }
                int d = k0 * f + fb;
                FloatVector.fromArray(S, dw, d).add(s00).intoArray(dw, d);
                FloatVector.fromArray(S, dw, d + LANES).add(s01).intoArray(dw, d + LANES);
                d += f;
                FloatVector.fromArray(S, dw, d).add(s10).intoArray(dw, d);
                FloatVector.fromArray(S, dw, d + LANES).add(s11).intoArray(dw, d + LANES);
                d += f;
                FloatVector.fromArray(S, dw, d).add(s20).intoArray(dw, d);
                FloatVector.fromArray(S, dw, d + LANES).add(s21).intoArray(dw, d + LANES);
                d += f;
                FloatVector.fromArray(S, dw, d).add(s30).intoArray(dw, d);
                FloatVector.fromArray(S, dw, d + LANES).add(s31).intoArray(dw, d + LANES);
                d += f;
                FloatVector.fromArray(S, dw, d).add(s40).intoArray(dw, d);
                FloatVector.fromArray(S, dw, d + LANES).add(s41).intoArray(dw, d + LANES);
                d += f;
                FloatVector.fromArray(S, dw, d).add(s50).intoArray(dw, d);
                FloatVector.fromArray(S, dw, d + LANES).add(s51).intoArray(dw, d + LANES);
            }
        }
    }

    /** {@link #addFilterGradient} for the taps {@code rows} (ascending), six at a time, each read at its own offset. */
    private static void addFilterGradientRows(float[] in, int inOff, int[] taps, int[] rows, int[] px, float[] g, int gOff, int f, float[] dw) {
        int last = rows.length - 1;
        for (int j = 0; j < rows.length; j += ROWS) {
            int r0 = rows[j];
            int r1 = rows[Math.min(j + 1, last)];
            int r2 = rows[Math.min(j + 2, last)];
            int r3 = rows[Math.min(j + 3, last)];
            int r4 = rows[Math.min(j + 4, last)];
            int r5 = rows[Math.min(j + 5, last)];
            int o0 = inOff + taps[r0];
            int o1 = inOff + taps[r1];
            int o2 = inOff + taps[r2];
            int o3 = inOff + taps[r3];
            int o4 = inOff + taps[r4];
            int o5 = inOff + taps[r5];
            int valid = Math.min(ROWS, rows.length - j);
            for (int fb = 0; fb < f; fb += BLOCK_CHANNELS) {
                // The first pixel, peeled: no zero vector (see the class comment).
                FloatVector g0 = FloatVector.fromArray(S, g, gOff + fb);
                FloatVector g1 = FloatVector.fromArray(S, g, gOff + fb + LANES);
                int a = px[0];
                FloatVector v = FloatVector.broadcast(S, UncheckedFloats.get(in, a + o0));
                FloatVector s00 = v.mul(g0), s01 = v.mul(g1);
                v = FloatVector.broadcast(S, UncheckedFloats.get(in, a + o1));
                FloatVector s10 = v.mul(g0), s11 = v.mul(g1);
                v = FloatVector.broadcast(S, UncheckedFloats.get(in, a + o2));
                FloatVector s20 = v.mul(g0), s21 = v.mul(g1);
                v = FloatVector.broadcast(S, UncheckedFloats.get(in, a + o3));
                FloatVector s30 = v.mul(g0), s31 = v.mul(g1);
                v = FloatVector.broadcast(S, UncheckedFloats.get(in, a + o4));
                FloatVector s40 = v.mul(g0), s41 = v.mul(g1);
                v = FloatVector.broadcast(S, UncheckedFloats.get(in, a + o5));
                FloatVector s50 = v.mul(g0), s51 = v.mul(g1);
                for (int p = 1; p < px.length; p++) {
                    int gi = gOff + p * f + fb;
                    g0 = FloatVector.fromArray(S, g, gi);
                    g1 = FloatVector.fromArray(S, g, gi + LANES);
                    a = px[p];
                    v = FloatVector.broadcast(S, UncheckedFloats.get(in, a + o0));
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
                int d0 = fb + r0 * f;
                FloatVector.fromArray(S, dw, d0).add(s00).intoArray(dw, d0);
                FloatVector.fromArray(S, dw, d0 + LANES).add(s01).intoArray(dw, d0 + LANES);
                if (valid > 1) {
                    int d1 = fb + r1 * f;
                    FloatVector.fromArray(S, dw, d1).add(s10).intoArray(dw, d1);
                    FloatVector.fromArray(S, dw, d1 + LANES).add(s11).intoArray(dw, d1 + LANES);
                }
                if (valid > 2) {
                    int d2 = fb + r2 * f;
                    FloatVector.fromArray(S, dw, d2).add(s20).intoArray(dw, d2);
                    FloatVector.fromArray(S, dw, d2 + LANES).add(s21).intoArray(dw, d2 + LANES);
                }
                if (valid > 3) {
                    int d3 = fb + r3 * f;
                    FloatVector.fromArray(S, dw, d3).add(s30).intoArray(dw, d3);
                    FloatVector.fromArray(S, dw, d3 + LANES).add(s31).intoArray(dw, d3 + LANES);
                }
                if (valid > 4) {
                    int d4 = fb + r4 * f;
                    FloatVector.fromArray(S, dw, d4).add(s40).intoArray(dw, d4);
                    FloatVector.fromArray(S, dw, d4 + LANES).add(s41).intoArray(dw, d4 + LANES);
                }
                if (valid > 5) {
                    int d5 = fb + r5 * f;
                    FloatVector.fromArray(S, dw, d5).add(s50).intoArray(dw, d5);
                    FloatVector.fromArray(S, dw, d5 + LANES).add(s51).intoArray(dw, d5 + LANES);
                }
            }
        }
    }

    /** A geometry whose blocks were made: pixels ({@code oh, ow}) or taps ({@code kh, kw}) of {@code c} channels in rows of {@code rowLen}. */
    private record Geometry(boolean pixels, int h, int w, int c, int rowLen) {}

    /** Blocks are immutable and depend on the geometry only; a training step asks for the same few each time. */
    private static final Map<Geometry, RowBlocks> BLOCKS = new ConcurrentHashMap<>();
    /** Geometries kept at most (a program with ever new shapes starts the cache over). */
    private static final int MAX_GEOMETRIES = 256;

    private static RowBlocks blocks(Geometry g) {
        RowBlocks b = BLOCKS.get(g);
        if (b != null) return b;
        if (BLOCKS.size() >= MAX_GEOMETRIES) BLOCKS.clear();
        b = g.pixels() ? RowBlocks.of(pixelOffsets(g.h(), g.w(), g.c(), g.rowLen()), g.w(), g.c(), g.c() == UNIFORM_PIXEL_STEP)
                : RowBlocks.of(tapOffsets(g.h(), g.w(), g.c(), g.rowLen()), g.w() * g.c(), 1, true);
        BLOCKS.put(g, b);
        return b;
    }

    /** The output pixels of {@link #convolveImage} with their window offsets ({@link #pixelOffsets}), in uniform blocks where a kernel has them. */
    static RowBlocks pixelBlocks(int oh, int ow, int c, int rowLen) { return blocks(new Geometry(true, oh, ow, c, rowLen)); }

    /** The filter taps with their offsets in a window ({@link #tapOffsets}), in uniform blocks inside each window row. */
    static RowBlocks tapBlocks(int kh, int kw, int c, int rowLen) { return blocks(new Geometry(false, kh, kw, c, rowLen)); }

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

}
