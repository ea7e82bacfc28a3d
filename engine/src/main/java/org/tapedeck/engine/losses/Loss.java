package org.tapedeck.engine.losses;

import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.Operand;
import org.tapedeck.engine.tensor.Tensor;

/**
 * A loss function: Keras' {@code tf.keras.losses.Loss}. {@link #call} computes the loss of each
 * sample from labels and predictions, then reduces them, by default to their mean over the batch
 * ({@link Reduction#SUM_OVER_BATCH_SIZE}). Everything is composed from differentiable ops, so a
 * {@code GradientTape} open around the call gives the gradient with respect to the predictions
 * (and through them the model's variables).
 *
 * <pre>{@code
 * Loss lossObject = new SparseCategoricalCrossentropy(true);
 * try (GradientTape tape = new GradientTape()) {
 *     Tensor logits = model.call(images);
 *     Tensor lossValue = lossObject.call(labels, logits);   // float32 scalar
 *     grads = tape.gradient(lossValue, model.trainableVariables());
 * }
 * }</pre>
 */
public abstract class Loss {
    private final String name;
    private final Reduction reduction;

    protected Loss(String name, Reduction reduction) {
        if (reduction == null) throw new InvalidArgumentException(getClass().getSimpleName() + ": reduction must not be null");
        this.name = name;
        this.reduction = reduction;
    }

    /** Keras' name of the loss, e.g. {@code sparse_categorical_crossentropy}. */
    public String name() { return name; }

    public Reduction reduction() { return reduction; }

    /**
     * The loss of {@code yPred} against {@code yTrue}: a scalar in yPred's dtype, or the per-sample
     * losses for {@link Reduction#NONE}.
     */
    public Tensor call(Operand yTrue, Operand yPred) {
        if (yTrue == null || yPred == null) throw new InvalidArgumentException(opName() + ": yTrue and yPred must not be null");
        return reduction.reduce(perSample(yTrue.asTensor(), yPred.asTensor()));
    }

    /** The loss of each sample: one value per element of yPred's batch dims (all but the last). */
    protected abstract Tensor perSample(Tensor yTrue, Tensor yPred);

    /** The name errors start with: the class's name. */
    protected String opName() { return getClass().getSimpleName(); }

    /** yPred must be floating with at least one dim (the classes or features). */
    protected void requirePredictions(Tensor yPred) {
        if (!yPred.dtype().isFloating()) {
            throw new InvalidArgumentException(opName() + ": yPred must be float32 or float64, got " + yPred.dtype()
                    + " of shape " + yPred.shape());
        }
        if (yPred.rank() == 0) {
            throw new InvalidArgumentException(opName() + ": yPred must have at least one dim (the last is the "
                    + "class or feature axis), got a scalar");
        }
    }

    @Override
    public String toString() { return opName() + "(reduction=" + reduction + ")"; }
}
