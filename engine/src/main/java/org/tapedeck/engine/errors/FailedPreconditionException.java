package org.tapedeck.engine.errors;

/** The system is not in a state for the call, e.g. a non-persistent tape asked for gradients twice. */
public class FailedPreconditionException extends TapedeckException {
    public FailedPreconditionException(String message) { super(message); }
}
