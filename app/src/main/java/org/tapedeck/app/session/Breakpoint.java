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
     * Pause before every op run inside the layer named {@code layerName} (Keras-style, e.g.
     * {@code conv2d_1}), forward or backward: the op's name scope ({@code OpEvent.scope()}) has a
     * segment with that name.
     */
    record OnLayer(String layerName) implements Breakpoint {
        @Override public String describe() { return "inside layer " + layerName; }
    }
}
