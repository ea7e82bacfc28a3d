package org.tapedeck.app.session;

import org.tapedeck.engine.events.OpEvent;

/**
 * Where the engine is held: before an op ({@code event.output()} is null) or, for a NaN/Inf
 * breakpoint, right after the op that produced the bad value.
 *
 * @param event the op; null when paused before the program's first op is known
 * @param afterOp true when the op has already run
 * @param reason why the engine stopped here, for the status bar
 */
public record PausePoint(OpEvent event, boolean afterOp, String reason) {}
