package org.tapedeck.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.tapedeck.app.feed.SessionEvent;
import org.tapedeck.app.session.SessionState;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.events.EpochEvent;
import org.tapedeck.engine.events.GradientEvent;
import org.tapedeck.engine.events.MetricEvent;

/** Loss points, their moving average, decimation and throttling. */
class LossChartViewModelTest {

    private static SessionEvent loss(double v) {
        return new SessionEvent.GradientRan(new GradientEvent(TF.constant(v), List.of(), List.of()), v, List.of());
    }

    @Test
    void emaStartsUnbiasedAndFollowsTheLoss() {
        LossSeries s = new LossSeries(1000, 0.9);
        s.add(1, 4);
        assertEquals(4, s.lastSmooth(), 1e-12, "debiased: the first average is the first value");
        for (int i = 2; i <= 200; i++) s.add(i, 1);
        assertEquals(1, s.lastSmooth(), 1e-6);
        s.add(201, Double.NaN);
        assertEquals(200, s.size(), "NaN losses are not plotted");
    }

    @Test
    void decimationKeepsSpikesAndBoundsPoints() {
        LossSeries s = new LossSeries(100_000, 0.95);
        for (int i = 1; i <= 50_000; i++) s.add(i, i == 31_337 ? 100 : 1);
        LossPlot p = s.decimate(800);
        assertTrue(p.rawPoints() <= 800, "points " + p.rawPoints());
        double max = 0;
        for (double y : p.rawY()) max = Math.max(max, y);
        assertEquals(100, max, "the spike survives decimation");
        assertEquals(50_000, p.smoothX()[p.smoothX().length - 1]);
    }

    @Test
    void aFullSeriesKeepsEveryOtherPoint() {
        LossSeries s = new LossSeries(8, 0.5);
        for (int i = 1; i <= 9; i++) s.add(i, i);
        assertEquals(5, s.size());
        LossPlot p = s.decimate(100);
        assertEquals(1, p.rawX()[0]);
        assertEquals(9, p.rawX()[4]);
    }

    @Test
    void plotsAreThrottledWhileRunningAndFlushedOnPause() {
        AtomicLong now = new AtomicLong(0);
        LossChartViewModel vm = new LossChartViewModel(now::get);
        vm.accept(List.of(loss(3)));
        assertEquals(1, vm.plotProperty().get().rawPoints(), "the first point shows at once");
        now.addAndGet(10_000_000);
        vm.accept(List.of(loss(2)));
        assertEquals(1, vm.plotProperty().get().rawPoints(), "10 ms later: not yet redrawn");
        now.addAndGet(LossChartViewModel.REFRESH_NANOS);
        vm.accept(List.of());
        assertEquals(2, vm.plotProperty().get().rawPoints(), "an empty batch later flushes it");
        vm.accept(List.of(loss(1), new SessionEvent.StateChanged(SessionState.PAUSED, null)));
        assertEquals(3, vm.plotProperty().get().rawPoints(), "a pause shows everything");
        assertTrue(vm.summaryProperty().get().startsWith("step 3"));
        List<SessionEvent> many = new ArrayList<>();
        for (int i = 0; i < 5000; i++) many.add(loss(1.0 / (i + 1)));
        many.add(new SessionEvent.StateChanged(SessionState.FINISHED, null));
        vm.accept(many);
        assertTrue(vm.plotProperty().get().rawPoints() <= LossChartViewModel.MAX_POINTS);
        vm.accept(List.of(new SessionEvent.Reset()));
        assertEquals(0, vm.plotProperty().get().rawPoints());
    }

    @Test
    void accuracyMetricsBecomeOnePointPerEpoch() {
        LossChartViewModel vm = new LossChartViewModel(() -> 0);
        List<SessionEvent> batch = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            batch.add(new SessionEvent.EpochBegan(new EpochEvent("mnist", e)));
            batch.add(loss(2.0 - e));
            // The evaluation iterates a fresh test dataset: its pass must not reset the epoch.
            batch.add(new SessionEvent.EpochBegan(new EpochEvent("test", 0)));
            batch.add(new SessionEvent.MetricReported(new MetricEvent("sparse_categorical_accuracy", 0.1)));
            batch.add(new SessionEvent.MetricReported(new MetricEvent("sparse_categorical_accuracy", 0.4 + 0.1 * e)));
            batch.add(new SessionEvent.MetricReported(new MetricEvent("mean_loss", 7)));
        }
        vm.accept(batch);
        AccuracyPlot p = vm.accuracyProperty().get();
        assertEquals(1, p.series().size(), "only metrics named like accuracy are plotted");
        assertEquals("sparse_categorical_accuracy", p.series().get(0).name());
        assertEquals(List.of(1.0, 2.0, 3.0), java.util.Arrays.stream(p.series().get(0).epochs()).boxed().toList());
        assertEquals(0.6, p.series().get(0).values()[2], 1e-12, "the last value in an epoch wins");
        assertTrue(vm.summaryProperty().get().contains("accuracy 60.00% (epoch 3)"), vm.summaryProperty().get());
        vm.accept(List.of(new SessionEvent.Reset()));
        assertEquals(0, vm.accuracyProperty().get().points());
    }
}
