package org.tapedeck.app.session;

import java.io.PrintStream;

/**
 * Code run under the debugger: the tutorial's training, an example, or the user's own training
 * function. It runs on the session's engine thread and may be run again on restart, so it should
 * build its model and data afresh each time.
 */
@FunctionalInterface
public interface DebugProgram {
    void run(PrintStream out) throws Exception;

    /** Wraps a plain {@code Runnable} (its output goes to System.out). */
    static DebugProgram of(Runnable r) { return out -> r.run(); }
}
