package org.tapedeck.app.ui;

import javafx.geometry.Orientation;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;

/**
 * A canvas the size of its viewport over a larger virtual content, with scroll bars: only what is
 * in view is drawn, so content of any size costs the same. Subclasses say how big the content is
 * and draw the visible part.
 *
 * <pre>{@code
 * class Grid extends ScrollableCanvas {
 *     protected double contentWidth() { return cols * 80; }
 *     protected double contentHeight() { return rows * 20; }
 *     protected void draw(GraphicsContext g, double x, double y, double w, double h) { ... }
 * }
 * }</pre>
 */
public abstract class ScrollableCanvas extends Region {
    private final Canvas canvas = new Canvas();
    private final ScrollBar hbar = new ScrollBar();
    private final ScrollBar vbar = new ScrollBar();

    protected ScrollableCanvas() {
        vbar.setOrientation(Orientation.VERTICAL);
        getChildren().addAll(canvas, hbar, vbar);
        hbar.valueProperty().addListener((o, a, b) -> redraw());
        vbar.valueProperty().addListener((o, a, b) -> redraw());
        addEventHandler(ScrollEvent.SCROLL, e -> {
            double dy = e.isShiftDown() && e.getDeltaX() == 0 ? 0 : e.getDeltaY();
            double dx = e.isShiftDown() && e.getDeltaX() == 0 ? e.getDeltaY() : e.getDeltaX();
            if (vbar.isVisible()) vbar.setValue(clamp(vbar.getValue() - dy, vbar));
            if (hbar.isVisible()) hbar.setValue(clamp(hbar.getValue() - dx, hbar));
            e.consume();
        });
        setMinSize(0, 0);
    }

    private static double clamp(double v, ScrollBar bar) { return Math.max(bar.getMin(), Math.min(bar.getMax(), v)); }

    /** Width of the whole content in pixels. */
    protected abstract double contentWidth();

    /** Height of the whole content in pixels. */
    protected abstract double contentHeight();

    /**
     * Draws the content's rectangle starting at ({@code x}, {@code y}) into a canvas of
     * {@code w} x {@code h} (the canvas origin is the rectangle's corner).
     */
    protected abstract void draw(GraphicsContext g, double x, double y, double w, double h);

    /** Horizontal scroll offset in content pixels. */
    protected double scrollX() { return hbar.isVisible() ? hbar.getValue() : 0; }

    protected double scrollY() { return vbar.isVisible() ? vbar.getValue() : 0; }

    /** Scrolls so that content point (x, y) is at the viewport's top-left, as far as possible. */
    public void scrollTo(double x, double y) {
        layoutBars();
        hbar.setValue(clamp(x, hbar));
        vbar.setValue(clamp(y, vbar));
    }

    /** Call when the content changed. */
    public void redraw() {
        layoutBars();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (w > 0 && h > 0) draw(g, scrollX(), scrollY(), w, h);
    }

    private void layoutBars() {
        double w = getWidth();
        double h = getHeight();
        double bar = 14;
        boolean needV = contentHeight() > h;
        boolean needH = contentWidth() > w - (needV ? bar : 0);
        needV = contentHeight() > h - (needH ? bar : 0);
        double vw = Math.max(0, w - (needV ? bar : 0));
        double vh = Math.max(0, h - (needH ? bar : 0));
        setBar(hbar, needH, contentWidth(), vw);
        setBar(vbar, needV, contentHeight(), vh);
        if (canvas.getWidth() != vw) canvas.setWidth(vw);
        if (canvas.getHeight() != vh) canvas.setHeight(vh);
        hbar.resizeRelocate(0, vh, vw, needH ? bar : 0);
        vbar.resizeRelocate(vw, 0, needV ? bar : 0, vh);
    }

    private static void setBar(ScrollBar b, boolean needed, double content, double view) {
        b.setVisible(needed);
        double max = Math.max(0, content - view);
        b.setMin(0);
        b.setMax(max);
        b.setVisibleAmount(content <= 0 ? 1 : view / content * max);
        b.setUnitIncrement(20);
        b.setBlockIncrement(Math.max(20, view * 0.9));
        if (b.getValue() > max) b.setValue(max);
    }

    @Override
    protected void layoutChildren() { redraw(); }

    @Override
    protected double computePrefWidth(double height) { return 200; }

    @Override
    protected double computePrefHeight(double width) { return 150; }
}
