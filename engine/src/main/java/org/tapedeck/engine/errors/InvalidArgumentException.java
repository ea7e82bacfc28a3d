package org.tapedeck.engine.errors;

/** An op got arguments it cannot work with: incompatible shapes or dtypes, an axis out of range. */
public class InvalidArgumentException extends TapedeckException {
    public InvalidArgumentException(String message) { super(message); }

    public InvalidArgumentException(String message, Throwable cause) { super(message, cause); }
}
