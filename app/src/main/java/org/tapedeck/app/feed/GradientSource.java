package org.tapedeck.app.feed;

import org.tapedeck.engine.tensor.Tensor;

/**
 * One source of a {@code GradientTape.gradient} call as the debugger keeps it.
 *
 * @param name the variable's name, or {@code source #i} for a plain tensor
 * @param variable whether the source was a {@code Variable}
 * @param value the source's value when the gradient was taken (for a variable: the tensor its
 *              forward pass read)
 * @param gradient its gradient, null when unconnected
 * @param valueNorm L2 norm of {@code value}
 * @param gradientNorm L2 norm of {@code gradient}, NaN when unconnected
 */
public record GradientSource(String name, boolean variable, Tensor value, Tensor gradient, double valueNorm,
                             double gradientNorm) {
    /** {@code value}'s {@link Tensor#id() id}, 0 when there is none. */
    public long valueId() { return value == null ? 0 : value.id(); }
}
