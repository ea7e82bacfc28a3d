package org.tapedeck.app.examples;

import java.io.PrintStream;

import org.tapedeck.engine.TF;

/** {@code tf.executing_eagerly()}. */
public final class EagerExample implements Example {
    @Override public String name() { return "eager"; }

    @Override public String description() { return "is eager execution on? (always)"; }

    @Override
    public void run(PrintStream out) {
        out.println(TF.executingEagerly());
    }
}
