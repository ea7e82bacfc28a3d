package org.tapedeck.engine.losses;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Cross-entropy between one-hot (or soft) labels and predicted class scores:
 * {@code tf.keras.losses.CategoricalCrossentropy}. yTrue and yPred have the same shape
 * {@code [batch..., classes]}; yTrue is cast to yPred's dtype.
 *
 * <pre>{@code
 * Loss lossObject = new CategoricalCrossentropy(true);
 * Tensor loss = lossObject.call(TF.oneHot(labels, 10), logits);
 * }</pre>
 *
 * A sample's loss is {@code -sum(yTrue * logSoftmax(logits))}; for probabilities, Keras' steps:
 * divide by the row sum, clip to {@code [1e-7, 1 - 1e-7]}, then {@code -sum(yTrue * log(p))}.
 */
public final class CategoricalCrossentropy extends Loss {
    private final boolean fromLogits;

    /** fromLogits=false, reduction SUM_OVER_BATCH_SIZE: Keras' defaults. */
    public CategoricalCrossentropy() { this(false); }

    public CategoricalCrossentropy(boolean fromLogits) { this(fromLogits, Reduction.SUM_OVER_BATCH_SIZE); }

    public CategoricalCrossentropy(boolean fromLogits, Reduction reduction) {
        super("categorical_crossentropy", reduction);
        this.fromLogits = fromLogits;
    }

    public boolean fromLogits() { return fromLogits; }

    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        requirePredictions(yPred);
        if (!yTrue.shape().equals(yPred.shape())) {
            throw new InvalidArgumentException(opName() + ": yTrue of shape " + yTrue.shape() + " does not match yPred of shape "
                    + yPred.shape() + "; the labels must be one-hot rows of the same shape (use SparseCategoricalCrossentropy "
                    + "for class indices)");
        }
        if (yTrue.dtype().isBool()) {
            throw new InvalidArgumentException(opName() + ": yTrue must be numeric, got bool of shape " + yTrue.shape());
        }
        Tensor target = TF.cast(yTrue, yPred.dtype());
        Tensor logProbs;
        if (fromLogits) {
            logProbs = TF.logSoftmax(yPred);
        } else {
            Tensor normalised = TF.divide(yPred, TF.reduceSum(yPred, new int[] {-1}, true));
            logProbs = TF.log(Crossentropy.clip(normalised));
        }
        return TF.negative(TF.reduceSum(TF.multiply(target, logProbs), -1));
    }

    @Override
    public String toString() { return opName() + "(fromLogits=" + fromLogits + ", reduction=" + reduction() + ")"; }
}
