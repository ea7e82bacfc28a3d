package org.tapedeck.app.inspector;

/** One line of the inspector's summary: {@code min = -0.25}; {@code alert} marks NaN/Inf counts above zero. */
public record Fact(String name, String value, boolean alert) {}
