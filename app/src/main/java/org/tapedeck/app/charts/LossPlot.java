package org.tapedeck.app.charts;

/** The points to draw: the raw loss and its moving average, each as x (step) and y arrays. */
public record LossPlot(double[] rawX, double[] rawY, double[] smoothX, double[] smoothY) {
    public static final LossPlot EMPTY = new LossPlot(new double[0], new double[0], new double[0], new double[0]);

    public int rawPoints() { return rawX.length; }
}
