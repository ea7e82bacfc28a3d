package org.tapedeck.engine.backend.cuda;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors that kernels find (an index out of range, an integer division by zero) while the host has
 * long moved on: kernels run asynchronously. Before launching a kernel that can fail, the backend
 * registers how to describe its failure and passes the ticket it gets; the first failing thread of
 * any launch writes its ticket, position and value into the device's error word (td_report in
 * common.cuh). The backend reads the word at the next synchronisation (a read of values) and
 * throws the registered error there.
 *
 * <pre>{@code
 * int ticket = errors.register((pos, value) -> new InvalidArgumentException(
 *         "GatherV2: indices[" + pos + "] = " + value + " is not in [0, 10)"));
 * }</pre>
 */
final class DeviceErrors {
    /** Tickets remembered; an older one that fails is reported without its op's details. */
    static final int REMEMBERED = 4096;

    /** Builds the exception for a failure at {@code position} with the offending {@code value}. */
    @FunctionalInterface
    interface Describer {
        RuntimeException describe(int position, long value);
    }

    private final Map<Integer, Describer> pending = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Describer> eldest) { return size() > REMEMBERED; }
    };
    private int next = 1;

    /** A ticket for one launch; never 0, which means "no error" in the error word. */
    synchronized int register(Describer describer) {
        int t = next;
        next = next == Integer.MAX_VALUE ? 1 : next + 1;
        pending.put(t, describer);
        return t;
    }

    /** True when some launch since the last {@link #clear} could have failed. */
    synchronized boolean anyPending() { return !pending.isEmpty(); }

    /** The error registered under {@code ticket}, for the word the device wrote. */
    synchronized RuntimeException resolve(int ticket, int position, long value) {
        Describer d = pending.get(ticket);
        if (d == null) {
            return new IllegalStateException("a GPU kernel launched long ago (ticket " + ticket + ") failed at element "
                    + position + " with value " + value + "; its op is no longer known");
        }
        return d.describe(position, value);
    }

    /** Forgets every ticket: the device's word was read and reset. */
    synchronized void clear() { pending.clear(); }

    /**
     * The note added to every error found on the device: it surfaces at the first read after the
     * failing op, not at the op.
     */
    static String whenFound(String device) {
        return " (found on " + device + " when values were next read: GPU ops run asynchronously, so the error "
                + "surfaces after the op that caused it; that op's result holds zeros where it failed)";
    }
}
