package org.tapedeck.app.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the JVM did during a timed window besides running the program: bytes allocated by all its
 * threads, and time spent in garbage collection. A steady-state training step should allocate
 * almost nothing (its arrays come from the host pool) and so cause almost no collection.
 */
final class JvmWork {
    private final long allocated0 = allocatedBytes();
    private final long gcMillis0 = gcMillis();

    private JvmWork() {}

    static JvmWork start() { return new JvmWork(); }

    /** Bytes allocated and seconds spent collecting garbage over the window. */
    record Result(long allocatedBytes, double gcSeconds) {}

    Result stop() { return new Result(allocatedBytes() - allocated0, (gcMillis() - gcMillis0) / 1e3); }

    /** Bytes allocated so far by every live thread (HotSpot's per-thread counters). */
    private static long allocatedBytes() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)) return -1;
        long sum = 0;
        for (long n : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) if (n > 0) sum += n;
        return sum;
    }

    /** Collection time so far over every collector (pauses; concurrent work is not counted). */
    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) sum += Math.max(0, gc.getCollectionTime());
        return sum;
    }
}
