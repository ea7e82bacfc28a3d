package org.tapedeck.engine.metrics;

import java.util.List;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.events.ExecutionEvents;
import org.tapedeck.engine.events.MetricEvent;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * A value accumulated over batches: Keras' {@code tf.keras.metrics.Metric}. Each metric has its own
 * {@code updateState(...)} (its arguments differ: values for {@link Mean}, labels and predictions
 * for {@link SparseCategoricalAccuracy}), {@link #result()} and {@link #resetState()}.
 *
 * <pre>{@code
 * Mean trainLoss = new Mean("train_loss");
 * for (...) trainLoss.updateState(lossValue);
 * System.out.println(trainLoss.result().floatValue());
 * trainLoss.resetState();   // at the start of the next epoch
 * }</pre>
 *
 * As in Keras, the state lives in non-trainable float32 variables (readable through
 * {@link #variables()}) updated by ordinary ops on the values' device, so updating a metric never
 * waits for the device; reading {@code result()}'s value does.
 */
public abstract class Metric {
    private final String name;

    protected Metric(String name) { this.name = name; }

    public String name() { return name; }

    /**
     * The metric's current value: a float32 scalar. Listeners hear it as a {@code MetricEvent}
     * (that is how the debugger plots accuracy); without listeners nothing is read to the host.
     */
    public final Tensor result() {
        Tensor r = computeResult();
        if (ExecutionEvents.hasListeners()) {
            MetricEvent event = new MetricEvent(name, r.doubleValue());
            ExecutionEvents.emit(l -> l.onMetric(event));
        }
        return r;
    }

    /** The value {@link #result()} returns. */
    protected abstract Tensor computeResult();

    /** The state variables, e.g. {@code total} and {@code count}. */
    public abstract List<Variable> variables();

    /** Forgets everything accumulated: every state variable back to 0 (Keras' {@code reset_state}). */
    public void resetState() {
        for (Variable v : variables()) v.assign(TF.zerosLike(v.peek()));
    }

    @Override
    public String toString() { return getClass().getSimpleName() + "(name=" + name + ")"; }
}
