package org.tapedeck.engine.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.errors.ResourceExhaustedException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;

/** The caching allocator's bookkeeping over a fake device heap. */
class CachingAllocatorTest {
    private static final Device FAKE = new Device(Device.Type.GPU, 7);

    @Test
    void sizeClassesAreAtLeast512BytesAndWasteLessThanAQuarter() {
        assertEquals(512, CachingAllocator.blockSize(0));
        assertEquals(512, CachingAllocator.blockSize(1));
        assertEquals(512, CachingAllocator.blockSize(512));
        assertEquals(640, CachingAllocator.blockSize(513));
        assertEquals(768, CachingAllocator.blockSize(700));
        assertEquals(1024, CachingAllocator.blockSize(1000));
        assertEquals(1280, CachingAllocator.blockSize(1025));
        assertEquals(3L << 29, CachingAllocator.blockSize((3L << 29) - 5));
        for (long b = 1; b < 5_000_000; b = b * 3 / 2 + 7) {
            long s = CachingAllocator.blockSize(b);
            assertTrue(s >= b, "class " + s + " below request " + b);
            assertTrue(b <= 512 || s - b < s / 4 + 1, "class " + s + " wastes too much for " + b);
            assertEquals(s, CachingAllocator.blockSize(s), "a class size is its own class");
        }
    }

    @Test
    void freedBlocksAreReusedByRequestsOfTheirClass() {
        FakeHeap heap = new FakeHeap(1 << 20);
        CachingAllocator<Long> a = new CachingAllocator<>(FAKE, heap);
        CachingAllocator.Block<Long> b1 = a.allocate(1000, () -> "b1");
        long p1 = b1.pointer();
        b1.release();
        b1.release(); // idempotent
        CachingAllocator.Block<Long> b2 = a.allocate(900, () -> "b2"); // same class (1024)
        assertEquals(p1, b2.pointer());
        CachingAllocator.Block<Long> b3 = a.allocate(2000, () -> "b3"); // another class: a new block
        assertEquals(2, heap.allocations);
        MemoryStats s = a.stats();
        assertEquals(1024 + 2048, s.bytesInUse());
        assertEquals(2, s.liveBuffers());
        assertEquals(1, s.cacheHits());
        assertEquals(2, s.deviceAllocations());
        assertEquals(0, s.bytesCached());
        b2.release();
        b3.release();
        s = a.stats();
        assertEquals(0, s.bytesInUse());
        assertEquals(1024 + 2048, s.bytesCached());
        assertEquals(1024 + 2048, s.peakBytesInUse());
        assertEquals(1024 + 2048, heap.used(), "cached blocks stay on the device");
    }

    @Test
    void steadyStateReusesBlocksWithoutNewDeviceAllocations() {
        FakeHeap heap = new FakeHeap(1 << 24);
        CachingAllocator<Long> a = new CachingAllocator<>(FAKE, heap);
        int[] sizes = {4 * 32 * 26 * 26 * 16, 4 * 32 * 10, 4, 4 * 144, 4 * 32 * 24 * 24 * 16};
        for (int step = 0; step < 50; step++) {
            List<CachingAllocator.Block<Long>> blocks = new ArrayList<>();
            for (int s : sizes) {
                blocks.add(a.allocate(s, () -> "x"));
                blocks.add(a.allocate(s, () -> "y"));
            }
            blocks.forEach(CachingAllocator.Block::release);
            if (step == 0) assertEquals(10, heap.allocations);
        }
        assertEquals(10, heap.allocations, "no device allocation after the first step");
        assertEquals(490, a.stats().cacheHits());
        assertEquals(0, a.stats().bytesInUse());
    }

    @Test
    void emptyCacheGivesCachedBlocksBackToTheDevice() {
        FakeHeap heap = new FakeHeap(1 << 20);
        CachingAllocator<Long> a = new CachingAllocator<>(FAKE, heap);
        CachingAllocator.Block<Long> keep = a.allocate(100, () -> "kept");
        a.allocate(5000, () -> "x").release();
        a.allocate(70000, () -> "y").release();
        a.emptyCache();
        assertEquals(2, heap.frees);
        assertEquals(512, heap.used());
        assertEquals(0, a.stats().bytesCached());
        assertEquals(2, a.stats().deviceFrees());
        keep.release();
    }

    @Test
    void outOfMemoryEmptiesTheCacheRetriesOnceThenFailsClearly() {
        FakeHeap heap = new FakeHeap(10_000);
        CachingAllocator<Long> a = new CachingAllocator<>(FAKE, heap);
        // 8 KiB cached in a class nobody asks for again...
        a.allocate(8000, () -> "old").release();
        // ...is given back when a 4 KiB request finds the device full.
        CachingAllocator.Block<Long> b = a.allocate(4000, () -> "new");
        assertEquals(1, a.stats().outOfMemoryRetries());
        assertEquals(1, heap.frees);
        assertEquals(4096, heap.used());
        // Now really full: a clear error naming the request, the device and the live memory.
        CachingAllocator.Block<Long> c = a.allocate(4000, () -> "c");
        ResourceExhaustedException e = assertThrows(ResourceExhaustedException.class,
                () -> a.allocate(4000, () -> "a float32 tensor of shape (1000,)"));
        assertTrue(e.getMessage().contains("OOM when allocating a float32 tensor of shape (1000,)"), e.getMessage());
        assertTrue(e.getMessage().contains("GPU:7"), e.getMessage());
        assertTrue(e.getMessage().contains("8.0 KiB are held by 2 live tensors"), e.getMessage());
        assertTrue(e.getMessage().contains("MemoryScope"), e.getMessage());
        assertTrue(e.getMessage().contains("fake heap"), e.getMessage());
        assertEquals(3, a.stats().outOfMemoryRetries(), "once for b, twice for the request that failed (before and after the GC)");
        b.release();
        c.release();
        // After freeing, the same request succeeds again from the cache.
        assertNotSame(null, a.allocate(4000, () -> "again"));
    }

    @Test
    void atTheEndOfMemoryTheGarbageCollectorFreesUnreferencedBuffers() {
        FakeHeap heap = new FakeHeap(64 * 1024);
        CachingAllocator<Long> a = new CachingAllocator<>(FAKE, heap);
        // Buffers made outside any scope and dropped: only their Cleaner can give them back.
        for (int i = 0; i < 8; i++) a.allocate(DType.FLOAT32, Shape.of(2048));
        assertEquals(64 * 1024, heap.used());
        DeviceBuffer<Long> b = a.allocate(DType.FLOAT64, Shape.of(2048)); // 16 KiB: only after the GC ran
        assertEquals(16 * 1024, b.blockBytes());
        assertTrue(a.stats().safetyNetFrees() > 0, a.stats().toString());
    }

    @Test
    void buffersCountTheirBlocksAndShareTheAllocatorStats() {
        FakeHeap heap = new FakeHeap(1 << 20);
        CachingAllocator<Long> a = new CachingAllocator<>(FAKE, heap);
        DeviceBuffer<Long> buf = a.allocate(DType.FLOAT32, Shape.of(32, 10));
        assertEquals(1280, buf.blockBytes());
        assertEquals(DType.FLOAT32, buf.dtype());
        assertEquals(320, buf.size());
        assertSame(FAKE, buf.device());
        assertEquals(1280, a.stats().bytesInUse());
    }
}
