package org.tapedeck.engine.backend;

import java.lang.ref.Cleaner;

import org.tapedeck.engine.errors.FailedPreconditionException;
import org.tapedeck.engine.tensor.DType;

/**
 * Elements in a device's memory: one block of a {@link CachingAllocator}, with an explicit
 * lifetime. A new buffer belongs to the innermost open {@link MemoryScope} of its thread and is
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
    // Lifetime state, guarded by this.
    private MemoryScope owner;
    private boolean kept;
    private boolean fromScope;
    private int holders;
    private String freedBecause;

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
        if (block.isReleased()) throw freed();
        return block.pointer();
    }

    public boolean isFreed() { return block.isReleased(); }

    private synchronized FailedPreconditionException freed() {
        String why = freedBecause != null ? freedBecause : "it was freed";
        return new FailedPreconditionException("a " + dtype + " tensor of " + size + " elements on " + device
                + " cannot be used: " + why + ". A tensor that must outlive its MemoryScope needs MemoryScope.keep(tensor) "
                + "(a variable's value is kept for you), or read it on the host before the scope closes");
    }

    // ---- lifetime, driven by MemoryScope ----------------------------------------------------------

    synchronized void setOwner(MemoryScope scope) {
        owner = scope;
        if (scope != null) fromScope = true;
    }

    synchronized MemoryScope owner() { return owner; }

    /** Frees the buffer now if {@code scope} still owns it. */
    void freeIfOwnedBy(MemoryScope scope, String because) {
        synchronized (this) {
            if (owner != scope) return;
            owner = null;
            freedBecause = because;
        }
        block.release();
        cleanable.clean();
    }

    synchronized void keep() {
        kept = true;
        owner = null;
    }

    synchronized void retain() {
        holders++;
        owner = null;
    }

    /**
     * One holder fewer; returns true when nothing keeps the buffer any more and it came from a
     * scope, so it may be handed to the current scope to be freed.
     */
    synchronized boolean unretain() {
        if (holders > 0) holders--;
        return holders == 0 && !kept && fromScope && owner == null && !block.isReleased();
    }

    synchronized boolean isKeptOrHeld() { return kept || holders > 0; }
}
