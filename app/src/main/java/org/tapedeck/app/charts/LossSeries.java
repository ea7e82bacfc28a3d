package org.tapedeck.app.charts;

import java.util.Arrays;

/**
 * Losses by step, with an exponential moving average beside them, in primitive arrays. Holds at
 * most {@code capacity} points: when full it keeps every other one, so a run of any length costs
 * bounded memory while the whole curve stays visible.
 *
 * <pre>{@code
 * LossSeries s = new LossSeries(1_000_000, 0.95);
 * s.add(1, 2.3);
 * LossPlot p = s.decimate(800);   // at most ~800 points per line, spikes kept
 * }</pre>
 */
public final class LossSeries {
    private final int capacity;
    private final double beta;
    private double[] xs = new double[256];
    private double[] raw = new double[256];
    private double[] smooth = new double[256];
    private int size;
    private double ema;
    private long emaCount;

    /**
     * @param beta the EMA's decay per step (0.95 averages over roughly 20 steps)
     */
    public LossSeries(int capacity, double beta) {
        if (capacity < 4) throw new IllegalArgumentException("capacity must be at least 4, got " + capacity);
        if (!(beta >= 0 && beta < 1)) throw new IllegalArgumentException("beta must be in [0, 1), got " + beta);
        this.capacity = capacity;
        this.beta = beta;
    }

    /** Appends a loss; NaN and infinite losses are skipped (the chart cannot draw them). */
    public void add(double step, double loss) {
        if (!Double.isFinite(loss)) return;
        emaCount++;
        ema = beta * ema + (1 - beta) * loss;
        // NOTE: dividing by 1 - beta^t removes the EMA's bias towards its zero start (as Adam does).
        double debiased = ema / (1 - Math.pow(beta, emaCount));
        if (size == capacity) halve();
        if (size == xs.length) grow();
        xs[size] = step;
        raw[size] = loss;
        smooth[size] = debiased;
        size++;
    }

    private void grow() {
        int n = Math.min(capacity, xs.length * 2);
        xs = Arrays.copyOf(xs, n);
        raw = Arrays.copyOf(raw, n);
        smooth = Arrays.copyOf(smooth, n);
    }

    private void halve() {
        int j = 0;
        for (int i = 0; i < size; i += 2, j++) {
            xs[j] = xs[i];
            raw[j] = raw[i];
            smooth[j] = smooth[i];
        }
        size = j;
    }

    public int size() { return size; }

    public double lastRaw() { return size == 0 ? Double.NaN : raw[size - 1]; }

    public double lastSmooth() { return size == 0 ? Double.NaN : smooth[size - 1]; }

    public void clear() {
        size = 0;
        ema = 0;
        emaCount = 0;
    }

    /**
     * At most about {@code maxPoints} points per line: all of them when few, else per bucket the
     * raw line's min and max (in step order, so spikes survive) and the smooth line's last value.
     */
    public LossPlot decimate(int maxPoints) {
        if (size <= maxPoints) {
            return new LossPlot(Arrays.copyOf(xs, size), Arrays.copyOf(raw, size), Arrays.copyOf(xs, size),
                    Arrays.copyOf(smooth, size));
        }
        int buckets = Math.max(1, maxPoints / 2);
        double[] rx = new double[buckets * 2];
        double[] ry = new double[buckets * 2];
        double[] sx = new double[buckets];
        double[] sy = new double[buckets];
        int r = 0;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * size / buckets);
            int to = (int) ((long) (b + 1) * size / buckets);
            int lo = from;
            int hi = from;
            for (int i = from; i < to; i++) {
                if (raw[i] < raw[lo]) lo = i;
                if (raw[i] > raw[hi]) hi = i;
            }
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            rx[r] = xs[first];
            ry[r++] = raw[first];
            if (second != first) {
                rx[r] = xs[second];
                ry[r++] = raw[second];
            }
            sx[b] = xs[to - 1];
            sy[b] = smooth[to - 1];
        }
        return new LossPlot(Arrays.copyOf(rx, r), Arrays.copyOf(ry, r), sx, sy);
    }
}
