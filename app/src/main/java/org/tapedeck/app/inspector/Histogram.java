package org.tapedeck.app.inspector;

import org.tapedeck.engine.backend.HostBuffer;

/**
 * Counts of the finite values of a tensor in equal-width bins between its min and max.
 *
 * <pre>{@code
 * Histogram h = Histogram.of(tensor.host(), 40);
 * h.counts()[0];   // values in [min, min + width)
 * }</pre>
 *
 * @param min the first bin's lower edge; NaN when there are no finite values
 * @param max the last bin's upper edge (inclusive)
 */
public record Histogram(double min, double max, long[] counts) {

    public static Histogram of(HostBuffer values, int bins) {
        if (bins < 1) throw new IllegalArgumentException("a histogram needs at least one bin, got " + bins);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int n = values.size();
        for (int i = 0; i < n; i++) {
            double v = values.getDouble(i);
            if (Double.isFinite(v)) {
                if (v < lo) lo = v;
                if (v > hi) hi = v;
            }
        }
        long[] counts = new long[bins];
        if (lo > hi) return new Histogram(Double.NaN, Double.NaN, counts);
        double width = (hi - lo) / bins;
        for (int i = 0; i < n; i++) {
            double v = values.getDouble(i);
            if (!Double.isFinite(v)) continue;
            // NOTE: a constant tensor has width 0: everything falls into the first bin.
            int b = width == 0 ? 0 : (int) ((v - lo) / width);
            counts[Math.min(b, bins - 1)]++;
        }
        return new Histogram(lo, hi, counts);
    }

    public int bins() { return counts.length; }

    public long maxCount() {
        long m = 0;
        for (long c : counts) m = Math.max(m, c);
        return m;
    }
}
