package org.tapedeck.engine.losses;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.tensor.Tensor;

/**
 * How a {@link Loss} turns per-sample losses into what {@code call} returns: Keras'
 * {@code tf.keras.losses.Reduction}.
 */
public enum Reduction {
    /** The per-sample losses themselves (shape of the batch dims). */
    NONE,
    /** Their sum. */
    SUM,
    /**
     * Their sum divided by their number: the mean over the batch, Keras' default. An empty batch
     * gives 0 (Keras divides with {@code divide_no_nan}).
     */
    SUM_OVER_BATCH_SIZE;

    Tensor reduce(Tensor perSample) {
        return switch (this) {
            case NONE -> perSample;
            case SUM -> TF.reduceSum(perSample);
            case SUM_OVER_BATCH_SIZE -> perSample.size() == 0
                    ? TF.zeros(perSample.dtype())
                    : TF.divide(TF.reduceSum(perSample), (double) perSample.size());
        };
    }
}
