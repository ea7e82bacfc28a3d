package org.tapedeck.app.opstream;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The bounded list of executed ops: the last {@code rowCapacity} of them. Rows hold no tensors
 * (those of the most recent ops are kept by {@link org.tapedeck.app.feed.RecentOps}, on the engine
 * thread), so the debugger's memory stays flat over a long run.
 *
 * <p>Stored by column: each row is a sequence number, a time and a shared {@link OpSite}, in
 * arrays made once; {@link OpRow}s are made again when read. NOTE: a row kept as an object lives
 * for the ~10 s the tutorial takes to run 100,000 ops, long enough to be copied by three or four
 * young collections and short enough to die before it is promoted: the worst case for a
 * generational collector. Kept as objects, they made each young collection of the debugged
 * tutorial take 13-26 ms instead of 4-8 ms ({@code -Xlog:gc}).
 *
 * <pre>{@code
 * OpHistory h = new OpHistory(100_000);
 * h.add(List.of(row));   // the oldest row falls off once 100,000 are kept
 * }</pre>
 */
public final class OpHistory {
    /** Distinct sites remembered for sharing; past this, the table starts again (rows keep theirs). */
    static final int MAX_SITES = 4_096;

    private final long[] sequences;
    private final OpSite[] sites;
    private final double[] micros;
    private final Map<OpSite, OpSite> shared = new HashMap<>();
    private int head;
    private int size;
    private long total;

    public OpHistory(int rowCapacity) {
        if (rowCapacity < 1) throw new IllegalArgumentException("row capacity must be positive: " + rowCapacity);
        sequences = new long[rowCapacity];
        sites = new OpSite[rowCapacity];
        micros = new double[rowCapacity];
    }

    /** Appends rows in execution order, dropping the oldest beyond the capacity. */
    public void add(List<OpRow> made) {
        for (OpRow r : made) {
            int at;
            if (size < sequences.length) {
                at = (head + size++) % sequences.length;
            } else {
                at = head;
                head = (head + 1) % sequences.length;
            }
            sequences[at] = r.sequence();
            sites[at] = share(r.site());
            micros[at] = r.micros();
        }
        total += made.size();
    }

    private OpSite share(OpSite site) {
        OpSite known = shared.get(site);
        if (known != null) return known;
        if (shared.size() >= MAX_SITES) shared.clear();
        shared.put(site, site);
        return site;
    }

    /** The {@code i}-th kept row, oldest first. */
    public OpRow get(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("row " + i + " of " + size);
        int at = (head + i) % sequences.length;
        return new OpRow(sequences[at], sites[at], micros[at]);
    }

    /** Rows kept, oldest first. */
    public Iterator<OpRow> iterator() { return rows(0, 1); }

    /** Rows kept, newest first. */
    public Iterator<OpRow> descendingIterator() { return rows(size - 1, -1); }

    private Iterator<OpRow> rows(int first, int step) {
        return new Iterator<>() {
            private int i = first;

            @Override
            public boolean hasNext() { return i >= 0 && i < size; }

            @Override
            public OpRow next() {
                if (!hasNext()) throw new NoSuchElementException();
                OpRow r = get(i);
                i += step;
                return r;
            }
        };
    }

    public int size() { return size; }

    /** Ops seen since the last clear, kept or not. */
    public long total() { return total; }

    public int rowCapacity() { return sequences.length; }

    /** Distinct sites remembered now (at most {@link #MAX_SITES}). */
    int sharedSites() { return shared.size(); }

    /** The oldest kept row's sequence, or Long.MAX_VALUE when empty. */
    public long oldestSequence() { return size == 0 ? Long.MAX_VALUE : sequences[head]; }

    /** The newest kept row's sequence, or -1 when empty. */
    public long newestSequence() { return size == 0 ? -1 : sequences[(head + size - 1) % sequences.length]; }

    public void clear() {
        Arrays.fill(sites, null);
        shared.clear();
        head = 0;
        size = 0;
        total = 0;
    }
}
