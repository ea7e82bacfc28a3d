package org.tapedeck.engine.backend;

/**
 * The raw memory of one device, as a {@link CachingAllocator} sees it: {@code cuMemAlloc} and
 * {@code cuMemFree} for CUDA, a fake heap in tests. {@code P} is the device's pointer type.
 *
 * <pre>{@code
 * DeviceHeap<Long> fake = new DeviceHeap<>() {
 *     long next = 1, free = 1 << 20;
 *     public Long allocate(long bytes) { if (bytes > free) return null; free -= bytes; return next++; }
 *     public void free(Long p, long bytes) { free += bytes; }
 * };
 * }</pre>
 */
public interface DeviceHeap<P> {

    /** A new block of exactly {@code bytes} bytes, or null when the device is out of memory. */
    P allocate(long bytes);

    /** Gives back a block that {@link #allocate} returned for {@code bytes} bytes. */
    void free(P pointer, long bytes);

    /** What the device says about its memory, for error messages ("2.1 GiB free of 80 GiB"); may be empty. */
    default String describe() { return ""; }
}
