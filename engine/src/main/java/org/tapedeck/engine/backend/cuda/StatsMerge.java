package org.tapedeck.engine.backend.cuda;

import org.tapedeck.engine.backend.TensorStats;

/**
 * Merges the per-block summaries written by stats.cu (8 doubles each: finite count, mean, sum of
 * squared deviations, min, max, NaN, Inf and zero counts) into one {@link TensorStats}, with Chan
 * et al.'s pairwise formula, as the kernel merges its threads.
 *
 * <pre>{@code
 * TensorStats s = StatsMerge.merge(partials, blocks, n);
 * }</pre>
 */
final class StatsMerge {
    static final int DOUBLES_PER_BLOCK = 8;

    private StatsMerge() {}

    static TensorStats merge(double[] partials, int blocks, long count) {
        double n = 0;
        double mean = 0;
        double m2 = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long nan = 0;
        long inf = 0;
        long zero = 0;
        for (int b = 0; b < blocks; b++) {
            int at = b * DOUBLES_PER_BLOCK;
            double bn = partials[at];
            if (bn > 0) {
                double total = n + bn;
                double delta = partials[at + 1] - mean;
                mean += delta * (bn / total);
                m2 += partials[at + 2] + delta * delta * (n * bn / total);
                n = total;
                if (partials[at + 3] < min) min = partials[at + 3];
                if (partials[at + 4] > max) max = partials[at + 4];
            }
            nan += (long) partials[at + 5];
            inf += (long) partials[at + 6];
            zero += (long) partials[at + 7];
        }
        if (n == 0) return new TensorStats(count, Double.NaN, Double.NaN, Double.NaN, Double.NaN, nan, inf, zero);
        return new TensorStats(count, min, max, mean, Math.sqrt(m2 / n), nan, inf, zero);
    }

    /**
     * What one block of the kernel writes for {@code values}: the Welford update per element, as
     * the kernel's threads do (a host model of stats_impl, for tests).
     */
    static double[] summarise(double[] values, int from, int to) {
        double n = 0, mean = 0, m2 = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        long nan = 0, inf = 0, zero = 0;
        for (int i = from; i < to; i++) {
            double v = values[i];
            if (Double.isNaN(v)) {
                nan++;
                continue;
            }
            if (Double.isInfinite(v)) {
                inf++;
                continue;
            }
            if (v == 0) zero++;
            n++;
            if (v < min) min = v;
            if (v > max) max = v;
            double d = v - mean;
            mean += d / n;
            m2 += d * (v - mean);
        }
        return new double[] {n, mean, m2, min, max, nan, inf, zero};
    }
}
