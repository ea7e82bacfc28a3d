package org.tapedeck.app.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.GradientTape;
import org.tapedeck.engine.events.EpochEvent;
import org.tapedeck.engine.events.ExecutionEvents;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.events.StepEvent;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/** The stepping interface, driven by a small training loop whose only voice is the engine's events. */
class DebugSessionTest {
    private DebugSession session;
    private final List<OpEvent> ops = new CopyOnWriteArrayList<>();
    private final List<Double> losses = new CopyOnWriteArrayList<>();

    /** Two epochs of three steps of: w*x, a loss, its gradient, a hand-written SGD update. */
    private static void train(int epochs, int steps, float xValue) {
        Variable w = new Variable(TF.constant(new float[] {1f, 2f}), "w");
        Tensor x = TF.constant(new float[] {xValue, 1f});
        for (int e = 0; e < epochs; e++) {
            int epoch = e;
            ExecutionEvents.emit(l -> l.onEpochBegan(new EpochEvent("toy", epoch)));
            for (int s = 0; s < steps; s++) {
                Tensor loss;
                Tensor g;
                try (GradientTape tape = new GradientTape()) {
                    loss = TF.reduceSum(TF.square(w.mul(x)));
                    g = tape.gradient(loss, w);
                }
                w.assignSub(g.mul(0.01));
                long it = (long) e * steps + s + 1;
                ExecutionEvents.emit(l -> l.onStepEnded(new StepEvent("SGD", it, 1)));
            }
        }
    }

    private DebugSession start(DebugProgram p) {
        session = new DebugSession("toy", p);
        session.addObserver(new SessionObserver() {
            @Override public void opExecuted(OpEvent event) { ops.add(event); }
            @Override public void gradientComputed(org.tapedeck.engine.events.GradientEvent event, double loss) { losses.add(loss); }
        });
        session.start(true);
        return session;
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (session != null) {
            session.stop();
            assertTrue(session.awaitEnd(5000));
        }
    }

    private void awaitPause() throws InterruptedException {
        assertTrue(session.awaitPause(5000), "the session should pause, state " + session.state());
    }

    /** Lets the paused session run in {@code mode} and waits until it pauses again. */
    private void stepAndAwait(StepMode mode) throws InterruptedException {
        session.step(mode);
        awaitPause();
    }

    @Test
    void pausesBeforeTheFirstOpAndStepsOneOpAtATime() throws Exception {
        start(out -> train(1, 1, 3f));
        awaitPause();
        PausePoint first = session.pausePoint();
        assertFalse(first.afterOp());
        assertNull(first.event().output(), "held before the op: no output yet");
        assertEquals(0, ops.size());

        stepAndAwait(StepMode.OP);
        assertEquals(1, ops.size(), "exactly one op ran");
        assertEquals(first.event().sequence(), ops.get(0).sequence());
        assertEquals(ops.get(0).sequence() + 1, session.pausePoint().event().sequence());

        stepAndAwait(StepMode.OP);
        assertEquals(2, ops.size());
    }

    @Test
    void stepsToTheEndOfTheForwardAndBackwardPassAndTheBatch() throws Exception {
        start(out -> train(1, 3, 3f));
        awaitPause();
        stepAndAwait(StepMode.END_OF_FORWARD);
        assertEquals(Phase.BACKWARD, session.pausePoint().event().phase(), "held before the first backward op");
        assertTrue(ops.stream().allMatch(e -> e.phase() == Phase.FORWARD));
        assertTrue(losses.isEmpty());

        stepAndAwait(StepMode.END_OF_BACKWARD);
        assertEquals(1, losses.size(), "the gradient was computed");
        assertEquals(Phase.FORWARD, session.pausePoint().event().phase(), "the update runs next");

        stepAndAwait(StepMode.BATCH);
        stepAndAwait(StepMode.BATCH);
        assertEquals(2, losses.size(), "the first step finished, then the second: held before the third step's first op");
    }

    @Test
    void stepToTheEndOfTheForwardPassFromInsideABackwardPassRunsToTheNextOne() throws Exception {
        start(out -> train(1, 3, 3f));
        awaitPause();
        stepAndAwait(StepMode.END_OF_FORWARD);
        stepAndAwait(StepMode.OP);
        assertEquals(Phase.BACKWARD, session.pausePoint().event().phase(), "paused inside the first backward pass");
        assertTrue(losses.isEmpty());

        stepAndAwait(StepMode.END_OF_FORWARD);
        assertEquals(Phase.BACKWARD, session.pausePoint().event().phase(), "held before a backward op");
        assertEquals(1, losses.size(), "the first step's backward pass and update ran, then the second's forward pass");
        OpEvent last = ops.get(ops.size() - 1);
        assertEquals(Phase.FORWARD, last.phase(), "the op that ran last was forward: " + last.opName());

        // Pressed again right at the end of a forward pass, it goes on to the end of the next one.
        stepAndAwait(StepMode.END_OF_FORWARD);
        assertEquals(2, losses.size());
        assertEquals(Phase.FORWARD, ops.get(ops.size() - 1).phase());
    }

    @Test
    void aStepAskedWhileWorkIsQueuedForTheEngineStillRuns() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean go = new java.util.concurrent.atomic.AtomicBoolean(true);
        start(out -> {
            Tensor x = TF.ones(2);
            while (go.get()) x = TF.add(x, x).mul(0.5);
        });
        awaitPause();
        // The inspector asks the paused engine thread for tensors while the user steps: the step
        // must start even when a request comes in just as the engine thread looks for work.
        java.util.concurrent.atomic.AtomicBoolean asking = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread inspector = new Thread(() -> {
            while (asking.get()) session.onEngine(() -> 1).join();
        });
        inspector.setDaemon(true);
        inspector.start();
        try {
            for (int i = 0; i < 2_000; i++) {
                session.step(StepMode.OP);
                assertTrue(session.awaitPause(5_000), "step " + i + " paused again, state " + session.state());
            }
        } finally {
            asking.set(false);
            inspector.join(5_000);
            go.set(false);
        }
    }

    @Test
    void stepsAnEpochAndRunsToTheEnd() throws Exception {
        start(out -> train(3, 2, 3f));
        awaitPause();
        stepAndAwait(StepMode.EPOCH);
        assertEquals(2, losses.size(), "the first epoch's two steps ran");
        session.resume();
        assertTrue(session.awaitEnd(5000));
        assertEquals(SessionState.FINISHED, session.state());
        assertEquals(6, losses.size());
        assertTrue(losses.get(5) < losses.get(0), "the toy model learned");
    }

    @Test
    void opBreakpointPausesBeforeEveryOpOfThatType() throws Exception {
        start(out -> train(1, 2, 3f));
        awaitPause();
        session.addBreakpoint(new Breakpoint.OnOp("Sum"));
        session.resume();
        awaitPause();
        assertEquals("Sum", session.pausePoint().event().opName());
        assertTrue(session.pausePoint().reason().contains("Sum"));
        session.resume();
        awaitPause();
        assertEquals("Sum", session.pausePoint().event().opName());
    }

    @Test
    void nonFiniteBreakpointStopsRightAfterTheOpThatProducedIt() throws Exception {
        start(out -> {
            Tensor a = TF.constant(new float[] {1f, 0f});
            Tensor b = TF.divide(a, TF.constant(new float[] {1f, 0f}));   // 0/0 = NaN
            TF.add(b, 1);
        });
        session.addBreakpoint(new Breakpoint.OnNonFinite());
        awaitPause();
        session.resume();
        awaitPause();
        PausePoint p = session.pausePoint();
        assertTrue(p.afterOp());
        assertEquals("RealDiv", p.event().opName());
        assertTrue(Float.isNaN(p.event().output().toFloatArray()[1]));
    }

    @Test
    void lossBreakpointPausesAfterTheGradientOfALargeLoss() throws Exception {
        start(out -> train(1, 3, 100f));
        session.addBreakpoint(new Breakpoint.OnLossAbove(1000));
        awaitPause();
        session.resume();
        awaitPause();
        assertEquals(1, losses.size());
        assertTrue(session.pausePoint().reason().contains("loss"));
    }

    @Test
    void stopUnwindsThePausedProgramAndRestartBeginsAgain() throws Exception {
        start(out -> train(5, 5, 3f));
        awaitPause();
        stepAndAwait(StepMode.BATCH);
        session.stop();
        assertTrue(session.awaitEnd(5000));
        assertEquals(SessionState.STOPPED, session.state());
        int before = losses.size();
        session.restart();
        awaitPause();
        assertEquals(before, losses.size(), "paused before the first op again");
    }

    @Test
    void engineWorkRunsOnTheEngineThreadWhilePaused() throws Exception {
        start(out -> train(1, 1, 3f));
        awaitPause();
        String thread = session.onEngine(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
        assertTrue(thread.startsWith("tapedeck-engine"));
        assertEquals(SessionState.PAUSED, session.state());
    }

    @Test
    void aFailingProgramEndsFailedWithItsError() throws Exception {
        start(out -> TF.matmul(TF.ones(2, 3), TF.ones(2, 3)));
        awaitPause();
        session.resume();
        assertTrue(session.awaitEnd(5000));
        assertEquals(SessionState.FAILED, session.state());
        assertTrue(session.failure().getMessage().contains("MatMul"));
    }

    @Test
    void outputReachesObserversLineByLine() throws Exception {
        List<String> lines = new ArrayList<>();
        session = new DebugSession("print", out -> {
            out.println("hello");
            out.println("world");
        });
        session.addObserver(new SessionObserver() {
            @Override public void output(String text) { synchronized (lines) { lines.add(text); } }
        });
        session.start(false);
        assertTrue(session.awaitEnd(5000));
        synchronized (lines) { assertEquals(List.of("hello\n", "world\n"), lines); }
    }

    @Test
    void layerBreakpointPausesInsideThatLayerForwardAndBackward() throws Exception {
        start(out -> {
            org.tapedeck.engine.nn.Layer.clearSession();
            var model = new org.tapedeck.engine.nn.Sequential(
                    new org.tapedeck.engine.nn.Dense(3).seed(1), new org.tapedeck.engine.nn.Dense(2).seed(2));
            Tensor x = TF.ones(4, 5);
            try (GradientTape tape = new GradientTape()) {
                Tensor loss = TF.reduceSum(model.call(x, true));
                tape.gradient(loss, model.trainableVariables());
            }
        });
        awaitPause();
        session.addBreakpoint(new Breakpoint.OnLayer("dense_1"));
        session.resume();
        awaitPause();
        assertEquals("sequential/dense_1", session.pausePoint().event().scope());
        assertEquals(Phase.FORWARD, session.pausePoint().event().phase());
        for (int i = 0; i < 20 && session.pausePoint().event().phase() == Phase.FORWARD; i++) {
            session.resume();
            awaitPause();
        }
        assertEquals(Phase.BACKWARD, session.pausePoint().event().phase());
        assertTrue(session.pausePoint().event().scope().endsWith("dense_1"), session.pausePoint().event().scope());
    }
}
