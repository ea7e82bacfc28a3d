package org.tapedeck.app.feed;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import org.tapedeck.engine.backend.TensorStats;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The recent ops kept whole, with their tensors, so that the inspector can show them: at most
 * {@code capacity} ops holding at most {@code byteCapacity} bytes. Filled on the engine thread, where
 * it {@link TensorKeeper#retain retains} every tensor it stores (a training step's scope would
 * otherwise free it) and releases each exactly once when the op falls out. Any thread may look an
 * op up; reading its tensors' elements stays the engine thread's job.
 *
 * <p>An op let go while the program is paused or stepping leaves the statistics of its output
 * behind ({@link #onForget}): the op stream's older rows keep those. While the program runs freely
 * it leaves none: that would be a pass over every output of every step.
 *
 * <pre>{@code
 * RecentOps recent = new RecentOps(2_048, 64L << 20);
 * recent.record(event);                 // engine thread, after the op ran
 * recent.event(event.sequence());       // any thread: the op while it is kept, else null
 * recent.holds(event);                  // engine thread: may its tensors still be read?
 * }</pre>
 */
public final class RecentOps {
    /** Ops kept whole by default. */
    public static final int DEFAULT_CAPACITY = 2_048;

    /**
     * The tensors of recent ops are held up to this many bytes by default: the tutorial's last two
     * training steps. NOTE: every byte held is old-generation heap the garbage collector must walk
     * while the program runs; at 256 MiB, collections took a fifth of the machine.
     */
    public static final long DEFAULT_BYTE_CAPACITY = 64L << 20;

    /**
     * While the program runs freely, the tensors of recent ops are held up to this many bytes only
     * (a pause then shows the last few ops whole; stepping keeps up to the full capacity). NOTE:
     * tensors held for a few steps are the worst case for a generational collector: every young
     * collection copies them, then they die old. At 64 MiB that took a fifth of the machine.
     */
    public static final long RUNNING_BYTE_CAPACITY = 8L << 20;

    private final int capacity;
    private final long byteCapacity;
    private volatile boolean running;
    private final TensorKeeper keeper;
    // Written on the engine thread under this object's lock; the map is read by any thread without it.
    private final ArrayDeque<OpEvent> order = new ArrayDeque<>();
    private final Map<Long, OpEvent> bySequence = new ConcurrentHashMap<>();
    private long bytes;
    private volatile OpEvent last;
    private BiConsumer<Long, TensorStats> onForget = (sequence, stats) -> {};

    public RecentOps(int capacity, long byteCapacity) { this(capacity, byteCapacity, TensorKeeper.MEMORY_SCOPE); }

    public RecentOps(int capacity, long byteCapacity, TensorKeeper keeper) {
        if (capacity < 0 || byteCapacity < 0) throw new IllegalArgumentException(
                "capacities must not be negative: " + capacity + " ops, " + byteCapacity + " bytes");
        this.capacity = capacity;
        this.byteCapacity = byteCapacity;
        this.keeper = keeper;
    }

    /**
     * Bytes an op's tensors hold. NOTE: an output that is the next op's input is counted twice,
     * so the cap errs on the side of less memory.
     */
    static long bytesOf(OpEvent e) {
        long n = e.output() == null ? 0 : e.output().buffer().byteSize();
        for (Tensor t : e.inputs()) if (t != null) n += t.buffer().byteSize();
        return n;
    }

    /** Keeps {@code e} (engine thread, once the op ran) and lets go of the oldest ops over the caps. */
    public synchronized void record(OpEvent e) {
        last = e;
        if (capacity == 0) return;
        for (Tensor t : e.inputs()) if (t != null) keeper.retain(t);
        if (e.output() != null) keeper.retain(e.output());
        order.addLast(e);
        bySequence.put(e.sequence(), e);
        bytes += bytesOf(e);
        long cap = running ? Math.min(byteCapacity, RUNNING_BYTE_CAPACITY) : byteCapacity;
        while (!order.isEmpty() && (order.size() > capacity || bytes > cap)) {
            OpEvent old = order.removeFirst();
            Tensor out = old.output();
            if (!running && out != null && !out.isFreed()) onForget.accept(old.sequence(), out.backend().stats(out));
            drop(old);
        }
    }

    /**
     * Receives, on the engine thread, the sequence number and output statistics of each op let go
     * while the program does not run freely.
     */
    public synchronized void onForget(BiConsumer<Long, TensorStats> receiver) { onForget = receiver; }

    /** Whether the program runs freely (the smaller byte cap applies from the next op on). */
    public void setRunning(boolean running) { this.running = running; }

    private void drop(OpEvent e) {
        bySequence.remove(e.sequence());
        bytes -= bytesOf(e);
        for (Tensor t : e.inputs()) if (t != null) keeper.release(t);
        if (e.output() != null) keeper.release(e.output());
    }

    /** The op with its tensors while it is kept, else null. Any thread. */
    public OpEvent event(long sequence) { return bySequence.get(sequence); }

    /**
     * Whether {@code e}'s tensors are still held here. Asked on the engine thread right before
     * reading them, it cannot race with their release, which happens on that thread too.
     */
    public boolean holds(OpEvent e) { return e != null && bySequence.get(e.sequence()) == e; }

    /** The most recent op recorded, kept whole or not (null when none, or when nothing is kept). */
    public OpEvent last() {
        OpEvent l = last;
        return capacity > 0 ? l : null;
    }

    /** How many ops are kept whole now. */
    public int size() { return bySequence.size(); }

    /** Bytes of tensors held now (at most the byte capacity). */
    public synchronized long bytes() { return bytes; }

    public int capacity() { return capacity; }

    /** Lets go of every op (once the program's thread has ended, or on it). */
    public synchronized void clear() {
        while (!order.isEmpty()) drop(order.removeFirst());
        last = null;
    }
}
