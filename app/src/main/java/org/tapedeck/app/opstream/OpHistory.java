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
 * those, the most recent whole (with their tensors): at most {@code eventCapacity} of them, holding
 * at most {@code byteCapacity} bytes of tensors. Older ops are forgotten, so the debugger's memory
 * stays flat over a long run.
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
    private final long byteCapacity;
    private final Map<Long, OpEvent> recent = new LinkedHashMap<>();
    private long recentBytes;
    private long total;
    private OpEvent last;

    /** The tensors of recent ops are held up to this many bytes by default. */
    public static final long DEFAULT_BYTE_CAPACITY = 256L << 20;

    public OpHistory(int rowCapacity, int eventCapacity) { this(rowCapacity, eventCapacity, DEFAULT_BYTE_CAPACITY); }

    public OpHistory(int rowCapacity, int eventCapacity, long byteCapacity) {
        if (rowCapacity < 1 || eventCapacity < 0 || byteCapacity < 0) throw new IllegalArgumentException("capacities must be positive");
        this.rowCapacity = rowCapacity;
        this.eventCapacity = eventCapacity;
        this.byteCapacity = byteCapacity;
    }

    /**
     * Bytes an op's tensors hold. NOTE: an output that is the next op's input is counted twice,
     * so the cap errs on the side of less memory.
     */
    static long bytesOf(OpEvent e) {
        long n = e.output() == null ? 0 : e.output().buffer().byteSize();
        for (var t : e.inputs()) if (t != null) n += t.buffer().byteSize();
        return n;
    }

    /** Appends ops in execution order; returns how many of the oldest rows were dropped. */
    public int add(List<OpEvent> events, List<OpRow> newRows) {
        for (OpEvent e : events) {
            OpRow row = OpRow.of(e);
            rows.addLast(row);
            newRows.add(row);
            if (eventCapacity > 0) {
                recent.put(e.sequence(), e);
                recentBytes += bytesOf(e);
            }
            last = e;
        }
        var eldest = recent.values().iterator();
        while (eldest.hasNext() && (recent.size() > eventCapacity || recentBytes > byteCapacity)) {
            recentBytes -= bytesOf(eldest.next());
            eldest.remove();
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

    /** Bytes of tensors the recent ops hold now (at most {@link #DEFAULT_BYTE_CAPACITY} or the given cap). */
    public long recentBytes() { return recentBytes; }

    /** How many ops are kept whole now. */
    public int recentEvents() { return recent.size(); }

    /** The oldest kept row's sequence, or Long.MAX_VALUE when empty. */
    public long oldestSequence() { return rows.isEmpty() ? Long.MAX_VALUE : rows.peekFirst().sequence(); }

    public void clear() {
        rows.clear();
        recent.clear();
        recentBytes = 0;
        total = 0;
        last = null;
    }
}
