package org.tapedeck.app.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
}
