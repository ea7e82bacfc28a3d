package org.tapedeck.app.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tapedeck.app.feed.SessionEvent;
import org.tapedeck.app.feed.SessionFeed;
import org.tapedeck.app.programs.DemoTraining;
import org.tapedeck.app.session.DebugSession;

/** The tape of the last step is the same whether the events come one by one or in one big batch. */
class TapeViewModelTest {

    private static List<SessionEvent> record(int steps) throws InterruptedException {
        SessionFeed feed = new SessionFeed();
        DebugSession s = new DebugSession("tape", new DemoTraining(1, steps, 4));
        s.addObserver(feed);
        s.start(false);
        assertTrue(s.awaitEnd(10_000));
        return feed.drain();
    }

    private static String describe(TapeGraph g) {
        StringBuilder sb = new StringBuilder();
        for (TapeGraph.Node n : g.nodes()) {
            sb.append(n.kind()).append(' ').append(n.label()).append(' ').append(n.phase()).append(' ')
              .append(n.layer()).append('/').append(n.row()).append(n.isLoss() ? " loss" : "").append('\n');
        }
        return sb.append(g.edges().size()).append(" edges").toString();
    }

    @Test
    void oneBigBatchGivesTheLastStepsGraph() throws InterruptedException {
        List<SessionEvent> events = record(5);
        TapeViewModel oneByOne = new TapeViewModel();
        for (SessionEvent e : events) oneByOne.accept(List.of(e));
        TapeViewModel batched = new TapeViewModel();
        batched.accept(events);
        assertEquals(describe(oneByOne.graph()), describe(batched.graph()));
        assertEquals(oneByOne.gradients(), batched.gradients());
        assertEquals(oneByOne.summaryProperty().get(), batched.summaryProperty().get());
        assertTrue(batched.summaryProperty().get().startsWith("step 5 (done)"), batched.summaryProperty().get());
        TapeGraph g = batched.graph();
        assertEquals(4, g.nodes().stream().filter(n -> n.kind() == TapeGraph.Kind.VARIABLE).count(),
                "the four variables, named from the step before");
        assertEquals(1, g.nodes().stream().filter(TapeGraph.Node::isLoss).count());
        assertEquals(4, batched.gradients().size());
    }

    @Test
    void resetForgetsEverything() throws InterruptedException {
        TapeViewModel vm = new TapeViewModel();
        vm.accept(record(2));
        vm.accept(List.of(new SessionEvent.Reset()));
        assertTrue(vm.graph().isEmpty());
        assertTrue(vm.gradients().isEmpty());
    }
}
