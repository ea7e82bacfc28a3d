package org.tapedeck.app.inspector;

/**
 * Turns a {@link Slice2D} into ARGB pixels: one pixel per cell up to {@link #MAX_SIDE} on a
 * side, beyond that a nearest-cell sample. Values with both signs use a blue–white–red scale
 * centred on zero; others a dark-to-bright scale from min to max. NaN is magenta, +inf orange,
 * -inf cyan, so bad values stand out in any scale.
 *
 * <pre>{@code
 * Heatmap.Image img = Heatmap.render(slice);
 * pixelWriter.setPixels(0, 0, img.width(), img.height(), PixelFormat.getIntArgbInstance(), img.argb(), 0, img.width());
 * }</pre>
 */
public final class Heatmap {
    public static final int MAX_SIDE = 1024;
    public static final int NAN = 0xFFFF00FF;
    public static final int POS_INF = 0xFFFF8C00;
    public static final int NEG_INF = 0xFF00FFFF;

    /** Pixels, row-major, and the value range the colours span. */
    public record Image(int width, int height, int[] argb, double low, double high, boolean diverging) {}

    private Heatmap() {}

    public static Image render(Slice2D slice) {
        if (slice.rows() == 0 || slice.cols() == 0) return new Image(1, 1, new int[] {0}, Double.NaN, Double.NaN, false);
        int w = Math.max(1, Math.min(slice.cols(), MAX_SIDE));
        int h = Math.max(1, Math.min(slice.rows(), MAX_SIDE));
        double[] range = slice.finiteRange();
        double lo = range[0];
        double hi = range[1];
        boolean diverging = lo < 0 && hi > 0;
        double bound = Math.max(Math.abs(lo), Math.abs(hi));
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            int row = (int) ((long) y * slice.rows() / h);
            for (int x = 0; x < w; x++) {
                int col = (int) ((long) x * slice.cols() / w);
                double v = slice.value(row, col);
                px[y * w + x] = diverging ? diverging(v, bound) : sequential(v, lo, hi);
            }
        }
        return new Image(w, h, px, lo, hi, diverging);
    }

    static int special(double v) {
        if (Double.isNaN(v)) return NAN;
        return v > 0 ? POS_INF : NEG_INF;
    }

    /** Dark blue through teal to pale yellow as {@code v} goes from {@code lo} to {@code hi}. */
    static int sequential(double v, double lo, double hi) {
        if (!Double.isFinite(v)) return special(v);
        double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
        return ramp(t, SEQUENTIAL);
    }

    /** Blue for negative, white at zero, red for positive, saturating at {@code ±bound}. */
    static int diverging(double v, double bound) {
        if (!Double.isFinite(v)) return special(v);
        double t = bound > 0 ? 0.5 + 0.5 * v / bound : 0.5;
        return ramp(t, DIVERGING);
    }

    private static final int[][] SEQUENTIAL = {
        {13, 8, 35}, {45, 52, 120}, {30, 120, 140}, {90, 190, 110}, {250, 240, 170}};
    private static final int[][] DIVERGING = {
        {33, 80, 170}, {140, 180, 225}, {247, 247, 247}, {235, 150, 120}, {180, 30, 40}};

    private static int ramp(double t, int[][] stops) {
        t = Math.max(0, Math.min(1, t));
        double p = t * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) p);
        double f = p - i;
        int r = (int) Math.round(stops[i][0] + f * (stops[i + 1][0] - stops[i][0]));
        int g = (int) Math.round(stops[i][1] + f * (stops[i + 1][1] - stops[i][1]));
        int b = (int) Math.round(stops[i][2] + f * (stops[i + 1][2] - stops[i][2]));
        return 0xFF000000 | r << 16 | g << 8 | b;
    }
}
