package org.tapedeck.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tapedeck.app.feed.GradientSource;
import org.tapedeck.app.inspector.Fact;
import org.tapedeck.app.model.VariableRow;
import org.tapedeck.app.programs.DemoTraining;
import org.tapedeck.app.programs.ProgramEntry;
import org.tapedeck.app.session.Breakpoint;
import org.tapedeck.app.session.SessionState;
import org.tapedeck.app.session.StepMode;
import org.tapedeck.app.tape.TapeGraph;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The whole debugger model on a real session, without the toolkit: this test thread plays the UI
 * thread, pumping the feed and running the answers the engine sends back.
 */
class DebuggerViewModelTest {
    private final ConcurrentLinkedQueue<Runnable> uiQueue = new ConcurrentLinkedQueue<>();
    private DebuggerViewModel vm;

    private DebuggerViewModel open(ProgramEntry p) {
        vm = new DebuggerViewModel(p, uiQueue::add);
        vm.start();
        return vm;
    }

    @AfterEach
    void close() throws InterruptedException {
        if (vm != null) {
            vm.close();
            vm.session().awaitEnd(5000);
        }
    }

    /** Pumps (and runs UI tasks) until {@code done}, or fails after 10 s. */
    private void pumpUntil(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            vm.pump();
            Runnable r;
            while ((r = uiQueue.poll()) != null) r.run();
            if (done.getAsBoolean()) return;
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    private void pausedAgain() throws InterruptedException {
        assertTrue(vm.session().awaitPause(10_000), "state " + vm.session().state());
        pumpUntil("the pause to reach the UI", () -> vm.stepping().stateProperty().get() == SessionState.PAUSED);
    }

    private static String fact(DebuggerViewModel vm, String name) {
        return vm.inspector().facts().stream().filter(f -> f.name().equals(name)).findFirst().map(Fact::value).orElse(null);
    }

    private static ProgramEntry demo() {
        return new ProgramEntry("demo", "small demo", new DemoTraining(3, 4, 8));
    }

    @Test
    void startsPausedBeforeTheFirstOpAndShowsItsInputs() throws InterruptedException {
        open(demo());
        pausedAgain();
        assertTrue(vm.opStream().rows().isEmpty());
        assertTrue(vm.status().stateProperty().get().startsWith("Paused: paused before the first op"),
                vm.status().stateProperty().get());
        assertTrue(vm.inspector().titleProperty().get().contains("not run yet"), vm.inspector().titleProperty().get());
        assertTrue(vm.stepping().canRunProperty().get());
    }

    @Test
    void steppingOneOpShowsItsOutputInTheInspector() throws InterruptedException {
        open(demo());
        pausedAgain();
        vm.stepping().step(StepMode.OP);
        pausedAgain();
        pumpUntil("the inspector", () -> fact(vm, "shape") != null);
        assertEquals(1, vm.opStream().rows().size());
        assertEquals(vm.opStream().rows().get(0), vm.opStream().selectedProperty().get());
        assertEquals("output", vm.inspector().selectedProperty().get().label());
        assertTrue(vm.inspector().titleProperty().get().startsWith("#" + vm.opStream().rows().get(0).sequence()));
        assertEquals("(144, 32)", fact(vm, "shape"), "the demo's first op draws the first layer's weights");
    }

    @Test
    void batchesFillTheLossChartTapeAndVariables() throws InterruptedException {
        open(demo());
        pausedAgain();
        vm.stepping().step(StepMode.END_OF_BACKWARD);
        pausedAgain();
        TapeGraph g = vm.tape().graph();
        assertTrue(g.nodes().stream().anyMatch(TapeGraph.Node::isLoss), "the loss is marked");
        assertTrue(g.nodes().stream().anyMatch(n -> n.phase() == Phase.BACKWARD), "backward ops are on the graph");
        assertTrue(g.nodes().stream().anyMatch(n -> n.kind() == TapeGraph.Kind.VARIABLE && n.label().equals("dense/kernel")));
        for (TapeGraph.Edge e : g.edges()) assertTrue(e.from().layer() < e.to().layer(), "layers follow the data");
        assertEquals(4, vm.tape().gradients().size());
        GradientSource first = vm.tape().gradients().get(0);
        vm.tape().selectedGradientProperty().set(first);
        pumpUntil("the gradient in the inspector", () -> fact(vm, "shape") != null
                && vm.inspector().titleProperty().get().equals("gradient of dense/kernel"));
        // The tape holds no tensors: its nodes find theirs among the ops the engine thread keeps.
        TapeGraph.Node lastOp = g.nodes().stream().filter(n -> n.kind() == TapeGraph.Kind.OP).reduce((a, b) -> b).orElseThrow();
        vm.tape().selectedProperty().set(lastOp);
        pumpUntil("the tape's op in the inspector", () -> vm.inspector().titleProperty().get().startsWith("#" + lastOp.op().sequence() + " ")
                && fact(vm, "shape") != null);
        assertEquals(lastOp.tensorId(), vm.inspector().selectedProperty().get().tensor().id(), "the op's output");
        TapeGraph.Node kernel = g.nodes().stream()
                .filter(n -> n.kind() == TapeGraph.Kind.VARIABLE && n.label().equals("dense/kernel")).findFirst().orElseThrow();
        vm.tape().selectedProperty().set(kernel);
        pumpUntil("the variable's value in the inspector", () -> vm.inspector().titleProperty().get().equals("dense/kernel (variable)")
                && "(144, 32)".equals(fact(vm, "shape")));
        assertEquals(kernel.tensorId(), vm.inspector().selectedProperty().get().tensor().id(), "the value the forward pass read");

        for (int i = 0; i < 3; i++) {
            vm.stepping().step(StepMode.BATCH);
            pausedAgain();
        }
        assertEquals(3, vm.loss().steps(), "three steps: one loss each");
        pumpUntil("the plot", () -> vm.loss().plotProperty().get().rawPoints() == 3);
        assertEquals(4, vm.model().variables().size());
        VariableRow w = vm.model().variables().get(0);
        assertEquals("dense/kernel", w.name());
        assertEquals("(144, 32)", w.shape());
        assertTrue(w.updateRatio() > 0 && w.updateRatio() < 1, "ratio " + w.updateRatio());
        assertTrue(w.gradientNorm() > 0);
        assertTrue(vm.status().progressProperty().get().contains("step 3"), vm.status().progressProperty().get());

        vm.stepping().step(StepMode.EPOCH);
        pausedAgain();
        assertTrue(vm.status().progressProperty().get().startsWith("epoch 2"), vm.status().progressProperty().get());
    }

    @Test
    void aNanBreakpointStopsAtTheOpThatMadeIt() throws InterruptedException {
        open(new ProgramEntry("nan", "0/0", out -> {
            Tensor x = TF.constant(new float[][] {{1, 0}, {2, 0}});
            Tensor y = TF.divide(x, TF.constant(new float[][] {{1, 0}, {1, 0}}));
            TF.add(y, 1);
        }));
        vm.breakpoints().add(new Breakpoint.OnNonFinite());
        pausedAgain();
        vm.stepping().resume();
        pausedAgain();
        pumpUntil("the inspector", () -> fact(vm, "NaN") != null);
        assertEquals("RealDiv", vm.opStream().selectedProperty().get().opName());
        assertEquals("2", fact(vm, "NaN"));
        assertTrue(vm.status().stateProperty().get().contains("NaN"), vm.status().stateProperty().get());
        // The next op's output holds the NaN too: without the breakpoint the program runs to its end.
        vm.breakpoints().remove(vm.breakpoints().breakpoints().get(0));
        vm.stepping().resume();
        assertTrue(vm.session().awaitEnd(5000));
        pumpUntil("the end", () -> vm.stepping().stateProperty().get() == SessionState.FINISHED);
    }

    @Test
    void restartClearsThePanelsAndPausesAtTheFirstOpAgain() throws InterruptedException {
        open(demo());
        pausedAgain();
        vm.stepping().step(StepMode.BATCH);
        pausedAgain();
        assertTrue(vm.opStream().rows().size() > 10);
        vm.stepping().restart();
        pumpUntil("the restart", () -> vm.opStream().rows().isEmpty() && vm.session().state() == SessionState.PAUSED
                && vm.stepping().stateProperty().get() == SessionState.PAUSED);
        assertEquals(0, vm.loss().steps());
        assertTrue(vm.model().variables().isEmpty());
        assertTrue(vm.tape().graph().isEmpty());
        assertNotNull(vm.session().pausePoint());
    }

    @Test
    void aFailingProgramSaysWhyInTheOutput() throws InterruptedException {
        open(new ProgramEntry("bad", "shapes", out -> {
            out.println("about to fail");
            TF.matmul(TF.ones(2, 3), TF.ones(2, 3));
        }));
        pausedAgain();
        vm.stepping().resume();
        assertTrue(vm.session().awaitEnd(5000));
        pumpUntil("the failure", () -> vm.stepping().stateProperty().get() == SessionState.FAILED);
        assertTrue(vm.output().lines().contains("about to fail"));
        assertTrue(vm.output().lines().stream().anyMatch(l -> l.contains("MatMul")), String.valueOf(vm.output().lines()));
        assertTrue(vm.status().stateProperty().get().startsWith("Failed"));
    }

    @Test
    void whileRunningThePanelsAreUpdatedAFewTimesASecondButAStateChangeAtOnce() throws InterruptedException {
        java.util.concurrent.atomic.AtomicBoolean go = new java.util.concurrent.atomic.AtomicBoolean(true);
        open(new ProgramEntry("loop", "adds until stopped", out -> {
            Tensor x = TF.ones(2);
            while (go.get()) x = TF.add(x, x).mul(0.5);
        }));
        pausedAgain();
        vm.stepping().resume();
        pumpUntil("running", () -> vm.stepping().stateProperty().get() == SessionState.RUNNING);
        // The engine thread tells its own RUNNING right after it resumes; drain it before timing pumps.
        Thread.sleep(100);
        vm.pump();
        long t = System.nanoTime();
        assertTrue(vm.pumpIfDue(t + DebuggerViewModel.RUNNING_PUMP_NANOS));
        assertFalse(vm.pumpIfDue(t + DebuggerViewModel.RUNNING_PUMP_NANOS + 1_000_000), "1 ms later: not yet");
        assertTrue(vm.pumpIfDue(t + 2 * DebuggerViewModel.RUNNING_PUMP_NANOS), "an interval later");
        vm.stepping().pause();
        assertTrue(vm.session().awaitPause(10_000));
        Thread.sleep(100);   // the engine thread tells its observers right after it pauses
        assertTrue(vm.pumpIfDue(t + 2 * DebuggerViewModel.RUNNING_PUMP_NANOS + 1_000_000), "a pause is shown at once");
        assertEquals(SessionState.PAUSED, vm.stepping().stateProperty().get());
        assertFalse(vm.pumpIfDue(t + 2 * DebuggerViewModel.RUNNING_PUMP_NANOS + 2_000_000), "paused, nothing new: no pump");
        assertTrue(vm.pumpIfDue(t + 3 * DebuggerViewModel.RUNNING_PUMP_NANOS + 1_000_000), "a second later: the clock's figures");
        vm.stepping().step(StepMode.OP);
        assertTrue(vm.session().awaitPause(10_000));
        Thread.sleep(100);
        assertTrue(vm.pumpIfDue(t + 3 * DebuggerViewModel.RUNNING_PUMP_NANOS + 2_000_000), "a step is shown at once");
        go.set(false);
    }
}
