package org.tapedeck.engine.events;

/**
 * A dataset started a pass over its elements: an epoch began.
 *
 * @param dataset a description of the dataset
 * @param epoch 0 for the first pass over this dataset, then 1, 2, ...
 */
public record EpochEvent(String dataset, int epoch) {}
