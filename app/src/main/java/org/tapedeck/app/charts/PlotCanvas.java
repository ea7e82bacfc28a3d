package org.tapedeck.app.charts;

import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

import org.tapedeck.app.ui.CanvasPane;

/**
 * An x-y line plot drawn on one canvas: axes with round tick values, a grid, a legend, and per
 * line its points joined (by pixel column, {@link ColumnSpans}), optionally with a circle on each.
 * Everything but the circles and the text is filled rectangles. NOTE: JavaFX's {@code LineChart}
 * makes scene-graph nodes and listeners for every data point and tick label, and re-lays them out
 * on each update; fed twice a second while training runs, its CSS, layout and the compilation of
 * that code took a good part of a core. Here an update is one pass over the points.
 *
 * <pre>{@code
 * PlotCanvas plot = new PlotCanvas();
 * plot.setXLabel("step");
 * plot.setYLabel("loss");
 * plot.setLines(List.of(new PlotCanvas.Line("loss", Color.STEELBLUE, 1, false, xs, ys)));
 * }</pre>
 */
public final class PlotCanvas extends CanvasPane {
    /** One line: its points in order of x, drawn {@code width} pixels wide, with a circle per point if {@code markers}. */
    public record Line(String name, Color color, double width, boolean markers, double[] x, double[] y) {
        public Line {
            if (x.length != y.length) throw new IllegalArgumentException(name + ": " + x.length + " x values for " + y.length + " y values");
        }

        public int points() { return x.length; }
    }

    /** Round tick values from {@code first} to {@code last}, {@code step} apart. */
    record Ticks(double first, double last, double step) {
        /**
         * About {@code target} ticks covering {@code [lo, hi]}: the step is 1, 2 or 5 times a power
         * of ten (the nearest to an even split), and the range is widened to whole steps.
         */
        static Ticks covering(double lo, double hi, int target) {
            if (!(hi > lo)) {
                double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
                lo -= pad;
                hi += pad;
            }
            double raw = (hi - lo) / Math.max(1, target);
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double r = raw / magnitude;   // in [1, 10): take the nearest of 1, 2, 5, 10
            double step = magnitude * (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10);
            return new Ticks(Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step, step);
        }

        int count() { return (int) Math.round((last - first) / step) + 1; }

        double at(int i) { return first + i * step; }

        /** Digits after the point that tell the ticks apart. */
        int decimals() { return Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9)); }
    }

    private static final double LEFT = 58, RIGHT = 24, TOP = 24, BOTTOM = 40;
    private static final Color GRID = Color.web("#e4e4e4");
    private static final Color AXIS = Color.web("#888888");
    private static final Color TEXT = Color.web("#333333");
    private static final Font FONT = Font.font(11);
    /** Measures legend entries (UI thread only, like all drawing). */
    private static final Text LEGEND_TEXT = new Text();

    static {
        LEGEND_TEXT.setFont(FONT);
    }

    private List<Line> lines = List.of();
    private String xLabel = "";
    private String yLabel = "";
    private boolean fromZero;
    private double minXStep;

    /** The lines drawn now. */
    public List<Line> lines() { return lines; }

    /** Replaces the lines and redraws. */
    public void setLines(List<Line> lines) {
        this.lines = List.copyOf(lines);
        redraw();
    }

    public String getXLabel() { return xLabel; }

    public void setXLabel(String label) { xLabel = label; redraw(); }

    public String getYLabel() { return yLabel; }

    public void setYLabel(String label) { yLabel = label; redraw(); }

    /** Whether both axes start at 0 (else they start near the smallest value). */
    public boolean isFromZero() { return fromZero; }

    public void setFromZero(boolean fromZero) { this.fromZero = fromZero; redraw(); }

    /** The smallest step between x ticks (1 for an axis of whole numbers such as epochs). */
    public double getMinXStep() { return minXStep; }

    public void setMinXStep(double step) { minXStep = step; redraw(); }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        double pw = w - LEFT - RIGHT;
        double ph = h - TOP - BOTTOM;
        if (pw < 20 || ph < 20) return;
        double[] xr = range(true);
        double[] yr = range(false);
        Ticks xt = Ticks.covering(xr[0], xr[1], Math.max(2, (int) (pw / 90)));
        if (xt.step() < minXStep) xt = Ticks.covering(xr[0], xr[1], (int) Math.max(1, (xr[1] - xr[0]) / minXStep));
        Ticks yt = Ticks.covering(yr[0], yr[1], Math.max(2, (int) (ph / 40)));
        double x0 = xt.first(), xs = pw / (xt.last() - xt.first());
        double y0 = yt.first(), ys = ph / (yt.last() - yt.first());

        g.setFont(FONT);
        g.setFill(Color.WHITE);
        g.fillRect(LEFT, TOP, pw, ph);
        g.setFill(TEXT);
        NumberFormat xf = format(xt.decimals());
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (int i = 0; i < xt.count(); i++) {
            double px = Math.min(LEFT + pw - 1, Math.round(LEFT + (xt.at(i) - x0) * xs));
            g.setFill(GRID);
            g.fillRect(px, TOP, 1, ph);
            g.setFill(TEXT);
            g.fillText(xf.format(xt.at(i)), px + 0.5, TOP + ph + 4);
        }
        NumberFormat yf = format(yt.decimals());
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i < yt.count(); i++) {
            double py = Math.min(TOP + ph - 1, Math.round(TOP + ph - (yt.at(i) - y0) * ys));
            g.setFill(GRID);
            g.fillRect(LEFT, py, pw, 1);
            g.setFill(TEXT);
            g.fillText(yf.format(yt.at(i)), LEFT - 5, py + 0.5);
        }
        g.setFill(AXIS);
        g.fillRect(LEFT, TOP, pw, 1);
        g.fillRect(LEFT, TOP + ph - 1, pw, 1);
        g.fillRect(LEFT, TOP, 1, ph);
        g.fillRect(LEFT + pw - 1, TOP, 1, ph);
        g.setFill(TEXT);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(xLabel, LEFT + pw / 2, h - 3);
        // The y axis's name sits above its tick labels, unrotated, level with the legend.
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(yLabel, 4, TOP / 2);

        // No clip needed: the axes cover every finite value, and the columns stop at the frame.
        for (Line line : lines) drawLine(g, line, x0, xs, y0, ys, TOP + ph, pw);
        drawLegend(g, w);
    }

    /**
     * Draws a line as one rectangle per pixel column ({@link ColumnSpans}); a NaN or infinite value
     * breaks it, and a finite value between two breaks is a dot. Markers are stroked circles.
     */
    private void drawLine(GraphicsContext g, Line line, double x0, double xs, double y0, double ys, double bottom, double pw) {
        ColumnSpans spans = new ColumnSpans((int) Math.ceil(pw));
        if (line.markers()) {
            g.setStroke(line.color());
            g.setLineWidth(line.width());
        }
        double lastX = Double.NaN, lastY = Double.NaN;
        for (int i = 0; i < line.points(); i++) {
            double x = (line.x()[i] - x0) * xs;
            double y = bottom - (line.y()[i] - y0) * ys;
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                lastX = Double.NaN;
                continue;
            }
            if (Double.isNaN(lastX)) spans.addPoint(x, y);
            else spans.addSegment(lastX, lastY, x, y);
            if (line.markers()) g.strokeOval(LEFT + x - 3.5, y - 3.5, 7, 7);
            lastX = x;
            lastY = y;
        }
        double w = line.width();
        g.setFill(line.color());
        for (int c = 0; c < spans.columns(); c++) {
            if (spans.covers(c)) g.fillRect(LEFT + c, spans.low(c) - w / 2, 1, spans.high(c) - spans.low(c) + w);
        }
    }

    private void drawLegend(GraphicsContext g, double w) {
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        double x = LEFT;
        for (Line line : lines) {
            g.setFill(line.color());
            g.fillRect(x, TOP / 2 - 4, 14, 8);
            g.setFill(TEXT);
            g.fillText(line.name(), x + 19, TOP / 2);
            LEGEND_TEXT.setText(line.name());
            x += 19 + LEGEND_TEXT.getLayoutBounds().getWidth() + 18;
            if (x > w - 60) break;
        }
    }

    /** The smallest and largest x (or y) over all lines, from 0 when the plot says so; [0, 1] when empty. */
    private double[] range(boolean ofX) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Line line : lines) {
            for (double v : ofX ? line.x() : line.y()) {
                if (!Double.isFinite(v)) continue;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) return new double[] {0, 1};
        if (fromZero) lo = Math.min(lo, 0);
        // A marker on the last value would be cut in half by the plot's edge.
        if (ofX && lines.stream().anyMatch(Line::markers)) hi += 0.04 * Math.max(hi - lo, 1);
        return new double[] {lo, hi};
    }

    private static NumberFormat format(int decimals) {
        NumberFormat f = NumberFormat.getNumberInstance(Locale.ROOT);
        f.setGroupingUsed(true);
        f.setMinimumFractionDigits(decimals);
        f.setMaximumFractionDigits(decimals);
        return f;
    }
}
