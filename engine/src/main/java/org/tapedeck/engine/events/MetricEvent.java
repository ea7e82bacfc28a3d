package org.tapedeck.engine.events;

/**
 * A metric's result was read ({@code Metric.result()}): how the debugger learns accuracy and the
 * like without the program telling it anything.
 *
 * @param name the metric's name, e.g. {@code sparse_categorical_accuracy}
 * @param value its result at that moment
 */
public record MetricEvent(String name, double value) {}
