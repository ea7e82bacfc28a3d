package org.tapedeck.engine.data;

import org.tapedeck.engine.tensor.Tensor;

/**
 * Two tensors travelling together through a {@link Dataset}, as a Python tuple {@code (images, labels)}
 * does in {@code tf.data}.
 *
 * <pre>{@code
 * for (Pair batch : Dataset.fromTensorSlices(images, labels).batch(32)) {
 *     Tensor x = batch.first();
 *     Tensor y = batch.second();
 * }
 * }</pre>
 */
public record Pair(Tensor first, Tensor second) {
    public Pair {
        if (first == null || second == null) {
            throw new NullPointerException("a Pair needs two tensors, got (" + first + ", " + second + ")");
        }
    }

    @Override
    public String toString() {
        return "(" + first.dtype() + first.shape() + ", " + second.dtype() + second.shape() + ")";
    }
}
