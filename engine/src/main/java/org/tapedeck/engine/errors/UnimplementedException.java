package org.tapedeck.engine.errors;

/** The op exists but not for this dtype or device. */
public class UnimplementedException extends TapedeckException {
    public UnimplementedException(String message) { super(message); }
}
