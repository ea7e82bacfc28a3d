package org.tapedeck.app.inspector;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import org.tapedeck.app.ui.CanvasPane;
import org.tapedeck.app.ui.Formats;

/** Draws a {@link Histogram} as bars, with the value range below and the tallest count above. */
public final class HistogramPane extends CanvasPane {
    private static final Font FONT = Font.font(11);
    private Histogram histogram;

    public HistogramPane() { getStyleClass().add("histogram"); }

    public void show(Histogram h) {
        histogram = h;
        redraw();
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(FONT);
        g.setTextBaseline(VPos.CENTER);
        if (histogram == null || histogram.maxCount() == 0) {
            g.setFill(Color.GRAY);
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText(histogram == null ? "" : "no finite values", w / 2, h / 2);
            return;
        }
        double left = 12;
        double right = w - 12;
        double top = 22;
        double bottom = h - 24;
        double bw = (right - left) / histogram.bins();
        long max = histogram.maxCount();
        g.setFill(Color.web("#3b78c2"));
        for (int i = 0; i < histogram.bins(); i++) {
            double bh = (bottom - top) * histogram.counts()[i] / (double) max;
            g.fillRect(left + i * bw + 0.5, bottom - bh, Math.max(1, bw - 1), bh);
        }
        g.setStroke(Color.web("#8895a5"));
        g.strokeLine(left, bottom + 0.5, right, bottom + 0.5);
        g.setFill(Color.web("#33404f"));
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(Formats.number(histogram.min()), left, bottom + 12);
        g.fillText("max count " + max, left, top - 12);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(Formats.number(histogram.max()), right, bottom + 12);
    }
}
