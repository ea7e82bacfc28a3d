package org.tapedeck.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tapedeck.engine.errors.InvalidArgumentException;

/** The helper crew of {@link Parallel}: every index once, errors surfaced, nested and concurrent calls. */
class ParallelTest {
    private final int saved = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
        Parallel.setSharedCores(false);
    }

    @Test
    void sharedCoresCutFourChunksPerThreadAndStillRunEveryIndexOnce() {
        Parallel.setThreads(2);
        Parallel.setSharedCores(true);
        assertTrue(Parallel.sharedCores());
        assertEquals(Parallel.SHARED_SPIN_NANOS, Parallel.spinNanos());
        for (int job = 0; job < 200; job++) {
            AtomicIntegerArray hits = new AtomicIntegerArray(1000);
            Set<String> chunks = ConcurrentHashMap.newKeySet();
            Parallel.forRange(1000, (from, to) -> {
                chunks.add(from + ".." + to);
                for (int i = from; i < to; i++) hits.incrementAndGet(i);
            });
            for (int i = 0; i < 1000; i++) assertEquals(1, hits.get(i), "index " + i + " of job " + job);
            assertEquals(Set.of("0..125", "125..250", "250..375", "375..500", "500..625", "625..750", "750..875", "875..1000"),
                    chunks, "the chunks of job " + job);
        }
        // Fewer items than chunks: one chunk per item.
        Set<String> small = ConcurrentHashMap.newKeySet();
        Parallel.forRange(3, (from, to) -> small.add(from + ".." + to));
        assertEquals(Set.of("0..1", "1..2", "2..3"), small);

        Parallel.setSharedCores(false);
        assertFalse(Parallel.sharedCores());
        assertEquals(Parallel.DEFAULT_SPIN_NANOS, Parallel.spinNanos());
        Set<String> own = ConcurrentHashMap.newKeySet();
        Parallel.forRange(1000, (from, to) -> own.add(from + ".." + to));
        assertEquals(Set.of("0..500", "500..1000"), own);
    }

    @Test
    void anySpinCoversEveryIndexAndANegativeOneIsRefused() {
        Parallel.setThreads(2);
        for (long spin : new long[] {0, Parallel.SHARED_SPIN_NANOS, Parallel.DEFAULT_SPIN_NANOS}) {
            Parallel.setSpinNanos(spin);
            assertEquals(spin, Parallel.spinNanos());
            for (int job = 0; job < 100; job++) {
                AtomicIntegerArray hits = new AtomicIntegerArray(500);
                Parallel.forRange(500, (from, to) -> {
                    for (int i = from; i < to; i++) hits.incrementAndGet(i);
                });
                for (int i = 0; i < 500; i++) assertEquals(1, hits.get(i), "index " + i + " with a spin of " + spin + " ns");
            }
        }
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> Parallel.setSpinNanos(-1));
        assertEquals("a spin must not be negative, got -1 ns", e.getMessage());
    }

    @Test
    void everyIndexRunsExactlyOnceOverManyJobs() {
        for (int threads : new int[] {1, 2, 3, 5}) {
            Parallel.setThreads(threads);
            for (int n : new int[] {0, 1, 2, 7, 1000}) {
                for (int job = 0; job < 200; job++) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    Parallel.forRange(n, (from, to) -> {
                        for (int i = from; i < to; i++) hits.incrementAndGet(i);
                    });
                    for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "index " + i + " of " + n + " on " + threads + " threads");
                }
            }
        }
    }

    @Test
    void aChunkThatThrowsFailsTheCallAfterEveryChunkEnds() {
        Parallel.setThreads(3);
        AtomicInteger finished = new AtomicInteger();
        IllegalStateException thrown = new IllegalStateException("chunk failed");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(3, (from, to) -> {
            if (from == 0) throw thrown;
            finished.incrementAndGet();
        }));
        assertSame(thrown, e);
        assertEquals(2, finished.get());
        // The crew is free again afterwards.
        AtomicInteger sum = new AtomicInteger();
        Parallel.forRange(100, (from, to) -> sum.addAndGet(to - from));
        assertEquals(100, sum.get());
    }

    @Test
    void aNestedCallRunsOnItsCallerWhileTheCrewIsBusy() {
        Parallel.setThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(40);
        Parallel.forRange(4, (from, to) -> {
            for (int b = from; b < to; b++) {
                int base = b * 10;
                Parallel.forRange(10, (f, t) -> {
                    for (int i = f; i < t; i++) hits.incrementAndGet(base + i);
                });
            }
        });
        for (int i = 0; i < 40; i++) assertEquals(1, hits.get(i), "index " + i);
    }

    @Test
    void callsFromSeveralThreadsAtOnceEachCoverTheirRange() throws InterruptedException {
        Parallel.setThreads(2);
        int callers = 4;
        AtomicIntegerArray hits = new AtomicIntegerArray(callers * 500);
        Thread[] ts = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            int base = c * 500;
            ts[c] = new Thread(() -> {
                for (int rep = 0; rep < 100; rep++) {
                    Parallel.forRange(500, (from, to) -> {
                        for (int i = from; i < to; i++) hits.incrementAndGet(base + i);
                    });
                }
            });
            ts[c].start();
        }
        for (Thread t : ts) t.join();
        for (int i = 0; i < hits.length(); i++) assertEquals(100, hits.get(i), "index " + i);
    }

    @Test
    void atLeastOneThread() {
        assertThrows(InvalidArgumentException.class, () -> Parallel.setThreads(0));
    }
}
