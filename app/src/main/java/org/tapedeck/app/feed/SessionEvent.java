package org.tapedeck.app.feed;

import java.util.List;

import org.tapedeck.app.opstream.OpRow;
import org.tapedeck.app.session.PausePoint;
import org.tapedeck.app.session.SessionState;
import org.tapedeck.engine.backend.TensorStats;
import org.tapedeck.engine.events.EpochEvent;
import org.tapedeck.engine.events.GradientEvent;
import org.tapedeck.engine.events.MetricEvent;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.StepEvent;

/**
 * What the {@link SessionFeed} queues on the engine thread and hands, in order and in batches, to
 * the view-models on the UI thread. Each record is immutable once queued.
 */
public sealed interface SessionEvent {

    /**
     * An op executed: its row (shapes, dtype, time) and, for an op of the step's tape, its wiring.
     * NOTE: no tensors: the queue holds its events until the UI drains it (once a second while
     * the program runs), and events that held tensors held every activation of the ~25 training
     * steps in between, which the garbage collector copied and promoted. The inspector asks the
     * engine thread's {@link RecentOps} for an op's tensors by its sequence number.
     *
     * @param wiring the op's tensor ids when a tape recorded it or it is a backward op, else null
     */
    record OpRan(OpRow row, OpWiring wiring) implements SessionEvent {
        public OpRan(OpEvent e) { this(OpRow.of(e), OpWiring.of(e)); }
    }

    /** An op was let go by {@link RecentOps} while the program was paused or stepping: its output's statistics then. */
    record OpForgotten(long sequence, TensorStats output) implements SessionEvent {}

    /**
     * {@code GradientTape.gradient} returned: the loss and every source with its value at that
     * moment and its gradient (captured on the engine thread).
     */
    record GradientRan(GradientEvent event, double loss, List<GradientSource> sources) implements SessionEvent {}

    /** An optimizer step ended; {@code variables} measured right after the update. */
    record StepEnded(StepEvent step, List<VariableSample> variables) implements SessionEvent {}

    record EpochBegan(EpochEvent epoch) implements SessionEvent {}

    /** A metric's result was read by the program (e.g. test accuracy after an epoch). */
    record MetricReported(MetricEvent metric) implements SessionEvent {}

    record StateChanged(SessionState state, PausePoint pause) implements SessionEvent {}

    /** A piece of the program's printed output (usually one line with its newline). */
    record Output(String text) implements SessionEvent {}

    /** The program is about to start again: everything shown so far belongs to the old run. */
    record Reset() implements SessionEvent {}

    /** The feed dropped op events because the UI fell far behind (they are gone, rows and all). */
    record Dropped(long ops) implements SessionEvent {}
}
