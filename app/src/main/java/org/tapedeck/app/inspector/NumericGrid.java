package org.tapedeck.app.inspector;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import org.tapedeck.app.ui.Formats;
import org.tapedeck.app.ui.ScrollableCanvas;

/**
 * The values of a {@link Slice2D} as a grid with row and column indices. Only the cells in view are
 * read and formatted, so a slice of millions of cells scrolls as smoothly as a small one.
 */
public final class NumericGrid extends ScrollableCanvas {
    private static final double CELL_W = 84;
    private static final double CELL_H = 20;
    private static final double HEADER_W = 56;
    private static final double HEADER_H = 20;
    private static final Font FONT = Font.font("Monospaced", 12);

    private Slice2D slice;

    public NumericGrid() { getStyleClass().add("numeric-grid"); }

    public void show(Slice2D s) {
        slice = s;
        scrollTo(0, 0);
        redraw();
    }

    @Override
    protected double contentWidth() { return slice == null ? 0 : HEADER_W + slice.cols() * CELL_W; }

    @Override
    protected double contentHeight() { return slice == null ? 0 : HEADER_H + slice.rows() * CELL_H; }

    @Override
    protected void draw(GraphicsContext g, double x, double y, double w, double h) {
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        if (slice == null) return;
        g.setFont(FONT);
        g.setTextBaseline(VPos.CENTER);
        int c0 = (int) Math.max(0, Math.floor(x / CELL_W));
        int c1 = (int) Math.min(slice.cols(), Math.ceil((x + w - HEADER_W) / CELL_W) + 1);
        int r0 = (int) Math.max(0, Math.floor(y / CELL_H));
        int r1 = (int) Math.min(slice.rows(), Math.ceil((y + h - HEADER_H) / CELL_H) + 1);
        g.setTextAlign(TextAlignment.RIGHT);
        for (int r = r0; r < r1; r++) {
            double cy = HEADER_H + r * CELL_H - y;
            if (r % 2 == 1) {
                g.setFill(Color.web("#f4f6f9"));
                g.fillRect(HEADER_W, cy, w, CELL_H);
            }
            for (int c = c0; c < c1; c++) {
                double cx = HEADER_W + c * CELL_W - x;
                double v = slice.value(r, c);
                g.setFill(Double.isFinite(v) ? Color.web("#1d2630") : Color.web("#c0007a"));
                g.fillText(Formats.number(v), cx + CELL_W - 6, cy + CELL_H / 2);
            }
        }
        // Headers last, over the cells, so they stay put while scrolling.
        g.setFill(Color.web("#e8ecf1"));
        g.fillRect(0, 0, w, HEADER_H);
        g.fillRect(0, 0, HEADER_W, h);
        g.setFill(Color.web("#5a6675"));
        g.setTextAlign(TextAlignment.CENTER);
        for (int c = c0; c < c1; c++) g.fillText(Integer.toString(c), HEADER_W + c * CELL_W - x + CELL_W / 2, HEADER_H / 2);
        g.setTextAlign(TextAlignment.RIGHT);
        for (int r = r0; r < r1; r++) g.fillText(Integer.toString(r), HEADER_W - 6, HEADER_H + r * CELL_H - y + CELL_H / 2);
        g.setFill(Color.web("#e8ecf1"));
        g.fillRect(0, 0, HEADER_W, HEADER_H);
    }
}
