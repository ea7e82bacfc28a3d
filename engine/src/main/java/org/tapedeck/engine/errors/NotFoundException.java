package org.tapedeck.engine.errors;

/** A file or other named resource could not be found. */
public class NotFoundException extends TapedeckException {
    public NotFoundException(String message) { super(message); }

    public NotFoundException(String message, Throwable cause) { super(message, cause); }
}
