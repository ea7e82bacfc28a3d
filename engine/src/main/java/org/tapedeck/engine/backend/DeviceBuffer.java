package org.tapedeck.engine.backend;

import java.lang.ref.Cleaner;

import org.tapedeck.engine.tensor.DType;

/**
 * Elements in a device's memory: one block of a {@link CachingAllocator}, with an explicit
 * lifetime (see {@link Buffer}). A new buffer belongs to the innermost open {@link MemoryScope} of its thread and is
 * freed when that scope closes, unless it was kept ({@link MemoryScope#keep}) or is held by a
 * variable ({@link MemoryScope#retain}). Buffers made outside any scope, kept or held live until
 * the garbage collector finds them unreachable: a {@link Cleaner} then returns the block (a safety
 * net, counted in {@link MemoryStats#safetyNetFrees}).
 *
 * <p>Backends read the pointer through {@link #pointer()}, which fails with a message naming the
 * scope once the buffer is freed.
 */
public final class DeviceBuffer<P> extends Buffer {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Device device;
    private final CachingAllocator.Block<P> block;
    private final Cleaner.Cleanable cleanable;

    DeviceBuffer(Device device, DType dtype, int size, CachingAllocator.Block<P> block) {
        super(dtype, size);
        this.device = device;
        this.block = block;
        this.cleanable = CLEANER.register(this, new SafetyNet(block));
        MemoryScope.adopt(this);
    }

    /** Returns the block when the buffer became unreachable without being freed; holds no reference to it. */
    private record SafetyNet(CachingAllocator.Block<?> block) implements Runnable {
        @Override
        public void run() { block.release(true); }
    }

    @Override
    public Device device() { return device; }

    /** Bytes of the device block behind this buffer (its size class). */
    public long blockBytes() { return block.size(); }

    /** The device pointer; fails, naming the scope that freed it, once the buffer is freed. */
    public P pointer() {
        checkLive();
        return block.pointer();
    }

    @Override
    protected void free() {
        block.release();
        cleanable.clean();
    }
}
