package org.tapedeck.engine.backend;

import org.tapedeck.engine.errors.FailedPreconditionException;
import org.tapedeck.engine.tensor.DType;

/**
 * The memory behind a tensor on one device: {@code size} elements of one {@link DType}, laid out
 * row-major and contiguous. Tensors are immutable, so a buffer is never written after the op that
 * produced it returns; reshapes share it.
 *
 * <p>A buffer may have an explicit lifetime: one made while a {@link MemoryScope} is open belongs
 * to it and is freed (its memory reused) when the scope closes, unless it was kept
 * ({@link MemoryScope#keep}) or is held ({@link MemoryScope#retain}). Which buffers join scopes is
 * the subclass's call: every device buffer does, host buffers do when their array came from the
 * host pool ({@link HostBuffer#allocate}). A freed buffer cannot be read: {@link #checkLive} names
 * the scope that freed it.
 */
public abstract class Buffer {
    protected final DType dtype;
    protected final int size;
    // Lifetime state, guarded by this; freedBecause is also read without the lock.
    private MemoryScope owner;
    private boolean kept;
    private boolean fromScope;
    private int holders;
    private volatile String freedBecause;

    protected Buffer(DType dtype, int size) {
        this.dtype = dtype;
        this.size = size;
    }

    public final DType dtype() { return dtype; }

    /** Number of elements. */
    public final int size() { return size; }

    public abstract Device device();

    /** Bytes held on the device. */
    public long byteSize() { return (long) size * dtype.byteSize(); }

    /** Whether a {@link MemoryScope} freed this buffer. */
    public final boolean isFreed() { return freedBecause != null; }

    /** Fails, naming the scope that freed the buffer, once it is freed. */
    public final void checkLive() {
        if (freedBecause != null) throw freedError();
    }

    /** The error for a use after the buffer was freed. */
    public final FailedPreconditionException freedError() {
        return freedError("a " + dtype + " tensor of " + size + " elements on " + device());
    }

    /** The error for a use after the buffer was freed, saying what {@code what} was. */
    public final FailedPreconditionException freedError(String what) {
        return new FailedPreconditionException(what + " cannot be used: " + freedBecause + ". A tensor that must "
                + "outlive its MemoryScope needs MemoryScope.keep(tensor) (a variable's value is kept for you), or "
                + "read it before the scope closes");
    }

    /** Gives the memory back (to the device's cache or the host pool); called once, by the owning scope. */
    protected abstract void free();

    // ---- lifetime, driven by MemoryScope ----------------------------------------------------------

    final synchronized void setOwner(MemoryScope scope) {
        owner = scope;
        if (scope != null) fromScope = true;
    }

    final synchronized MemoryScope owner() { return owner; }

    /** Frees the buffer now if {@code scope} still owns it. */
    final void freeIfOwnedBy(MemoryScope scope, String because) {
        synchronized (this) {
            if (owner != scope) return;
            owner = null;
            freedBecause = because;
        }
        free();
    }

    final synchronized void keep() {
        kept = true;
        owner = null;
    }

    final synchronized void retain() {
        holders++;
        owner = null;
    }

    /**
     * One holder fewer; returns true when nothing keeps the buffer any more and it came from a
     * scope, so it may be handed to the current scope to be freed.
     */
    final synchronized boolean unretain() {
        if (holders > 0) holders--;
        return holders == 0 && !kept && fromScope && owner == null && freedBecause == null;
    }

    final synchronized boolean isKeptOrHeld() { return kept || holders > 0; }

    /** Whether a scope may take this buffer over: nothing keeps, holds or owns it, and it is not freed. */
    final synchronized boolean attachable() { return !kept && holders == 0 && owner == null && freedBecause == null; }
}
