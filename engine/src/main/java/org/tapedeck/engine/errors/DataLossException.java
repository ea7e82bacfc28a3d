package org.tapedeck.engine.errors;

/** A file is truncated or corrupt; the message names the file. */
public class DataLossException extends TapedeckException {
    public DataLossException(String message) { super(message); }

    public DataLossException(String message, Throwable cause) { super(message, cause); }
}
