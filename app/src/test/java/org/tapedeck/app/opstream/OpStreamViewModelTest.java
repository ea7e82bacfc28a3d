package org.tapedeck.app.opstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javafx.collections.ListChangeListener;

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
        OpStreamViewModel vm = new OpStreamViewModel(recent, 100);
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
        OpStreamViewModel vm = new OpStreamViewModel(recent, 3);
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
    void whileRunningTheTableHoldsStillAndCatchesUpOnPause() {
        OpStreamViewModel vm = new OpStreamViewModel(recent, 10_000);
        vm.accept(ops(0, 30));
        assertEquals(30, vm.rows().size(), "paused: rows appear at once");
        List<ListChangeListener.Change<? extends OpRow>> changes = new ArrayList<>();
        vm.rows().addListener((ListChangeListener<OpRow>) changes::add);
        vm.accept(state(SessionState.RUNNING));
        for (int b = 0; b < 20; b++) vm.accept(ops(30 + b * 100L, 100));
        assertTrue(changes.isEmpty(), "running: the table's rows never change");
        assertEquals(29, vm.rows().get(29).sequence());
        assertTrue(vm.summaryProperty().get().startsWith("2,030 ops \u00b7 running"), vm.summaryProperty().get());

        vm.accept(state(SessionState.PAUSED));
        assertEquals(2030, vm.rows().size(), "paused: every new row, in one change");
        assertEquals(1, changes.size());
        assertEquals(2029, vm.rows().get(2029).sequence());
        assertTrue(vm.summaryProperty().get().startsWith("2,030 ops \u00b7 2,030 shown"), vm.summaryProperty().get());

        // A filter set while running applies to the rows the program added as well.
        vm.accept(state(SessionState.RUNNING));
        vm.accept(ops(2030, 300));
        vm.searchProperty().set("matmul");
        assertEquals(777, vm.rows().size(), "every third op of 2,330 is a MatMul");
        vm.accept(state(SessionState.PAUSED));
        assertEquals(777, vm.rows().size(), "nothing new to catch up with");
        vm.searchProperty().set("");
        assertEquals(2330, vm.rows().size());

        // A step: running, one op, paused.
        List<SessionEvent> step = new ArrayList<>(state(SessionState.RUNNING));
        step.addAll(ops(2330, 1));
        step.addAll(state(SessionState.PAUSED));
        vm.accept(step);
        assertEquals(2331, vm.rows().size());
        vm.selectLast();
        assertEquals(2330, vm.selectedEvent().sequence());
    }

    @Test
    void rowsLetGoWhileRunningLeaveTheTableOnPause() {
        OpStreamViewModel vm = new OpStreamViewModel(recent, 100);
        vm.accept(ops(0, 80));
        List<SessionEvent> batch = new ArrayList<>(state(SessionState.RUNNING));
        batch.addAll(ops(80, 500));
        vm.accept(batch);
        assertEquals(80, vm.rows().size(), "running: the old rows stay in view");
        vm.accept(state(SessionState.FINISHED));
        assertEquals(100, vm.rows().size(), "ended: only the kept rows");
        assertEquals(480, vm.rows().get(0).sequence());
        assertEquals(579, vm.rows().get(99).sequence());
    }

    @Test
    void theSearchMatchesTheNameAsShownAndTheEmptyTableSaysWhy() {
        OpStreamViewModel vm = new OpStreamViewModel(recent);
        assertEquals(OpStreamViewModel.NO_OPS_YET, vm.emptyTextProperty().get());
        OpEvent relu = new OpEvent(0, "Relu", Map.of(), new Tensor[] {C}, Device.CPU, Phase.FORWARD, null, "sequential/conv2d");
        relu.complete(C, 10, null);
        recent.record(relu);
        vm.accept(List.of(new SessionEvent.OpRan(relu)));
        assertEquals("conv2d/Relu", vm.rows().get(0).qualifiedName());
        vm.searchProperty().set("conv2d/relu");
        assertEquals(1, vm.rows().size(), "the name as the table shows it");
        vm.searchProperty().set("matmul");
        assertTrue(vm.rows().isEmpty());
        assertEquals("No op matches the filters.", vm.emptyTextProperty().get());
        vm.accept(state(SessionState.RUNNING));
        assertTrue(vm.emptyTextProperty().get().startsWith("The program runs"), vm.emptyTextProperty().get());
    }
}
