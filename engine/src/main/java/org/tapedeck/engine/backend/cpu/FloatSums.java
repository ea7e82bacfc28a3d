package org.tapedeck.engine.backend.cpu;

/**
 * float32 sums over a run of adjacent axes, the reductions of training: a bias gradient sums
 * (N, H, W, C) over (0, 1, 2), global average pooling over (1, 2). Such a tensor is
 * {@code [outer, reduced, inner]}; each output {@code (o, c)} is the sum of a column of the middle
 * dim. As {@link CpuBackend#reduce} does everywhere, sums accumulate in double from 0 in the order
 * of the input, with one exception: a single outer block ({@code outer == 1}) of at least
 * {@link #BLOCK_ELEMENTS} elements is summed in blocks of rows of about that many elements, each
 * in order, and the blocks' sums are then added in order. NOTE: the blocks depend on the shape
 * alone, so the result does not depend on the number of threads; the threads split the outer dim,
 * or the blocks, never a block. (Splitting the columns instead would keep the plain order, but
 * each thread would then stream the whole tensor for a few columns of each row.)
 *
 * <pre>{@code
 * float[] db = new float[16];
 * FloatSums.sum(dy, new int[] {32, 24, 24, 16}, new int[] {0, 1, 2}, db);   // a bias gradient
 * }</pre>
 */
final class FloatSums {
    /** Sums smaller than this run on the calling thread. */
    private static final int PARALLEL_ELEMENTS = 1 << 15;

    /** About this many elements per block of rows when there is one outer block. */
    static final int BLOCK_ELEMENTS = 1 << 14;

    private FloatSums() {}

    /** Rows per block of a single outer block of {@code reduced} rows of {@code inner}; all of them when small. */
    static int blockRows(int reduced, int inner) {
        if ((long) reduced * inner < BLOCK_ELEMENTS) return Math.max(reduced, 1);
        return Math.max(1, (BLOCK_ELEMENTS + inner - 1) / inner);
    }

    /**
     * Sums {@code x} of {@code dims} over {@code axes} (sorted, distinct) into {@code out}, in the
     * kept dims' row-major order; false, having done nothing, when the axes are not adjacent.
     */
    static boolean sum(float[] x, int[] dims, int[] axes, float[] out) {
        for (int i = 1; i < axes.length; i++) if (axes[i] != axes[i - 1] + 1) return false;
        if (axes.length == 0) return false;
        int outer = product(dims, 0, axes[0]);
        int reduced = product(dims, axes[0], axes[axes.length - 1] + 1);
        int inner = product(dims, axes[axes.length - 1] + 1, dims.length);
        boolean parallel = x.length >= PARALLEL_ELEMENTS;
        if (inner == 1) {
            Parallel.RangeBody rows = (from, to) -> {
                for (int o = from; o < to; o++) out[o] = (float) sumRun(x, o * reduced, reduced);
            };
            if (parallel) Parallel.forRange(outer, rows);
            else rows.run(0, outer);
        } else if (outer > 1) {
            Parallel.RangeBody blocks = (from, to) -> {
                double[] acc = new double[inner];
                for (int o = from; o < to; o++) {
                    java.util.Arrays.fill(acc, 0.0);
                    addRows(x, o * reduced * inner, reduced, inner, acc);
                    for (int c = 0; c < inner; c++) out[o * inner + c] = (float) acc[c];
                }
            };
            if (parallel) Parallel.forRange(outer, blocks);
            else blocks.run(0, outer);
        } else {
            sumBlocks(x, reduced, inner, out, parallel);
        }
        return true;
    }

    /** One outer block: blocks of rows summed apart (in parallel), then their sums in order. */
    private static void sumBlocks(float[] x, int reduced, int inner, float[] out, boolean parallel) {
        int rowsPer = blockRows(reduced, inner);
        int blocks = Math.max(1, (reduced + rowsPer - 1) / rowsPer);
        double[][] partial = new double[blocks][inner];
        Parallel.RangeBody body = (from, to) -> {
            for (int b = from; b < to; b++) {
                int r0 = b * rowsPer;
                addRows(x, r0 * inner, Math.min(rowsPer, reduced - r0), inner, partial[b]);
            }
        };
        if (parallel) Parallel.forRange(blocks, body);
        else body.run(0, blocks);
        for (int c = 0; c < inner; c++) {
            double s = 0;
            for (int b = 0; b < blocks; b++) s += partial[b][c];
            out[c] = (float) s;
        }
    }

    private static int product(int[] dims, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) p *= dims[i];
        return p;
    }

    private static double sumRun(float[] x, int off, int len) {
        double s = 0;
        for (int k = 0; k < len; k++) s += x[off + k];
        return s;
    }

    /**
     * {@code acc[c] += x[base + r * inner + c]} for {@code r < rows}, {@code c < inner}, in that
     * order. NOTE: four rows per pass, added left to right ({@code ((acc + x0) + x1) + ...}), which
     * is the same order as one row per pass, with a quarter of the loop overhead (the rows are
     * short: 16 channels).
     */
    private static void addRows(float[] x, int base, int rows, int inner, double[] acc) {
        int o = base;
        int r = 0;
        for (; r + 4 <= rows; r += 4, o += 4 * inner) {
            int o1 = o + inner;
            int o2 = o1 + inner;
            int o3 = o2 + inner;
            for (int k = 0; k < inner; k++) acc[k] = acc[k] + x[o + k] + x[o1 + k] + x[o2 + k] + x[o3 + k];
        }
        for (; r < rows; r++, o += inner) {
            for (int k = 0; k < inner; k++) acc[k] += x[o + k];
        }
    }
}
