package org.tapedeck.app.charts;

import java.util.List;

/**
 * Accuracy per epoch, one series per accuracy metric the program read: x is the epoch (1-based),
 * y the metric's last value in that epoch.
 */
public record AccuracyPlot(List<Series> series) {
    public static final AccuracyPlot EMPTY = new AccuracyPlot(List.of());

    /** One metric's points. */
    public record Series(String name, double[] epochs, double[] values) {}

    public int points() { return series.stream().mapToInt(s -> s.epochs().length).sum(); }
}
