package org.tapedeck.engine.events;

/**
 * Hears every op the engine executes, forward and backward, and the events that give training its
 * shape (gradient computed, step ended, epoch began). Calls arrive on the thread that runs the op;
 * a listener may block in {@link #beforeOp} to pause the engine before that op (that is how the
 * debugger steps). Register with {@link ExecutionEvents#addListener}.
 *
 * <pre>{@code
 * try (var reg = ExecutionEvents.addListener(new ExecutionListener() {
 *     public void afterOp(OpEvent e) { System.out.println(e); }
 * })) {
 *     TF.add(a, b);   // prints "#12 AddV2(int32(2, 2), int32(2, 2)) -> int32(2, 2) on CPU:0 FORWARD"
 * }
 * }</pre>
 */
public interface ExecutionListener {

    /** Whether events should carry the caller's source location (costs a stack walk per op). */
    default boolean wantsSourceLocation() { return false; }

    /** The op is about to run; its output is not known yet. */
    default void beforeOp(OpEvent event) {}

    /** The op ran (or failed: see {@link OpEvent#failure()}). */
    default void afterOp(OpEvent event) {}

    default void onGradient(GradientEvent event) {}

    default void onStepEnded(StepEvent event) {}

    default void onEpochBegan(EpochEvent event) {}

    /** A metric's result was read (e.g. test accuracy at the end of an epoch). */
    default void onMetric(MetricEvent event) {}
}
