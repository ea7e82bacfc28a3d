package org.tapedeck.app.session;

/** How far the engine runs before it pauses again. */
public enum StepMode {
    /** Run one op, pause before the next (F7). */
    OP,
    /** Run until the backward pass begins: pause before the first op inside {@code GradientTape.gradient}. */
    END_OF_FORWARD,
    /** Run until {@code GradientTape.gradient} returns. */
    END_OF_BACKWARD,
    /** Run until the optimizer applied gradients: one training step (F8). */
    BATCH,
    /** Run until the dataset starts its next pass. */
    EPOCH,
    /** Run until a breakpoint or the end (F9). */
    CONTINUE
}
