package org.tapedeck.engine.autograd;

/** What {@link GradientTape#gradient} returns for a source the target does not depend on. */
public enum UnconnectedGradients {
    /** {@code null}, TensorFlow's {@code None} (the default). */
    NONE,
    /** A zero tensor shaped like the source. */
    ZERO
}
