package org.tapedeck.app.feed;

import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * A trainable variable measured at the end of a step.
 *
 * @param value the value after the update (the tensor the next forward pass reads)
 * @param valueNorm L2 norm of {@code value}
 * @param gradientNorm L2 norm of the gradient the step used, NaN when none
 * @param updateRatio {@code ||value - previous|| / ||previous||}, NaN when unknown
 */
public record VariableSample(String name, Shape shape, Tensor value, double valueNorm, double gradientNorm,
                             double updateRatio) {}
