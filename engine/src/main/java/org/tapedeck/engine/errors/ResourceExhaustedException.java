package org.tapedeck.engine.errors;

/** Out of memory on a device, after freeing what could be freed. */
public class ResourceExhaustedException extends TapedeckException {
    public ResourceExhaustedException(String message) { super(message); }

    public ResourceExhaustedException(String message, Throwable cause) { super(message, cause); }
}
