package org.tapedeck.app.opstream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.tapedeck.engine.events.OpEvent;

/**
 * The bounded list of executed ops as {@link OpRow}s: the last {@code rowCapacity} of them. Rows
 * hold no tensors (those of the most recent ops are kept by {@link RecentOps}, on the engine
 * thread), so the debugger's memory stays flat over a long run.
 *
 * <pre>{@code
 * OpHistory h = new OpHistory(100_000);
 * List<OpRow> added = new ArrayList<>();
 * int dropped = h.add(List.of(event), added);   // rows that fell off the front
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

    /** Appends ops in execution order, adding their rows to {@code newRows}; returns how many of the oldest rows were dropped. */
    public int add(List<OpEvent> events, List<OpRow> newRows) {
        List<OpRow> made = new ArrayList<>(events.size());
        for (OpEvent e : events) made.add(OpRow.of(e));
        return addRows(made, newRows);
    }

    /** {@link #add} for rows made already (on the engine thread). */
    public int addRows(List<OpRow> made, List<OpRow> newRows) {
        for (OpRow row : made) {
            rows.addLast(row);
            newRows.add(row);
        }
        total += made.size();
        int dropped = 0;
        while (rows.size() > rowCapacity) {
            rows.removeFirst();
            dropped++;
        }
        return dropped;
    }

    /** Rows kept, oldest first. */
    public Iterator<OpRow> iterator() { return rows.iterator(); }

    /** Rows kept, newest first. */
    public Iterator<OpRow> descendingIterator() { return rows.descendingIterator(); }

    public List<OpRow> rows() { return new ArrayList<>(rows); }

    public int size() { return rows.size(); }

    /** Ops seen since the last clear, kept or not. */
    public long total() { return total; }

    public int rowCapacity() { return rowCapacity; }

    /** The oldest kept row's sequence, or Long.MAX_VALUE when empty. */
    public long oldestSequence() { return rows.isEmpty() ? Long.MAX_VALUE : rows.peekFirst().sequence(); }

    public void clear() {
        rows.clear();
        total = 0;
    }
}
