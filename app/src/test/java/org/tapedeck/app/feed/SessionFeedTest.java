package org.tapedeck.app.feed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.events.GradientEvent;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.events.StepEvent;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/** The feed queues in order, measures variables, and drops op events rather than grow without bound. */
class SessionFeedTest {

    @Test
    void gradientsAndStepsCarryNormsAndUpdateRatios() {
        SessionFeed feed = new SessionFeed();
        Variable w = new Variable(TF.constant(new float[] {3f, 4f}), "w");
        Tensor g = TF.constant(new float[] {0f, 10f});
        Tensor x = TF.constant(new float[] {1f});
        feed.gradientComputed(new GradientEvent(TF.constant(2f), List.of(w, x), java.util.Arrays.asList(g, null)), 2.0);
        w.assignSub(g.mul(0.05));   // (3, 3.5): moved by 0.5 from a norm of 5
        feed.stepEnded(new StepEvent("SGD", 1, 1));
        List<SessionEvent> batch = feed.drain();
        assertEquals(2, batch.size());
        SessionEvent.GradientRan gr = assertInstanceOf(SessionEvent.GradientRan.class, batch.get(0));
        GradientSource ws = gr.sources().get(0);
        assertEquals("w", ws.name());
        assertTrue(ws.variable());
        assertEquals(5, ws.valueNorm(), 1e-6);
        assertEquals(10, ws.gradientNorm(), 1e-6);
        assertEquals("source #1", gr.sources().get(1).name());
        assertTrue(Double.isNaN(gr.sources().get(1).gradientNorm()));
        SessionEvent.StepEnded st = assertInstanceOf(SessionEvent.StepEnded.class, batch.get(1));
        VariableSample s = st.variables().get(0);
        assertEquals(0.5 / 5, s.updateRatio(), 1e-6);
        assertEquals(Math.sqrt(9 + 12.25), s.valueNorm(), 1e-5);
        assertTrue(feed.drain().isEmpty());
    }

    @Test
    void opEventsReachTheUiAsRowsWithTheirTapeWiringAndNoTensors() {
        SessionFeed feed = new SessionFeed(new RecentOps(0, 0), TensorKeeper.MEMORY_SCOPE);
        Tensor x = TF.constant(new float[] {1f, 2f});
        Tensor y = TF.constant(new float[] {0f, 2f});
        OpEvent untaped = new OpEvent(7, "Relu", Map.of(), new Tensor[] {x}, Device.CPU, Phase.FORWARD, null);
        untaped.complete(y, 2000, null);
        feed.opExecuted(untaped);
        OpEvent backward = new OpEvent(8, "Mul", Map.of(), new Tensor[] {y, null}, Device.CPU, Phase.BACKWARD, null);
        backward.complete(x, 1000, null);
        feed.opExecuted(backward);
        List<SessionEvent> batch = feed.drain();
        SessionEvent.OpRan ran = assertInstanceOf(SessionEvent.OpRan.class, batch.get(0));
        assertEquals(7, ran.row().sequence());
        assertEquals("Relu", ran.row().opName());
        assertEquals(2.0, ran.row().micros(), 1e-9);
        assertNull(ran.wiring(), "an op no tape recorded is not drawn on the tape");
        OpWiring w = assertInstanceOf(SessionEvent.OpRan.class, batch.get(1)).wiring();
        assertArrayEquals(new long[] {y.id(), 0}, w.inputs(), "inputs by tensor id, 0 for a missing one");
        assertArrayEquals(new DType[] {DType.FLOAT32, null}, w.inputDtypes());
        assertEquals(x.id(), w.output());
        assertNotEquals(x.id(), y.id());
        for (java.lang.reflect.RecordComponent c : SessionEvent.OpRan.class.getRecordComponents()) {
            assertFalse(c.getType() == OpEvent.class || c.getType() == Tensor.class, "an op reaches the UI without tensors");
        }
    }

    @Test
    void dropsOpEventsBeyondItsBoundAndSaysHowMany() {
        SessionFeed feed = new SessionFeed();
        OpEvent e = new OpEvent(1, "AddV2", Map.of(), new Tensor[0], Device.CPU, Phase.FORWARD, null);
        for (int i = 0; i < SessionFeed.MAX_QUEUED + 10; i++) feed.opExecuted(e);
        feed.output("still delivered\n");
        assertEquals(SessionFeed.MAX_QUEUED + 1, feed.backlog());
        List<SessionEvent> batch = feed.drain();
        assertEquals(new SessionEvent.Dropped(10), batch.get(0));
        assertEquals(new SessionEvent.Output("still delivered\n"), batch.get(batch.size() - 1));
        assertEquals(0, feed.backlog());
    }

    @Test
    void theLastGradientsAndVariablesAreRetainedUntilReplacedAndEverythingIsReleasedOnReset() {
        CountingKeeper keeper = new CountingKeeper();
        SessionFeed feed = new SessionFeed(new RecentOps(4, RecentOps.DEFAULT_BYTE_CAPACITY, keeper), keeper);
        Variable w = new Variable(TF.constant(new float[] {3f, 4f}), "w");
        Tensor g1 = TF.constant(new float[] {0f, 10f});
        Tensor v1 = w.peek();
        feed.gradientComputed(new GradientEvent(TF.constant(2f), List.of(w), List.of(g1)), 2.0);
        assertEquals(1, keeper.count(g1));
        assertEquals(1, keeper.count(v1));
        w.assignSub(g1.mul(0.05));
        Tensor v2 = w.peek();
        feed.stepEnded(new StepEvent("SGD", 1, 1));
        assertEquals(1, keeper.count(v2), "the step's new value is held for the variables panel");

        Tensor g2 = TF.constant(new float[] {1f, 1f});
        feed.gradientComputed(new GradientEvent(TF.constant(1f), List.of(w), List.of(g2)), 1.0);
        assertEquals(0, keeper.count(g1), "the previous gradient is released once replaced");
        assertEquals(0, keeper.count(v1));
        assertEquals(1, keeper.count(g2));
        assertEquals(2, keeper.count(v2), "held as the gradient's value and as the last step's sample");

        for (int i = 0; i < 6; i++) {
            feed.opExecuted(new OpEvent(i, "Relu", Map.of(), new Tensor[] {v2}, Device.CPU, Phase.FORWARD, null));
        }
        assertEquals(6, keeper.count(v2), "plus four recent ops");
        assertEquals(4, feed.recentOps().size());

        feed.reset();
        assertTrue(keeper.retained.isEmpty(), "left held: " + keeper.retained.size());
        assertEquals(keeper.retains, keeper.releases);
    }
}
