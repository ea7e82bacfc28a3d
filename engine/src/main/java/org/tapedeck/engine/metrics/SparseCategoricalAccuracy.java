package org.tapedeck.engine.metrics;

import java.util.Arrays;
import java.util.List;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Operand;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * How often the predicted class ({@code argMax} of yPred's last axis) equals the integer label:
 * {@code tf.keras.metrics.SparseCategoricalAccuracy}, accumulated over batches.
 *
 * <pre>{@code
 * SparseCategoricalAccuracy acc = new SparseCategoricalAccuracy();
 * acc.updateState(TF.constant(new long[] {2, 1}), TF.constant(new float[][] {{0.1f, 0.2f, 0.7f}, {0.6f, 0.3f, 0.1f}}));
 * acc.result();   // 0.5
 * }</pre>
 *
 * yPred is {@code [batch..., classes]}; yTrue is {@code [batch...]} or {@code [batch..., 1]}
 * (squeezed), integer or floating. On ties the first maximum wins, as {@code tf.argmax}.
 */
public final class SparseCategoricalAccuracy extends Metric {
    private final RunningMean mean;

    /** Named {@code sparse_categorical_accuracy}, as in Keras. */
    public SparseCategoricalAccuracy() { this("sparse_categorical_accuracy"); }

    public SparseCategoricalAccuracy(String name) {
        super(name);
        this.mean = new RunningMean(name);
    }

    public void updateState(Operand yTrue, Operand yPred) { mean.add(matches(yTrue, yPred), null); }

    /** Each sample's match counts with its weight; {@code sampleWeight} broadcasts to the batch shape. */
    public void updateState(Operand yTrue, Operand yPred, Operand sampleWeight) {
        if (sampleWeight == null) throw new InvalidArgumentException(name() + ": sampleWeight must not be null");
        mean.add(matches(yTrue, yPred), sampleWeight.asTensor());
    }

    /** {@code metric(yTrue, yPred)} in Keras: updates the state and returns the new result. */
    public Tensor call(Operand yTrue, Operand yPred) {
        updateState(yTrue, yPred);
        return result();
    }

    /** float32 1 where the label equals the predicted class, else 0; shape of the batch dims. */
    private Tensor matches(Operand yTrueOperand, Operand yPredOperand) {
        if (yTrueOperand == null || yPredOperand == null) {
            throw new InvalidArgumentException(name() + ": yTrue and yPred must not be null");
        }
        Tensor yTrue = yTrueOperand.asTensor();
        Tensor yPred = yPredOperand.asTensor();
        if (yPred.rank() == 0 || yPred.dtype().isBool() || yTrue.dtype().isBool()) {
            throw new InvalidArgumentException(name() + ": expected numeric yPred of shape [batch..., classes] and numeric labels, "
                    + "got yPred " + yPred.dtype() + " of shape " + yPred.shape() + " and yTrue " + yTrue.dtype()
                    + " of shape " + yTrue.shape());
        }
        int[] pd = yPred.shape().dims();
        Shape batch = Shape.of(Arrays.copyOf(pd, pd.length - 1));
        Tensor labels = yTrue;
        if (labels.rank() == yPred.rank() && labels.shape().dim(-1) == 1) labels = TF.squeeze(labels, -1);
        if (!labels.shape().equals(batch)) {
            throw new InvalidArgumentException(name() + ": yTrue of shape " + yTrue.shape() + " does not match yPred of shape "
                    + yPred.shape() + "; the labels must have shape " + batch + " (yPred's shape without the class axis)");
        }
        Tensor predicted = TF.argMax(yPred, -1);
        // Compare in the labels' dtype when they are floating (as Keras does), else as int64.
        if (labels.dtype().isFloating()) predicted = TF.cast(predicted, labels.dtype());
        else labels = TF.cast(labels, DType.INT64);
        return TF.cast(TF.equal(labels, predicted), DType.FLOAT32);
    }

    @Override
    protected Tensor computeResult() { return mean.result(); }

    @Override
    public List<Variable> variables() { return mean.variables(); }
}
