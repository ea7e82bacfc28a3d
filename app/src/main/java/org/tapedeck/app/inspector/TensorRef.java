package org.tapedeck.app.inspector;

import org.tapedeck.engine.tensor.Tensor;

/**
 * A tensor the inspector can show, with what it is: {@code input 0}, {@code output},
 * {@code gradient of dense/kernel}.
 */
public record TensorRef(String label, Tensor tensor) {
    @Override
    public String toString() { return label + "  " + tensor.dtype() + tensor.shape(); }
}
