package org.tapedeck.engine.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import org.tapedeck.engine.errors.InvalidArgumentException;

/**
 * The CPU backend's intra-op parallelism: big kernels split their outermost loop into one
 * contiguous chunk per thread. Set with {@code TF.config.setIntraOpParallelismThreads(n)}
 * (TensorFlow's name), or {@code tapedeck train --threads n}.
 */
public final class Parallel {
    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static volatile ForkJoinPool pool;

    private Parallel() {}

    /** A loop body over {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    public static int threads() { return threads; }

    public static synchronized void setThreads(int n) {
        if (n < 1) throw new InvalidArgumentException("intra-op parallelism needs at least 1 thread, got " + n);
        if (n == threads) return;
        threads = n;
        ForkJoinPool old = pool;
        pool = null;
        if (old != null) old.shutdown();
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(threads, f -> {
                        var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(f);
                        t.setName("tapedeck-cpu-" + t.getPoolIndex());
                        t.setDaemon(true);
                        return t;
                    }, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into at most {@link #threads()} chunks; the
     * calling thread does the last chunk itself. Chunks must write disjoint memory.
     */
    public static void forRange(int n, RangeBody body) {
        int t = Math.min(threads, n);
        if (t <= 1) {
            body.run(0, n);
            return;
        }
        ForkJoinPool p = pool();
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[t - 1];
        for (int i = 0; i < t - 1; i++) {
            int from = (int) ((long) n * i / t);
            int to = (int) ((long) n * (i + 1) / t);
            tasks[i] = p.submit(() -> body.run(from, to));
        }
        body.run((int) ((long) n * (t - 1) / t), n);
        for (ForkJoinTask<?> task : tasks) task.join();
    }
}
