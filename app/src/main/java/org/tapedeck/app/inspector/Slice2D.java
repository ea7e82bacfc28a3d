package org.tapedeck.app.inspector;

import org.tapedeck.engine.backend.HostBuffer;

/**
 * A two-dimensional window onto a tensor's host values, read in place (nothing is copied, so a
 * slice of a large tensor costs nothing until cells are read).
 */
public record Slice2D(HostBuffer values, int rows, int cols, int base, int rowStride, int colStride) {

    public double value(int row, int col) {
        return values.getDouble(base + row * rowStride + col * colStride);
    }

    /**
     * The finite range of the slice as {@code {min, max}} ({@code {NaN, NaN}} when nothing is
     * finite). Reads every cell up to four million, then a regular sample of them.
     */
    public double[] finiteRange() {
        long cells = (long) rows * cols;
        int step = (int) Math.max(1, cells / 4_000_000L);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (long i = 0; i < cells; i += step) {
            double v = value((int) (i / cols), (int) (i % cols));
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return lo > hi ? new double[] {Double.NaN, Double.NaN} : new double[] {lo, hi};
    }
}
