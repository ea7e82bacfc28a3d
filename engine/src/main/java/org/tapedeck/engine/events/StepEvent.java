package org.tapedeck.engine.events;

/**
 * An optimizer applied gradients: one training step ended.
 *
 * @param optimizer the optimizer's name ({@code Adam})
 * @param iteration the optimizer's step count after this step (1 for the first step)
 * @param variables how many variables were updated
 */
public record StepEvent(String optimizer, long iteration, int variables) {}
