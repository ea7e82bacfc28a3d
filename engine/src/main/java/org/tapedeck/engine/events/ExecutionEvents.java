package org.tapedeck.engine.events;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The registry of {@link ExecutionListener}s. Registration is rare and copies an array; the engine
 * reads the array once per op, so with no listener an op pays one volatile read.
 */
public final class ExecutionEvents {
    private static final ExecutionListener[] NONE = new ExecutionListener[0];
    private static volatile ExecutionListener[] listeners = NONE;

    private ExecutionEvents() {}

    /** Adds a listener; closing the returned registration removes it. */
    public static synchronized Registration addListener(ExecutionListener listener) {
        ExecutionListener[] next = Arrays.copyOf(listeners, listeners.length + 1);
        next[next.length - 1] = listener;
        listeners = next;
        return () -> removeListener(listener);
    }

    public static synchronized void removeListener(ExecutionListener listener) {
        ExecutionListener[] current = listeners;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == listener) {
                ExecutionListener[] next = new ExecutionListener[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                listeners = next;
                return;
            }
        }
    }

    /** The listeners now registered (the engine's view; do not modify). */
    public static ExecutionListener[] listeners() { return listeners; }

    public static boolean hasListeners() { return listeners.length > 0; }

    /** Delivers a non-op event to every listener. */
    public static void emit(Consumer<ExecutionListener> delivery) {
        for (ExecutionListener l : listeners) delivery.accept(l);
    }

    /** A registered listener; {@link #close()} unregisters it. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
