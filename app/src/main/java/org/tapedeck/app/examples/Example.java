package org.tapedeck.app.examples;

import java.io.PrintStream;

/**
 * One of the tutorial's snippets, runnable with {@code tapedeck example <name>} and, later, under
 * the debugger.
 */
public interface Example {

    /** The name on the command line: {@code hello}, {@code basics}, ... */
    String name();

    /** One line for the list of examples. */
    String description();

    /** Runs the snippet, printing what the tutorial prints. */
    void run(PrintStream out);
}
