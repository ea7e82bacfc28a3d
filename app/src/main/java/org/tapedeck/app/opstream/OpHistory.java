package org.tapedeck.app.opstream;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;

/**
 * The bounded list of executed ops as {@link OpRow}s: the last {@code rowCapacity} of them. Rows
 * hold no tensors (those of the most recent ops are kept by {@link RecentOps}, on the engine
 * thread), so the debugger's memory stays flat over a long run.
 *
 * <pre>{@code
 * OpHistory h = new OpHistory(100_000);
 * h.add(List.of(row));   // the oldest row falls off once 100,000 are kept
 * }</pre>
 */
public final class OpHistory {
    private final int rowCapacity;
    private final ArrayDeque<OpRow> rows = new ArrayDeque<>();
    private long total;

    public OpHistory(int rowCapacity) {
        if (rowCapacity < 1) throw new IllegalArgumentException("row capacity must be positive: " + rowCapacity);
        this.rowCapacity = rowCapacity;
    }

    /** Appends rows in execution order, dropping the oldest beyond the capacity. */
    public void add(List<OpRow> made) {
        rows.addAll(made);
        total += made.size();
        while (rows.size() > rowCapacity) rows.removeFirst();
    }

    /** Rows kept, oldest first. */
    public Iterator<OpRow> iterator() { return rows.iterator(); }

    /** Rows kept, newest first. */
    public Iterator<OpRow> descendingIterator() { return rows.descendingIterator(); }

    public int size() { return rows.size(); }

    /** Ops seen since the last clear, kept or not. */
    public long total() { return total; }

    public int rowCapacity() { return rowCapacity; }

    /** The oldest kept row's sequence, or Long.MAX_VALUE when empty. */
    public long oldestSequence() { return rows.isEmpty() ? Long.MAX_VALUE : rows.peekFirst().sequence(); }

    /** The newest kept row's sequence, or -1 when empty. */
    public long newestSequence() { return rows.isEmpty() ? -1 : rows.peekLast().sequence(); }

    public void clear() {
        rows.clear();
        total = 0;
    }
}
