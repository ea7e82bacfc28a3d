package org.tapedeck.engine.backend;

import org.tapedeck.engine.tensor.DType;

/**
 * The memory behind a tensor on one device: {@code size} elements of one {@link DType}, laid out
 * row-major and contiguous. Tensors are immutable, so a buffer is never written after the op that
 * produced it returns; reshapes share it.
 */
public abstract class Buffer {
    protected final DType dtype;
    protected final int size;

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
}
