package org.tapedeck.engine.backend.cpu;

/**
 * float32 sums over a run of adjacent axes, the reductions of training: a bias gradient sums
 * (N, H, W, C) over (0, 1, 2), global average pooling over (1, 2). Such a tensor is
 * {@code [outer, reduced, inner]}; each output {@code (o, c)} is the sum of a column of the middle
 * dim. As {@link CpuBackend#reduce} does everywhere, each output accumulates in double, from 0, in
 * the order of the input, so these sums are bit for bit those of the generic loop and do not
 * depend on the number of threads: threads split the outer dim or, when there is one outer block,
 * the columns, never a column.
 *
 * <pre>{@code
 * float[] db = new float[16];
 * FloatSums.sum(dy, new int[] {32, 24, 24, 16}, new int[] {0, 1, 2}, db);   // a bias gradient
 * }</pre>
 */
final class FloatSums {
    /** Sums smaller than this run on the calling thread. */
    private static final int PARALLEL_ELEMENTS = 1 << 15;

    private FloatSums() {}

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
        boolean parallel = x.length >= PARALLEL_ELEMENTS && Parallel.threads() > 1;
        if (inner == 1) {
            Parallel.RangeBody rows = (from, to) -> {
                for (int o = from; o < to; o++) out[o] = (float) sumRun(x, o * reduced, reduced);
            };
            if (parallel) Parallel.forRange(outer, rows);
            else rows.run(0, outer);
        } else if (outer > 1 || !parallel) {
            Parallel.RangeBody blocks = (from, to) -> {
                double[] acc = new double[inner];
                for (int o = from; o < to; o++) {
                    java.util.Arrays.fill(acc, 0.0);
                    addRows(x, o * reduced * inner, reduced, inner, 0, inner, acc);
                    for (int c = 0; c < inner; c++) out[o * inner + c] = (float) acc[c];
                }
            };
            if (parallel) Parallel.forRange(outer, blocks);
            else blocks.run(0, outer);
        } else {
            Parallel.forRange(inner, (c0, c1) -> {
                double[] acc = new double[c1 - c0];
                addRows(x, 0, reduced, inner, c0, c1, acc);
                for (int c = c0; c < c1; c++) out[c] = (float) acc[c - c0];
            });
        }
        return true;
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
     * {@code acc[c - c0] += x[base + r * inner + c]} for {@code r < rows}, {@code c0 <= c < c1}, in
     * that order. NOTE: four rows per pass, added left to right ({@code ((acc + x0) + x1) + ...}),
     * which is the same order as one row per pass, with a quarter of the loop overhead (the rows are
     * short: 16 channels).
     */
    private static void addRows(float[] x, int base, int rows, int inner, int c0, int c1, double[] acc) {
        int w = c1 - c0;
        int o = base + c0;
        int r = 0;
        for (; r + 4 <= rows; r += 4, o += 4 * inner) {
            int o1 = o + inner;
            int o2 = o1 + inner;
            int o3 = o2 + inner;
            for (int k = 0; k < w; k++) acc[k] = acc[k] + x[o + k] + x[o1 + k] + x[o2 + k] + x[o3 + k];
        }
        for (; r < rows; r++, o += inner) {
            for (int k = 0; k < w; k++) acc[k] += x[o + k];
        }
    }
}
