package org.tapedeck.engine.backend.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.tapedeck.engine.errors.InvalidArgumentException;

/**
 * The CPU backend's intra-op parallelism: big kernels split their outermost loop into one
 * contiguous chunk per thread (four with {@link #setSharedCores shared cores}). Set with
 * {@code TF.config.setIntraOpParallelismThreads(n)} (TensorFlow's name), or
 * {@code tapedeck train --threads n}.
 *
 * <p>The helpers are {@code threads - 1} daemon threads kept for the life of the setting; the
 * calling thread works too, and takes over the chunks no helper has claimed yet. NOTE: a training
 * step runs dozens of parallel ops of 50 to 500 µs each, back to back. Waking a parked thread (what
 * a {@code ForkJoinPool} submit does) costs tens of µs, a large share of such an op, so a helper
 * that has just finished spins for {@link #spinNanos()} watching for the next job before it parks,
 * and the caller spins on the chunks' completion count instead of blocking. Only one job runs at a
 * time: a call made while another is running (a kernel calling a kernel, or a second engine
 * thread) runs the same chunks one after the other on the calling thread. Chunk bounds depend on
 * n, the thread count and {@link #setSharedCores} only, never on who ran them.
 *
 * <pre>{@code
 * Parallel.setThreads(2);
 * Parallel.forRange(rows, (from, to) -> { for (int r = from; r < to; r++) doRow(r); });
 * }</pre>
 */
public final class Parallel {
    /**
     * How long a helper watches for the next job after one, before it parks, by default. NOTE: a
     * tutorial step has gaps of a few hundred µs between its parallel ops (small serial ops, tape
     * bookkeeping); at 100 µs the helper parked in them and each wake-up made it late for the next
     * op's chunk: in six alternating pairs of {@code bench train --threads 2}, 1 ms gave
     * 2.8-4.5 ms/step against 4.4-5.0 ms/step.
     */
    public static final long DEFAULT_SPIN_NANOS = 1_000_000;

    /**
     * The watch for a process whose cores are shared with other busy threads (a debugger window,
     * its JIT compilers): a helper spinning through the gaps takes the time those threads need, and
     * they then preempt the training mid-chunk. The debugged tutorial's epochs after the first ran
     * 15-45% slower than headless with 1 ms, 9-33% with this (app/scripts/debugger-overhead.sh).
     */
    public static final long SHARED_SPIN_NANOS = 100_000;

    /**
     * With {@link #setSharedCores shared cores}, how long a helper yields its core, once its spin
     * is over, before it parks. NOTE: on a VM, a core left idle by a parked helper halts; the
     * kernel then avoids it, and the next job's wake-up put the helper on the caller's busy core,
     * where the two took turns while the other core idled ({@code perf sched}: 3.1 of 12
     * core-seconds idle in 6 s of the debugged tutorial, against 0.3 headless). A yielding helper
     * keeps its core awake and still gives way to any thread that needs it.
     */
    public static final long SHARED_YIELD_NANOS = 20_000_000;

    /**
     * With {@link #setSharedCores shared cores}, the chunks a job is cut into per thread. NOTE:
     * with one chunk per thread, a helper preempted by another thread holds half of the op up
     * while the caller spins; smaller chunks leave the caller more of the job to take over.
     */
    public static final int SHARED_CHUNKS_PER_THREAD = 4;

    private static volatile long spinNanos = DEFAULT_SPIN_NANOS;
    private static volatile boolean sharedCores;
    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static volatile Crew crew;

    private Parallel() {}

    /** A loop body over {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    public static int threads() { return threads; }

    /** How long helpers (and a caller waiting for them) spin before they park or yield. */
    public static long spinNanos() { return spinNanos; }

    /** Sets {@link #spinNanos()} alone; {@link #setSharedCores} sets it with the rest of the crew's ways. */
    public static void setSpinNanos(long nanos) {
        if (nanos < 0) throw new InvalidArgumentException("a spin must not be negative, got " + nanos + " ns");
        spinNanos = nanos;
    }

    /**
     * How the crew waits and splits work. Shared ({@code true}: the process runs other busy threads,
     * such as a debugger window, beside the training): helpers spin {@link #SHARED_SPIN_NANOS},
     * then yield for {@link #SHARED_YIELD_NANOS} before they park, and a job is cut into
     * {@link #SHARED_CHUNKS_PER_THREAD} chunks per thread. Not shared (the default): helpers spin
     * {@link #DEFAULT_SPIN_NANOS}, then park, and a job has one chunk per thread. Sets the spin too;
     * {@link #setSpinNanos} may change it afterwards. NOTE: the debugged tutorial, measured with
     * both runs taking turns (app/scripts/debugger-overhead-interleaved.py), trained 12.0% slower
     * than headless on average over 9 runs with the 100 µs spin alone, and 5.8% over 11 with this.
     */
    public static void setSharedCores(boolean shared) {
        sharedCores = shared;
        spinNanos = shared ? SHARED_SPIN_NANOS : DEFAULT_SPIN_NANOS;
    }

    /** Whether {@link #setSharedCores} last set the shared way. */
    public static boolean sharedCores() { return sharedCores; }

    public static synchronized void setThreads(int n) {
        if (n < 1) throw new InvalidArgumentException("intra-op parallelism needs at least 1 thread, got " + n);
        if (n == threads) return;
        threads = n;
        Crew old = crew;
        crew = null;
        if (old != null) old.shutdown();
    }

    private static Crew crew(int t) {
        Crew c = crew;
        if (c == null || c.size != t) {
            synchronized (Parallel.class) {
                c = crew;
                if (c == null || c.size != t) {
                    if (c != null) c.shutdown();
                    c = new Crew(t);
                    crew = c;
                }
            }
        }
        return c;
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into at most {@link #threads()} chunks, or four
     * times as many with {@link #setSharedCores shared cores} (their bounds depend on n, the thread
     * count and that setting only); the calling thread runs chunks too. Chunks must write disjoint
     * memory. An exception
     * thrown by a chunk is rethrown here once every chunk has finished.
     */
    public static void forRange(int n, RangeBody body) {
        int size = threads;
        int t = Math.min(size, n);
        if (t <= 1) {
            body.run(0, n);
            return;
        }
        Crew c = crew(size);
        int chunks = sharedCores ? Math.min(n, t * SHARED_CHUNKS_PER_THREAD) : t;
        if (!c.tryRun(n, chunks, body)) {
            for (int i = 0; i < chunks; i++) body.run(chunkStart(n, chunks, i), chunkStart(n, chunks, i + 1));
        }
    }

    /**
     * One call of {@link #forRange}, published whole through {@link Crew#job}. Its chunks are fixed
     * by {@code n} and the thread count; whoever is free claims the next one, so a helper that the
     * OS has not scheduled yet leaves its chunk to the caller instead of holding it up.
     */
    private static final class Job {
        /** Cleared once every chunk has run, so the last job does not keep its arrays alive. */
        private RangeBody body;
        final int n;
        final int chunks;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger unfinished;
        private volatile Throwable failure;

        Job(RangeBody body, int n, int chunks) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.unfinished = new AtomicInteger(chunks);
        }

        /** Runs chunks until none is left to claim. */
        void work() {
            for (int i = next.getAndIncrement(); i < chunks; i = next.getAndIncrement()) {
                try {
                    body.run(chunkStart(n, chunks, i), chunkStart(n, chunks, i + 1));
                } catch (RuntimeException | Error e) {
                    if (failure == null) failure = e;
                }
                unfinished.decrementAndGet();
            }
        }

        boolean finished() { return unfinished.get() == 0; }
    }

    /** The helper threads of one setting and the one job they share. */
    private static final class Crew {
        final int size;
        private final Thread[] helpers;
        private final AtomicBoolean busy = new AtomicBoolean();
        /** The latest job; helpers compare it with the last one they ran. */
        private volatile Job job;
        private volatile boolean stopped;

        Crew(int size) {
            this.size = size;
            helpers = new Thread[size - 1];
            for (int i = 0; i < helpers.length; i++) {
                Thread h = new Thread(this::work, "tapedeck-cpu-" + i);
                h.setDaemon(true);
                helpers[i] = h;
                h.start();
            }
        }

        /** Runs the job on the crew, or returns false at once when it is busy with another. */
        boolean tryRun(int n, int chunks, RangeBody body) {
            if (!busy.compareAndSet(false, true)) return false;
            try {
                Job j = new Job(body, n, chunks);
                job = j;
                for (int i = 0; i < Math.min(chunks - 1, helpers.length); i++) LockSupport.unpark(helpers[i]);
                j.work();
                long start = System.nanoTime();
                while (!j.finished()) {
                    if (System.nanoTime() - start < spinNanos) Thread.onSpinWait();
                    else Thread.yield();
                }
                j.body = null;
                Throwable f = j.failure;
                if (f instanceof RuntimeException r) throw r;
                if (f instanceof Error e) throw e;
                return true;
            } finally {
                busy.set(false);
            }
        }

        private void work() {
            Job last = null;
            while (true) {
                Job j = awaitJob(last);
                if (j == null) return;
                last = j;
                j.work();
            }
        }

        /** Spins, yields (with shared cores), then parks, until a job other than {@code last} is posted; null once stopped. */
        private Job awaitJob(Job last) {
            long start = System.nanoTime();
            Job j;
            while ((j = job) == last) {
                if (stopped) return null;
                long waited = System.nanoTime() - start;
                if (waited < spinNanos) Thread.onSpinWait();
                else if (sharedCores && waited < spinNanos + SHARED_YIELD_NANOS) Thread.yield();
                else LockSupport.parkNanos(this, 1_000_000_000L);
            }
            return stopped ? null : j;
        }

        void shutdown() {
            stopped = true;
            for (Thread h : helpers) LockSupport.unpark(h);
        }
    }

    private static int chunkStart(int n, int t, int i) { return (int) ((long) n * i / t); }
}
