package org.tapedeck.app.charts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import org.tapedeck.app.feed.EpochCounter;
import org.tapedeck.app.feed.SessionEvent;
import org.tapedeck.app.session.SessionState;
import org.tapedeck.app.ui.Formats;

/**
 * The live loss chart: one point per {@code GradientTape.gradient} (the loss of that step), and its
 * moving average, decimated to what a chart can draw. The plot is recomputed at most
 * {@link #REFRESH_NANOS} apart while the program runs, and at once when it pauses or ends.
 *
 * <p>Accuracy comes from the metrics the program reads ({@code Metric.result()} is heard as a
 * metric event): every metric whose name mentions accuracy gets a point per epoch, its last value
 * in that epoch (counted by {@link EpochCounter}).
 *
 * <pre>{@code
 * LossChartViewModel vm = new LossChartViewModel();
 * vm.accept(feed.drain());
 * vm.plotProperty().get().rawPoints();
 * }</pre>
 */
public final class LossChartViewModel {
    public static final int MAX_POINTS = 600;
    public static final long REFRESH_NANOS = 1_000_000_000L;

    private final LossSeries series = new LossSeries(1_000_000, 0.95);
    private final LongSupplier clock;
    private final ReadOnlyObjectWrapper<LossPlot> plot = new ReadOnlyObjectWrapper<>(this, "plot", LossPlot.EMPTY);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "No loss yet.");
    private final ReadOnlyObjectWrapper<AccuracyPlot> accuracy = new ReadOnlyObjectWrapper<>(this, "accuracy", AccuracyPlot.EMPTY);
    private final Map<String, TreeMap<Integer, Double>> accuracyByEpoch = new LinkedHashMap<>();
    private final EpochCounter epochs = new EpochCounter();
    private String lastAccuracy = "";
    private long steps;
    private long lastRefresh = Long.MIN_VALUE;
    private boolean dirty;

    public LossChartViewModel() { this(System::nanoTime); }

    /** @param clock nanoseconds, for throttling (tests pass their own) */
    public LossChartViewModel(LongSupplier clock) { this.clock = clock; }

    public ReadOnlyObjectProperty<LossPlot> plotProperty() { return plot.getReadOnlyProperty(); }

    /** "step 120 · loss 0.3121 · smoothed 0.3307". */
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }

    /** Accuracy per epoch, for every accuracy metric the program read. */
    public ReadOnlyObjectProperty<AccuracyPlot> accuracyProperty() { return accuracy.getReadOnlyProperty(); }

    /** Losses seen in this run (points kept may be fewer). */
    public long steps() { return steps; }

    /** Takes one batch from the feed (UI thread). */
    public void accept(List<SessionEvent> batch) {
        boolean now = false;
        for (SessionEvent e : batch) {
            if (e instanceof SessionEvent.GradientRan g) {
                steps++;
                series.add(steps, g.loss());
                dirty = true;
            } else if (e instanceof SessionEvent.EpochBegan ep) {
                epochs.began(ep.epoch());
            } else if (e instanceof SessionEvent.MetricReported m && m.metric().name().toLowerCase(Locale.ROOT).contains("accuracy")) {
                accuracyByEpoch.computeIfAbsent(m.metric().name(), k -> new TreeMap<>()).put(Math.max(1, epochs.epoch()), m.metric().value());
                lastAccuracy = String.format(Locale.ROOT, " \u00b7 accuracy %.2f%% (epoch %d)", 100 * m.metric().value(), Math.max(1, epochs.epoch()));
                accuracy.set(accuracyPlot());
            } else if (e instanceof SessionEvent.Reset) {
                series.clear();
                steps = 0;
                dirty = true;
                now = true;
                accuracyByEpoch.clear();
                epochs.reset();
                lastAccuracy = "";
                accuracy.set(AccuracyPlot.EMPTY);
            } else if (e instanceof SessionEvent.StateChanged s && s.state() != SessionState.RUNNING) {
                now = true;
            }
        }
        long t = clock.getAsLong();
        if (dirty && (now || lastRefresh == Long.MIN_VALUE || t - lastRefresh >= REFRESH_NANOS)) {
            lastRefresh = t;
            dirty = false;
            plot.set(series.decimate(MAX_POINTS));
        }
        // The numbers are cheap: they follow every batch, only the curve waits for its refresh.
        summary.set(series.size() == 0 ? "No loss yet." + lastAccuracy
                : "step " + steps + " \u00b7 loss " + Formats.number(series.lastRaw()) + " \u00b7 smoothed "
                + Formats.number(series.lastSmooth()) + lastAccuracy);
    }

    private AccuracyPlot accuracyPlot() {
        List<AccuracyPlot.Series> out = new ArrayList<>();
        accuracyByEpoch.forEach((name, points) -> {
            double[] x = new double[points.size()];
            double[] y = new double[points.size()];
            int i = 0;
            for (Map.Entry<Integer, Double> p : points.entrySet()) {
                x[i] = p.getKey();
                y[i++] = p.getValue();
            }
            out.add(new AccuracyPlot.Series(name, x, y));
        });
        return new AccuracyPlot(List.copyOf(out));
    }
}
