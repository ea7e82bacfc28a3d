package org.tapedeck.app.session;

/** Where the debugged program is. */
public enum SessionState {
    /** Created, the program not started. */
    NEW,
    /** The engine thread is executing ops. */
    RUNNING,
    /** The engine thread is held before an op. */
    PAUSED,
    /** The program returned normally. */
    FINISHED,
    /** The program threw; see {@link DebugSession#failure()}. */
    FAILED,
    /** The user stopped the program. */
    STOPPED
}
