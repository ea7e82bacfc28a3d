package org.tapedeck.engine.errors;

/**
 * Base of the engine's errors, after TensorFlow's {@code tf.errors.OpError}: unchecked, with a
 * message that names the op and the offending shapes or dtypes.
 */
public class TapedeckException extends RuntimeException {
    public TapedeckException(String message) { super(message); }

    public TapedeckException(String message, Throwable cause) { super(message, cause); }
}
