package org.tapedeck.app.session;

/** Where the debugger stops on its own while the program runs. */
public sealed interface Breakpoint {

    /** A short description for the breakpoints list. */
    String describe();

    /** Pause before every op of this type ({@code Conv2D}, {@code MatMul}, ...). */
    record OnOp(String opName) implements Breakpoint {
        @Override public String describe() { return "before op " + opName; }
    }

    /**
     * Pause right after the first op whose output holds a NaN or an infinity, forward or backward:
     * that op produced it.
     */
    record OnNonFinite() implements Breakpoint {
        @Override public String describe() { return "when a NaN or Inf appears"; }
    }

    /** Pause when the loss given to {@code GradientTape.gradient} exceeds {@code threshold}. */
    record OnLossAbove(double threshold) implements Breakpoint {
        @Override public String describe() { return "when the loss is above " + threshold; }
    }

    /**
     * Pause before an op run from inside a layer whose name starts with {@code layerName} (the
     * layer's class or Keras-style name, e.g. {@code conv2d_1}), found from the op's caller.
     */
    record OnLayer(String layerName) implements Breakpoint {
        @Override public String describe() { return "inside layer " + layerName; }
    }
}
