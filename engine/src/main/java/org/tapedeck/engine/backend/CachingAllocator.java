package org.tapedeck.engine.backend;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.tapedeck.engine.errors.ResourceExhaustedException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;

/**
 * Device memory with size-bucketed free lists, so that a training loop in its steady state reuses
 * the blocks of the previous step instead of asking the device for memory on every op. A request is
 * rounded up to its size class (four classes per power of two, at least 512 bytes); a freed block
 * goes back to the free list of its class; the device gets blocks back only when the cache is
 * emptied, which happens when the device is out of memory, before the request is retried.
 *
 * <pre>{@code
 * CachingAllocator<CUdeviceptr> gpu = new CachingAllocator<>(Device.GPU, cudaHeap);
 * DeviceBuffer<CUdeviceptr> b = gpu.allocate(DType.FLOAT32, Shape.of(32, 10));  // owned by the open MemoryScope
 * gpu.stats().bytesInUse();  // 512
 * }</pre>
 *
 * Thread-safe: the engine thread allocates and frees, the Cleaner thread may free.
 */
public final class CachingAllocator<P> {
    private static final long MIN_BLOCK = 512;

    private final Device device;
    private final DeviceHeap<P> heap;
    private final Map<Long, ArrayDeque<P>> freeLists = new HashMap<>();
    private long bytesInUse;
    private long peakBytesInUse;
    private long bytesCached;
    private long liveBuffers;
    private long deviceAllocations;
    private long deviceFrees;
    private long cacheHits;
    private long safetyNetFrees;
    private long outOfMemoryRetries;

    public CachingAllocator(Device device, DeviceHeap<P> heap) {
        this.device = device;
        this.heap = heap;
    }

    public Device device() { return device; }

    /**
     * The size class of a request: at least 512 bytes, then the next multiple of a quarter of the
     * power of two below it, so a block wastes less than a quarter of itself.
     */
    public static long blockSize(long bytes) {
        if (bytes <= MIN_BLOCK) return MIN_BLOCK;
        int k = 63 - Long.numberOfLeadingZeros(bytes - 1); // 2^k < bytes <= 2^(k+1)
        long step = 1L << (k - 2);
        return (bytes + step - 1) / step * step;
    }

    /** A buffer for {@code shape.size()} elements of {@code dtype}, owned by the innermost open {@link MemoryScope}. */
    public DeviceBuffer<P> allocate(DType dtype, Shape shape) {
        int size = shape.size();
        Block<P> block = allocate((long) size * dtype.byteSize(),
                () -> "a " + dtype + " tensor of shape " + shape);
        return new DeviceBuffer<>(device, dtype, size, block);
    }

    /**
     * A block of at least {@code bytes} bytes: from the cache if one of its class is free, else from
     * the device. If the device is out of memory, the cache is given back and the device asked
     * again; if that fails too, the garbage collector gets one chance to free device buffers that
     * nothing references any more (their Cleaner returns them), for at most half a second; then a
     * {@link ResourceExhaustedException} naming {@code what} is thrown.
     */
    public Block<P> allocate(long bytes, Supplier<String> what) {
        long size = blockSize(bytes);
        Block<P> b = tryAllocate(size);
        if (b != null) return b;
        // NOTE: outside the lock, so that the Cleaner thread can return blocks meanwhile. The Cleaner
        // returns blocks one by one, so ask again each time it has returned some.
        long freedSeen = stats().safetyNetFrees();
        System.gc();
        for (int i = 0; i < 10; i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long freedNow = stats().safetyNetFrees();
            if (freedNow != freedSeen) {
                freedSeen = freedNow;
                b = tryAllocate(size);
                if (b != null) return b;
            }
        }
        b = tryAllocate(size);
        if (b != null) return b;
        synchronized (this) {
            throw outOfMemory(bytes, what.get());
        }
    }

    /** From the cache, else from the device, else from the device after giving the cache back; null if all fail. */
    private synchronized Block<P> tryAllocate(long size) {
        ArrayDeque<P> list = freeLists.get(size);
        P pointer = list == null ? null : list.poll();
        if (pointer != null) {
            bytesCached -= size;
            cacheHits++;
            return handOut(pointer, size);
        }
        pointer = heap.allocate(size);
        if (pointer == null) {
            outOfMemoryRetries++;
            emptyCache();
            pointer = heap.allocate(size);
            if (pointer == null) return null;
        }
        deviceAllocations++;
        return handOut(pointer, size);
    }

    private Block<P> handOut(P pointer, long size) {
        bytesInUse += size;
        liveBuffers++;
        peakBytesInUse = Math.max(peakBytesInUse, bytesInUse);
        return new Block<>(this, pointer, size);
    }

    private ResourceExhaustedException outOfMemory(long bytes, String what) {
        String deviceSays = heap.describe();
        return new ResourceExhaustedException("OOM when allocating " + what + " (" + MemoryStats.formatBytes(bytes)
                + ") on " + device + ": no room for it even after Tapedeck gave its cached blocks back and the garbage "
                + "collector freed unreferenced tensors; " + MemoryStats.formatBytes(bytesInUse) + " are held by "
                + liveBuffers + " live tensors (peak " + MemoryStats.formatBytes(peakBytesInUse) + ")"
                + (deviceSays.isEmpty() ? "" : "; " + deviceSays)
                + ". Free tensors by running each step inside a MemoryScope (try (MemoryScope s = MemoryScope.open()) {...}), "
                + "or use smaller batches");
    }

    private synchronized void free(Block<P> block, boolean bySafetyNet) {
        bytesInUse -= block.size;
        liveBuffers--;
        if (bySafetyNet) safetyNetFrees++;
        freeLists.computeIfAbsent(block.size, k -> new ArrayDeque<>()).push(block.pointer);
        bytesCached += block.size;
    }

    /** Gives every cached block back to the device. */
    public synchronized void emptyCache() {
        for (Map.Entry<Long, ArrayDeque<P>> e : freeLists.entrySet()) {
            for (P p : e.getValue()) {
                heap.free(p, e.getKey());
                deviceFrees++;
            }
        }
        freeLists.clear();
        bytesCached = 0;
    }

    public synchronized MemoryStats stats() {
        return new MemoryStats(bytesInUse, peakBytesInUse, bytesCached, liveBuffers, deviceAllocations, deviceFrees,
                cacheHits, safetyNetFrees, outOfMemoryRetries);
    }

    /** Starts measuring the peak afresh from what is in use now. */
    public synchronized void resetPeak() { peakBytesInUse = bytesInUse; }

    /** One block handed out: its pointer and size class, returned to the free lists exactly once. */
    public static final class Block<P> {
        private final CachingAllocator<P> owner;
        private final P pointer;
        private final long size;
        private final AtomicBoolean released = new AtomicBoolean();

        private Block(CachingAllocator<P> owner, P pointer, long size) {
            this.owner = owner;
            this.pointer = pointer;
            this.size = size;
        }

        public P pointer() { return pointer; }

        /** Bytes of the block (the request's size class). */
        public long size() { return size; }

        public boolean isReleased() { return released.get(); }

        /**
         * Returns the block to its allocator's cache; later calls do nothing. A block freed while
         * kernels that use it are still queued is safe to reuse as long as every kernel runs on the
         * same stream, which orders the reuse after them.
         */
        public void release() { release(false); }

        void release(boolean bySafetyNet) {
            if (released.compareAndSet(false, true)) owner.free(this, bySafetyNet);
        }
    }
}
