package org.tapedeck.engine.metrics;

import java.util.List;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * A weighted running mean in two float32 variables, {@code total} (sum of weight * value) and
 * {@code count} (sum of weights; 1 per value when unweighted): the state behind Keras' Mean and
 * every metric built on it.
 */
final class RunningMean {
    private final String metric;
    private final Variable total;
    private final Variable count;

    RunningMean(String metricName) {
        this.metric = metricName;
        this.total = new Variable(TF.zeros(), metricName + "/total", false);
        this.count = new Variable(TF.zeros(), metricName + "/count", false);
    }

    List<Variable> variables() { return List.of(total, count); }

    /** Adds {@code values}, each with its weight from {@code weights} (broadcast to them), or 1 when null. */
    void add(Tensor values, Tensor weights) {
        if (values.dtype().isBool()) {
            throw new InvalidArgumentException(metric + ": values must be numeric, got bool of shape " + values.shape());
        }
        Tensor v = TF.cast(values, DType.FLOAT32);
        if (weights == null) {
            total.assign(TF.add(total.peek(), TF.reduceSum(v)));
            count.assign(TF.add(count.peek(), (double) v.size()));
            return;
        }
        if (weights.dtype().isBool() || !broadcastable(weights.shape(), v.shape())) {
            throw new InvalidArgumentException(metric + ": sampleWeight (" + weights.dtype() + " of shape " + weights.shape()
                    + ") must be numeric and broadcastable to the values' shape " + v.shape());
        }
        Tensor w = TF.broadcastTo(TF.cast(weights, DType.FLOAT32), v.shape().dims());
        total.assign(TF.add(total.peek(), TF.reduceSum(TF.multiply(v, w))));
        count.assign(TF.add(count.peek(), TF.reduceSum(w)));
    }

    /** Whether {@code from} broadcasts to exactly {@code to}. */
    private static boolean broadcastable(Shape from, Shape to) {
        if (from.rank() > to.rank()) return false;
        for (int i = 1; i <= from.rank(); i++) {
            int f = from.dim(-i);
            if (f != 1 && f != to.dim(-i)) return false;
        }
        return true;
    }

    /** total / count, or 0 while count is 0 (Keras' {@code divide_no_nan}). */
    Tensor result() {
        Tensor t = total.peek();
        Tensor c = count.peek();
        Tensor empty = TF.equal(c, 0.0);
        // NOTE: the division sees 1 where count is 0, so no NaN is ever computed (a debugger
        // watching for NaNs would otherwise stop on every empty metric).
        Tensor safeCount = TF.where(empty, TF.onesLike(c), c);
        return TF.where(empty, TF.zerosLike(t), TF.divide(t, safeCount));
    }
}
