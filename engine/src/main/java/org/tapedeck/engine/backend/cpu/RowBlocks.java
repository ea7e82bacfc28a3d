package org.tapedeck.engine.backend.cpu;

import java.util.Arrays;

/**
 * One side of a {@link VectorKernels} outer product, the rows it takes six at a time: the output
 * pixels of a convolution (each with the offset of its window) or the filter taps (each with its
 * offset inside the window). The rows come in runs (a row of output pixels, a row of the window's
 * taps) in which each row lies a fixed {@code step} after the one before: {@code c} floats for
 * pixels, one float for taps. Blocks of six rows inside one run are <em>uniform</em>: a kernel can
 * read all six from one index plus constant displacements, with no table look-up per row. The rows
 * that do not fill a uniform block (the end of a run shorter than six) are the <em>rest</em>, for a
 * kernel that reads each row's own offset.
 *
 * <p>NOTE: the smallest and largest offsets are kept so that {@link UncheckedFloats#checkRange}
 * proves every read of a call in constant time; the constructor checks the step claim of every
 * uniform block, so that a kernel reading {@code offsets[r] + i*step} reads exactly
 * {@code offsets[r + i]}, an offset inside that range.
 *
 * <pre>{@code
 * // the 24 x 24 output pixels of a 3x3 window over 26 x 26 x 16 inputs: 96 uniform blocks, no rest
 * RowBlocks pixels = RowBlocks.of(VectorKernels.pixelOffsets(24, 24, 16, 26 * 16), 24, 16, true);
 * }</pre>
 */
final class RowBlocks {
    /** Rows per block. */
    static final int ROWS = 6;

    /** The offset of each row. */
    final int[] offsets;
    /** The first row of each uniform block, ascending. */
    final int[] uniform;
    /** The rows in no uniform block, ascending. */
    final int[] rest;
    /** The distance between neighbouring rows of a run. */
    final int step;
    final int min;
    final int max;

    private RowBlocks(int[] offsets, int[] uniform, int[] rest, int step) {
        this.offsets = offsets;
        this.uniform = uniform;
        this.rest = rest;
        this.step = step;
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int v : offsets) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        this.min = offsets.length == 0 ? 0 : lo;
        this.max = offsets.length == 0 ? 0 : hi;
        for (int r : uniform) {
            for (int i = 1; i < ROWS; i++) {
                if (offsets[r + i] != offsets[r] + i * step) {
                    throw new IllegalStateException("rows " + r + ".." + (r + ROWS - 1) + " are not " + step
                            + " apart: " + Arrays.toString(Arrays.copyOfRange(offsets, r, r + ROWS)));
                }
            }
        }
    }

    /**
     * Groups {@code offsets} into runs of {@code run} rows (the last may be shorter), each row
     * {@code step} after the one before within a run. With {@code blocked} false every row is in
     * the rest (for sides the kernels have no uniform loop for).
     */
    static RowBlocks of(int[] offsets, int run, int step, boolean blocked) {
        if (!blocked || run < ROWS) return new RowBlocks(offsets, new int[0], all(offsets.length), step);
        int n = offsets.length;
        int runs = (n + run - 1) / run;
        int perRun = run / ROWS;
        int[] uniform = new int[runs * perRun];
        int[] rest = new int[n];
        int u = 0;
        int left = 0;
        for (int r0 = 0; r0 < n; r0 += run) {
            int len = Math.min(run, n - r0);
            int full = len / ROWS * ROWS;
            for (int r = r0; r < r0 + full; r += ROWS) uniform[u++] = r;
            for (int r = r0 + full; r < r0 + len; r++) rest[left++] = r;
        }
        return new RowBlocks(offsets, Arrays.copyOf(uniform, u), Arrays.copyOf(rest, left), step);
    }

    int size() { return offsets.length; }

    private static int[] all(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    @Override
    public String toString() {
        return size() + " rows (" + uniform.length + " uniform blocks of step " + step + ", " + rest.length + " others)";
    }
}
