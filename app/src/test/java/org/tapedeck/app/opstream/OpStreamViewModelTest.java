package org.tapedeck.app.opstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tapedeck.app.feed.RecentOps;
import org.tapedeck.app.feed.SessionEvent;
import org.tapedeck.app.session.SessionState;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.TensorStats;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.tensor.Tensor;

/** The op stream fed with op events, no toolkit needed. */
class OpStreamViewModelTest {
    private static final Tensor A = TF.ones(2, 3);
    private static final Tensor B = TF.ones(3, 4);
    private static final Tensor C = TF.ones(2, 4);

    static OpEvent op(long seq, String name, Phase phase) {
        OpEvent e = new OpEvent(seq, name, Map.of(), new Tensor[] {A, B}, Device.CPU, phase, null);
        e.complete(C, 1500, null);
        return e;
    }

    // Filled as the engine thread would fill it, as each op runs.
    private RecentOps recent = new RecentOps(RecentOps.DEFAULT_CAPACITY, RecentOps.DEFAULT_BYTE_CAPACITY);

    private List<SessionEvent> ops(long from, int n) {
        List<SessionEvent> batch = new ArrayList<>();
        for (long s = from; s < from + n; s++) {
            OpEvent e = op(s, s % 3 == 0 ? "MatMul" : "AddV2", s % 2 == 0 ? Phase.FORWARD : Phase.BACKWARD);
            recent.record(e);
            batch.add(new SessionEvent.OpRan(e));
        }
        return batch;
    }

    private static List<SessionEvent> state(SessionState s) { return List.of(new SessionEvent.StateChanged(s, null)); }

    @Test
    void rowsShowShapesDtypeDeviceAndTime() {
        OpStreamViewModel vm = new OpStreamViewModel(recent);
        vm.accept(ops(3, 1));
        OpRow r = vm.rows().get(0);
        assertEquals(3, r.sequence());
        assertEquals("MatMul", r.opName());
        assertEquals("(2, 3), (3, 4) \u2192 (2, 4)", r.signature());
        assertEquals("float32", r.dtypeName());
        assertEquals("CPU:0", r.device().toString());
        assertEquals(1.5, r.micros(), 1e-9);
        assertEquals(Phase.BACKWARD, r.phase());
    }

    @Test
    void searchAndPhaseTogglesFilterRows() {
        OpStreamViewModel vm = new OpStreamViewModel(recent);
        vm.accept(ops(0, 30));
        assertEquals(30, vm.rows().size());
        vm.searchProperty().set("matmul");
        assertEquals(10, vm.rows().size());
        assertTrue(vm.rows().stream().allMatch(r -> r.opName().equals("MatMul")));
        vm.showBackwardProperty().set(false);
        assertTrue(vm.rows().stream().allMatch(r -> r.phase() == Phase.FORWARD && r.opName().equals("MatMul")));
        assertEquals(5, vm.rows().size());
        // New rows go through the same filters.
        vm.accept(ops(30, 6));
        assertEquals(6, vm.rows().size());
        vm.searchProperty().set("#7");
        assertEquals(0, vm.rows().size(), "#7 is a backward op, hidden");
        vm.showBackwardProperty().set(true);
        assertEquals(1, vm.rows().size());
        vm.searchProperty().set("");
        assertEquals(36, vm.rows().size());
    }

    @Test
    void keepsABoundedHistoryAndTensorsOnlyForRecentOps() {
        recent = new RecentOps(10, RecentOps.DEFAULT_BYTE_CAPACITY);
        OpStreamViewModel vm = new OpStreamViewModel(recent, 100, 1000, 0, System::nanoTime);
        for (int b = 0; b < 10; b++) vm.accept(ops(b * 25L, 25));
        assertEquals(100, vm.rows().size(), "only the last 100 rows are kept");
        assertEquals(150, vm.rows().get(0).sequence());
        assertEquals(249, vm.rows().get(99).sequence());
        assertNotNull(vm.event(249), "a recent op keeps its tensors");
        assertNull(vm.event(230), "an older one keeps only its row");
        assertTrue(vm.summaryProperty().get().contains("only the last 100"), vm.summaryProperty().get());
    }

    @Test
    void rowsOfOpsLetGoKeepTheStatisticsTheyLeftBehind() {
        OpStreamViewModel vm = new OpStreamViewModel(recent, 3, 1000, 0, System::nanoTime);
        TensorStats st = new TensorStats(4, -2, 4, 1, 2, 1, 0, 1);
        List<SessionEvent> batch = new ArrayList<>(ops(0, 5));
        for (long s = 0; s < 5; s++) batch.add(new SessionEvent.OpForgotten(s, st));
        vm.accept(batch);
        assertNull(vm.forgottenStats(1), "no more statistics than kept rows");
        assertEquals(st, vm.forgottenStats(4));
        vm.accept(List.of(new SessionEvent.Reset()));
        assertNull(vm.forgottenStats(4), "a new run forgets them");
    }

    @Test
    void aHundredThousandRowsStayCheap() {
        OpStreamViewModel vm = new OpStreamViewModel(recent);
        long t0 = System.nanoTime();
        // 250k ops in UI-sized batches: the ring drops the oldest 150k.
        for (int b = 0; b < 125; b++) vm.accept(ops(b * 2000L, 2000));
        double ms = (System.nanoTime() - t0) / 1e6;
        assertEquals(OpStreamViewModel.ROW_CAPACITY, vm.rows().size());
        assertEquals(150_000, vm.rows().get(0).sequence());
        // A generous bound for a shared 2-core machine: ~3 ms per 2,000-op batch is typical.
        assertTrue(ms < 10_000, "took " + ms + " ms");
        long t1 = System.nanoTime();
        vm.searchProperty().set("matmul");
        double filterMs = (System.nanoTime() - t1) / 1e6;
        assertTrue(filterMs < 2_000, "refiltering 100k rows took " + filterMs + " ms");
    }

    @Test
    void selectLastAndResetClear() {
        OpStreamViewModel vm = new OpStreamViewModel(recent);
        vm.accept(ops(0, 5));
        vm.selectLast();
        assertEquals(4, vm.selectedProperty().get().sequence());
        assertEquals(4, vm.selectedEvent().sequence());
        assertTrue(vm.opNames().containsAll(List.of("AddV2", "MatMul")));
        vm.accept(List.of(new SessionEvent.Reset()));
        assertTrue(vm.rows().isEmpty());
        assertNull(vm.selectedProperty().get());
        assertTrue(vm.opNames().isEmpty());
    }

    @Test
    void whileRunningRowsReachTheTableAtMostEveryIntervalAndAtOnceOnPause() {
        long[] now = {0};
        OpStreamViewModel vm = new OpStreamViewModel(recent, 1000, 1000, 250, () -> now[0]);
        List<SessionEvent> running = new ArrayList<>(List.of(new SessionEvent.StateChanged(SessionState.RUNNING, null)));
        running.addAll(ops(0, 3));
        vm.accept(running);
        assertEquals(3, vm.rows().size(), "the first batch shows at once");
        now[0] = 100;
        vm.accept(ops(3, 4));
        assertEquals(3, vm.rows().size(), "held back: 100 ns since the last append");
        now[0] = 260;
        vm.accept(ops(7, 2));
        assertEquals(9, vm.rows().size(), "the interval passed: everything held back arrives in order");
        now[0] = 270;
        vm.accept(ops(9, 1));
        assertEquals(9, vm.rows().size());
        vm.accept(List.of(new SessionEvent.StateChanged(SessionState.PAUSED, null)));
        assertEquals(10, vm.rows().size(), "a pause shows every row at once");
        assertEquals(9, vm.rows().get(9).sequence());
    }

    @Test
    void whileRunningTheTableShowsOnlyTheNewestRowsAndEveryRowOncePaused() {
        OpStreamViewModel vm = new OpStreamViewModel(recent, 10_000, 50, 0, System::nanoTime);
        vm.accept(ops(0, 30));
        assertFalse(vm.isWindowed());
        assertEquals(30, vm.rows().size());
        vm.accept(state(SessionState.RUNNING));
        assertTrue(vm.isWindowed());
        assertEquals(30, vm.rows().size(), "fewer rows than the window: all stay");
        for (int b = 0; b < 20; b++) {
            vm.accept(ops(30 + b * 100L, 100));
            assertEquals(50, vm.rows().size(), "running: the newest 50 only");
        }
        assertEquals(1980, vm.rows().get(0).sequence());
        assertEquals(2029, vm.rows().get(49).sequence());
        assertTrue(vm.summaryProperty().get().contains("2,030 ops"), vm.summaryProperty().get());
        assertTrue(vm.summaryProperty().get().contains("newest 50 shown while running"), vm.summaryProperty().get());

        // The filters apply inside the window while running ...
        vm.searchProperty().set("matmul");
        assertEquals(50, vm.rows().size());
        assertTrue(vm.rows().stream().allMatch(r -> r.opName().equals("MatMul")));
        assertEquals(2028, vm.rows().get(49).sequence());
        // ... and over every kept row once paused.
        vm.accept(state(SessionState.PAUSED));
        assertFalse(vm.isWindowed());
        assertEquals(677, vm.rows().size(), "every third op of 2,030 is a MatMul");
        vm.searchProperty().set("");
        assertEquals(2030, vm.rows().size());
        assertEquals(0, vm.rows().get(0).sequence());
        assertTrue(vm.summaryProperty().get().startsWith("2,030 ops \u00b7 2,030 shown"), vm.summaryProperty().get());

        // Stepping on: the window again, then the rows the step added with all the others.
        List<SessionEvent> step = new ArrayList<>(state(SessionState.RUNNING));
        step.addAll(ops(2030, 1));
        step.addAll(state(SessionState.PAUSED));
        vm.accept(step);
        assertEquals(2031, vm.rows().size());
        vm.selectLast();
        assertEquals(2030, vm.selectedEvent().sequence());
    }

    @Test
    void aBatchLargerThanTheWindowShowsItsNewestRows() {
        OpStreamViewModel vm = new OpStreamViewModel(recent, 10_000, 50, 0, System::nanoTime);
        List<SessionEvent> batch = new ArrayList<>(state(SessionState.RUNNING));
        batch.addAll(ops(0, 500));
        vm.accept(batch);
        assertEquals(50, vm.rows().size());
        assertEquals(450, vm.rows().get(0).sequence());
        vm.accept(state(SessionState.FINISHED));
        assertEquals(500, vm.rows().size(), "ended: everything");
    }
}
