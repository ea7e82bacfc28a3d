package org.tapedeck.app.ui;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;

/**
 * A canvas that fills its region and is redrawn whenever the region is resized or
 * {@link #redraw()} is called.
 */
public abstract class CanvasPane extends Region {
    private final Canvas canvas = new Canvas();

    protected CanvasPane() {
        getChildren().add(canvas);
        setMinSize(0, 0);
    }

    protected abstract void draw(GraphicsContext g, double w, double h);

    public void redraw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (w > 0 && h > 0) draw(g, w, h);
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth());
        double h = snapSizeY(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
        }
        redraw();
    }

    @Override
    protected double computePrefWidth(double height) { return 200; }

    @Override
    protected double computePrefHeight(double width) { return 150; }
}
