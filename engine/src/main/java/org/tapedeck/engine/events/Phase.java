package org.tapedeck.engine.events;

/** Whether an op ran in the model's forward computation or inside {@code GradientTape.gradient}. */
public enum Phase { FORWARD, BACKWARD }
