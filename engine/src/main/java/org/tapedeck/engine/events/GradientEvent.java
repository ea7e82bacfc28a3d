package org.tapedeck.engine.events;

import java.util.List;

import org.tapedeck.engine.tensor.Tensor;

/**
 * {@code GradientTape.gradient(target, sources)} has finished: the target (the loss, in training),
 * the sources (tensors or variables) and their gradients, in order ({@code null} where unconnected).
 *
 * @param sources each a {@link Tensor} or a {@code Variable}
 */
public record GradientEvent(Tensor target, List<Object> sources, List<Tensor> gradients) {}
