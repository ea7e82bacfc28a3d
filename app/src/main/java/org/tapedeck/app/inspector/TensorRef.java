package org.tapedeck.app.inspector;

import java.util.function.BooleanSupplier;

import org.tapedeck.engine.tensor.Tensor;

/**
 * A tensor the inspector can show, with what it is: {@code input 0}, {@code output},
 * {@code gradient of dense/kernel}; and whether the debugger still holds it, asked on the engine
 * thread right before it is read (an op that fell out of the recent ops may have been freed).
 *
 * <pre>{@code
 * new TensorRef("output", e.output(), () -> recent.holds(e));
 * }</pre>
 */
public record TensorRef(String label, Tensor tensor, BooleanSupplier readable) {
    /** A tensor that stays readable (a variable's value, a tensor the caller keeps). */
    public TensorRef(String label, Tensor tensor) { this(label, tensor, () -> true); }

    @Override
    public String toString() { return label + "  " + tensor.dtype() + tensor.shape(); }
}
