package org.tapedeck.app.opstream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tapedeck.engine.events.OpEvent;

/**
 * The bounded memory of executed ops: the last {@code rowCapacity} ops as {@link OpRow}s, and of
 * those, the last {@code eventCapacity} whole (with their tensors). Older ops are forgotten, so the
 * debugger's memory stays flat over a long run.
 *
 * <pre>{@code
 * OpHistory h = new OpHistory(100_000, 2_048);
 * List<OpRow> dropped = h.add(List.of(event));   // rows that fell off the front
 * h.event(event.sequence());                      // the whole event while it is recent
 * }</pre>
 */
public final class OpHistory {
    private final int rowCapacity;
    private final int eventCapacity;
    private final ArrayDeque<OpRow> rows = new ArrayDeque<>();
    private final Map<Long, OpEvent> recent;
    private long total;
    private OpEvent last;

    public OpHistory(int rowCapacity, int eventCapacity) {
        if (rowCapacity < 1 || eventCapacity < 0) throw new IllegalArgumentException("capacities must be positive");
        this.rowCapacity = rowCapacity;
        this.eventCapacity = eventCapacity;
        this.recent = new LinkedHashMap<>(Math.min(eventCapacity, 4096) * 2, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, OpEvent> eldest) {
                return size() > OpHistory.this.eventCapacity;
            }
        };
    }

    /** Appends ops in execution order; returns how many of the oldest rows were dropped. */
    public int add(List<OpEvent> events, List<OpRow> newRows) {
        for (OpEvent e : events) {
            OpRow row = OpRow.of(e);
            rows.addLast(row);
            newRows.add(row);
            if (eventCapacity > 0) recent.put(e.sequence(), e);
            last = e;
        }
        total += events.size();
        int dropped = 0;
        while (rows.size() > rowCapacity) {
            rows.removeFirst();
            dropped++;
        }
        return dropped;
    }

    /** The whole event of a recent op, or null once only its row (or nothing) is kept. */
    public OpEvent event(long sequence) { return recent.get(sequence); }

    /** The most recent op, or null. */
    public OpEvent lastEvent() { return eventCapacity > 0 ? last : null; }

    /** Rows kept, oldest first. */
    public Iterator<OpRow> iterator() { return rows.iterator(); }

    public List<OpRow> rows() { return new ArrayList<>(rows); }

    public int size() { return rows.size(); }

    /** Ops seen since the last clear, kept or not. */
    public long total() { return total; }

    public int rowCapacity() { return rowCapacity; }

    public int eventCapacity() { return eventCapacity; }

    /** The oldest kept row's sequence, or Long.MAX_VALUE when empty. */
    public long oldestSequence() { return rows.isEmpty() ? Long.MAX_VALUE : rows.peekFirst().sequence(); }

    public void clear() {
        rows.clear();
        recent.clear();
        total = 0;
        last = null;
    }
}
