package org.tapedeck.app.model;

import org.tapedeck.engine.tensor.Tensor;

/**
 * A trainable variable in the model panel.
 *
 * @param value its latest value
 * @param gradient its latest gradient (null until one is known)
 * @param updateRatio {@code ||update|| / ||value before||} of the last step, NaN before a step ended
 * @param step the optimizer iteration the numbers belong to (0 before the first step)
 */
public record VariableRow(String name, String shape, Tensor value, Tensor gradient, double valueNorm,
                          double gradientNorm, double updateRatio, long step) {}
