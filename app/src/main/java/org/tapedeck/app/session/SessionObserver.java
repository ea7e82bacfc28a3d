package org.tapedeck.app.session;

import org.tapedeck.engine.events.EpochEvent;
import org.tapedeck.engine.events.GradientEvent;
import org.tapedeck.engine.events.MetricEvent;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.StepEvent;

/**
 * What a debug session tells its views. Calls arrive on the engine thread and must return quickly
 * (queue the work): the view-model batches them onto the UI thread.
 */
public interface SessionObserver {
    default void opExecuted(OpEvent event) {}

    default void gradientComputed(GradientEvent event, double loss) {}

    default void stepEnded(StepEvent event) {}

    default void epochBegan(EpochEvent event) {}

    default void metricReported(MetricEvent event) {}

    default void stateChanged(SessionState state, PausePoint pause) {}

    default void output(String text) {}
}
