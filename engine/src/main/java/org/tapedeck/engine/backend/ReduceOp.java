package org.tapedeck.engine.backend;

/** Reductions over axes. Mean is composed from SUM by the op layer. */
public enum ReduceOp {
    SUM("Sum"), MAX("Max"), MIN("Min");

    private final String opName;

    ReduceOp(String opName) { this.opName = opName; }

    public String opName() { return opName; }
}
