package org.tapedeck.app.charts;

import java.util.Arrays;

/**
 * A polyline rasterised by pixel column: for each column, the lowest and the highest y the line
 * reaches within it. Drawn as one thin rectangle per column, a line of any number of points costs
 * at most one rectangle per pixel of width, and a column crossed by many points shows their whole
 * range, so spikes survive. NOTE: a stroked canvas path is rasterised by Marlin, in Java on the
 * render thread; with the loss line redrawn every second, the JIT compiled Marlin's main loop
 * nine times in a 3-epoch run (about 2 s of C2 on a 2-core machine, taken from the training).
 * Rectangles need no rasteriser.
 *
 * <pre>{@code
 * ColumnSpans s = new ColumnSpans(600);
 * s.addSegment(0.5, 10, 3.5, 40);      // x in columns from the left edge, y in pixels
 * s.covers(2);  s.low(2);  s.high(2);   // true, 20.0, 30.0
 * }</pre>
 */
final class ColumnSpans {
    private final double[] low;
    private final double[] high;

    ColumnSpans(int columns) {
        low = new double[Math.max(0, columns)];
        high = new double[low.length];
        Arrays.fill(low, Double.POSITIVE_INFINITY);
        Arrays.fill(high, Double.NEGATIVE_INFINITY);
    }

    int columns() { return low.length; }

    /** Whether the line passes through column {@code c}. */
    boolean covers(int c) { return low[c] <= high[c]; }

    double low(int c) { return low[c]; }

    double high(int c) { return high[c]; }

    /** A single point (a line's lone finite value). Points outside the columns are left out. */
    void addPoint(double x, double y) {
        int c = (int) Math.floor(x);
        if (c >= 0 && c < low.length) include(c, y);
    }

    /** The segment from (x0, y0) to (x1, y1): each column it crosses gets the y range it spans there. */
    void addSegment(double x0, double y0, double x1, double y1) {
        if (x1 < x0) {
            addSegment(x1, y1, x0, y0);
            return;
        }
        int first = Math.max(0, (int) Math.floor(x0));
        int last = Math.min(low.length - 1, (int) Math.floor(x1));
        if (x1 == x0) {
            if (first == last) {
                include(first, y0);
                include(first, y1);
            }
            return;
        }
        double slope = (y1 - y0) / (x1 - x0);
        for (int c = first; c <= last; c++) {
            include(c, y0 + (Math.max(c, x0) - x0) * slope);
            include(c, y0 + (Math.min(c + 1, x1) - x0) * slope);
        }
    }

    private void include(int c, double y) {
        if (y < low[c]) low[c] = y;
        if (y > high[c]) high[c] = y;
    }
}
