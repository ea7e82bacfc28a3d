package org.tapedeck.engine.metrics;

import java.util.List;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.Operand;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * The running mean of every value passed to {@link #updateState}: {@code tf.keras.metrics.Mean}.
 * A tensor of n values counts n times as much as a scalar; sample weights make it a weighted mean.
 *
 * <pre>{@code
 * Mean m = new Mean();
 * m.updateState(TF.constant(new float[] {1, 3, 5, 7}));
 * m.updateState(TF.constant(2f));
 * m.result();   // 3.6 = (1 + 3 + 5 + 7 + 2) / 5
 * }</pre>
 */
public final class Mean extends Metric {
    private final RunningMean mean;

    /** Named {@code mean}, as in Keras. */
    public Mean() { this("mean"); }

    public Mean(String name) {
        super(name);
        this.mean = new RunningMean(name);
    }

    /** Adds every element of {@code values} (any shape, any numeric dtype) with weight 1. */
    public void updateState(Operand values) {
        mean.add(require(values, "values"), null);
    }

    /** Adds {@code values} weighted by {@code sampleWeight}, which broadcasts to their shape. */
    public void updateState(Operand values, Operand sampleWeight) {
        mean.add(require(values, "values"), require(sampleWeight, "sampleWeight"));
    }

    /** Adds one value with weight 1. */
    public void updateState(double value) { updateState(TF.constant((float) value)); }

    /** {@code metric(values)} in Keras: updates the state and returns the new result. */
    public Tensor call(Operand values) {
        updateState(values);
        return result();
    }

    private Tensor require(Operand o, String what) {
        if (o == null) throw new InvalidArgumentException(name() + ": " + what + " must not be null");
        return o.asTensor();
    }

    @Override
    protected Tensor computeResult() { return mean.result(); }

    @Override
    public List<Variable> variables() { return mean.variables(); }
}
