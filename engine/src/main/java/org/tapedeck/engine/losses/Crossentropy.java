package org.tapedeck.engine.losses;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.tensor.Tensor;

/** Pieces shared by the cross-entropy losses. */
final class Crossentropy {
    private Crossentropy() {}

    /** Keras' {@code backend.epsilon()}: probabilities are clipped to [EPSILON, 1 - EPSILON]. */
    static final double EPSILON = 1e-7;

    /**
     * {@code clip(p, EPSILON, 1 - EPSILON)}, as {@code tf.clip_by_value}: values inside the range,
     * bounds included, pass the gradient; clipped values pass none.
     */
    static Tensor clip(Tensor p) {
        // NOTE: Maximum and Minimum send the gradient of a tie to their first input, so a value
        // exactly at a bound keeps its gradient, as with tf.clip_by_value.
        return TF.minimum(TF.maximum(p, EPSILON), 1 - EPSILON);
    }
}
