package org.tapedeck.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;

/** A tensor's id names it and no other, and every thread that asks gets the same one. */
class TensorIdTest {

    @Test
    void idsAreStablePositiveAndDistinct() {
        Tensor a = TF.constant(new float[] {1f, 2f});
        Tensor b = a.add(1f);
        long id = a.id();
        assertTrue(id > 0);
        assertEquals(id, a.id(), "the same id on every call");
        assertNotEquals(id, b.id());
        assertNotEquals(a.id(), TF.reshape(a, Shape.of(2, 1)).id(), "a tensor over the same data is another tensor");
    }

    @Test
    void threadsRacingForTheFirstIdAgree() throws InterruptedException {
        for (int round = 0; round < 200; round++) {
            Tensor t = TF.constant(1f);
            Set<Long> seen = ConcurrentHashMap.newKeySet();
            CountDownLatch go = new CountDownLatch(1);
            Thread[] threads = new Thread[4];
            for (int i = 0; i < threads.length; i++) {
                threads[i] = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    seen.add(t.id());
                });
                threads[i].start();
            }
            go.countDown();
            for (Thread th : threads) th.join();
            assertEquals(Set.of(t.id()), seen);
        }
    }
}
