package org.tapedeck.app.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the JVM did during a timed window besides running the program: bytes allocated by all its
 * threads, and time spent in garbage collection. A steady-state training step should allocate
 * almost nothing (its arrays come from the host pool) and so cause almost no collection; once
 * warmed up, the JIT compilers should be all but idle.
 */
final class JvmWork {
    private final long allocated0 = allocatedBytes();
    private final long gcMillis0 = gcMillis();
    private final long jitMillis0 = jitMillis();

    private JvmWork() {}

    static JvmWork start() { return new JvmWork(); }

    /** Bytes allocated, seconds spent collecting garbage and seconds the JIT compilers worked over the window. */
    record Result(long allocatedBytes, double gcSeconds, double jitSeconds) {}

    Result stop() {
        return new Result(allocatedBytes() - allocated0, (gcMillis() - gcMillis0) / 1e3, (jitMillis() - jitMillis0) / 1e3);
    }

    /** Time the JIT compilers spent so far, summed over their threads (0 where the JVM does not say). */
    static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

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
