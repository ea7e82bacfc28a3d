package org.tapedeck.engine.backend;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.tapedeck.engine.tensor.DType;

/**
 * The host pool: arrays of host buffers that a {@link MemoryScope} freed, by dtype and length, for
 * the ops of the next step to reuse. A training step makes the same shapes every time, so after the
 * first step its ops find every array they need here and the step allocates almost nothing (no
 * allocation means no zeroing of fresh memory and no garbage collection). At most
 * {@link #MAX_BYTES} wait here; beyond that, freed arrays are left to the garbage collector. The
 * pool holds its arrays softly: when the heap runs short, the garbage collector takes them back
 * before it would fail (a pool must never be the reason for an {@code OutOfMemoryError}).
 *
 * <p>Thread-safe (a lock around two map operations per op output).
 */
public final class HostArrays {
    /** Bytes the pool holds at most (128 MiB). */
    static final long MAX_BYTES = 128L << 20;

    private static final Map<Long, ArrayDeque<SoftReference<Object>>> FREE = new HashMap<>();
    private static long bytesPooled;
    private static long reused;
    private static long allocated;

    private HostArrays() {}

    /**
     * An array of {@code length} elements of {@code dtype}: a pooled one if any (zero-filled if
     * {@code zeroed}, else as its last user left it), else a new one (zero-filled, as Java makes them).
     */
    static Object take(DType dtype, int length, boolean zeroed) {
        long bytes = (long) length * dtype.byteSize();
        Object a = null;
        synchronized (HostArrays.class) {
            ArrayDeque<SoftReference<Object>> q = FREE.get(key(dtype, length));
            while (a == null && q != null && !q.isEmpty()) {
                a = q.poll().get(); // null when the garbage collector took it back
                bytesPooled -= bytes;
            }
            if (a != null) reused++;
            else allocated++;
        }
        if (a == null) return newArray(dtype, length);
        if (zeroed) zero(a);
        return a;
    }

    /** Takes back the array of a freed buffer, unless the pool is full. */
    static void give(DType dtype, Object array, int length) {
        long bytes = (long) length * dtype.byteSize();
        synchronized (HostArrays.class) {
            if (bytesPooled + bytes > MAX_BYTES) dropCollected();
            if (bytesPooled + bytes > MAX_BYTES) return;
            FREE.computeIfAbsent(key(dtype, length), k -> new ArrayDeque<>()).push(new SoftReference<>(array));
            bytesPooled += bytes;
        }
    }

    /** Forgets the entries whose arrays the garbage collector took back (so they no longer count). */
    private static void dropCollected() {
        for (Map.Entry<Long, ArrayDeque<SoftReference<Object>>> e : FREE.entrySet()) {
            int elementBytes = DType.values()[(int) (e.getKey() >>> 32)].byteSize();
            long length = e.getKey() & 0xffffffffL;
            e.getValue().removeIf(r -> {
                if (r.get() != null) return false;
                bytesPooled -= length * elementBytes;
                return true;
            });
        }
    }

    /** What the pool did so far: arrays reused, arrays newly allocated, bytes waiting to be reused. */
    public record Stats(long reused, long allocated, long bytesPooled) {}

    public static synchronized Stats stats() { return new Stats(reused, allocated, bytesPooled); }

    /** Drops every pooled array (for tests and to give memory back after a large program). */
    public static synchronized void clear() {
        FREE.clear();
        bytesPooled = 0;
    }

    // NOTE: uint8 and bool share byte[] arrays but not queues; that keeps the bookkeeping per dtype simple.
    private static Long key(DType dtype, int length) { return ((long) dtype.ordinal() << 32) | length; }

    static Object newArray(DType dtype, int length) {
        return switch (dtype) {
            case FLOAT32 -> new float[length];
            case FLOAT64 -> new double[length];
            case INT32 -> new int[length];
            case INT64 -> new long[length];
            case UINT8, BOOL -> new byte[length];
        };
    }

    private static void zero(Object a) {
        if (a instanceof float[] f) Arrays.fill(f, 0f);
        else if (a instanceof double[] d) Arrays.fill(d, 0d);
        else if (a instanceof int[] i) Arrays.fill(i, 0);
        else if (a instanceof long[] l) Arrays.fill(l, 0L);
        else Arrays.fill((byte[]) a, (byte) 0);
    }
}
