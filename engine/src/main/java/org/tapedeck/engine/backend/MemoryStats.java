package org.tapedeck.engine.backend;

import java.util.Locale;

/**
 * A snapshot of one device's memory as its {@link CachingAllocator} counts it. Bytes are those of
 * whole blocks (a request is rounded up to its size class).
 *
 * @param bytesInUse bytes of blocks that back live tensors
 * @param peakBytesInUse the most {@code bytesInUse} has been since start (or {@link CachingAllocator#resetPeak})
 * @param bytesCached bytes of freed blocks kept for reuse
 * @param liveBuffers number of live device buffers
 * @param deviceAllocations blocks obtained from the device ({@code cuMemAlloc} calls that succeeded)
 * @param deviceFrees blocks given back to the device (when the cache is emptied)
 * @param cacheHits requests served from the cache
 * @param safetyNetFrees buffers freed by the garbage collector's Cleaner rather than by a scope
 * @param outOfMemoryRetries times the device was out of memory and the cache was emptied to retry
 */
public record MemoryStats(long bytesInUse, long peakBytesInUse, long bytesCached, long liveBuffers,
                          long deviceAllocations, long deviceFrees, long cacheHits, long safetyNetFrees,
                          long outOfMemoryRetries) {

    /** Nothing allocated: what a device without an allocator reports. */
    public static final MemoryStats NONE = new MemoryStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Bytes taken from the device: in use plus cached. */
    public long bytesReserved() { return bytesInUse + bytesCached; }

    /** {@code 1.5 MiB}: bytes in binary units, for status bars and messages. */
    public static String formatBytes(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    @Override
    public String toString() {
        return formatBytes(bytesInUse) + " in use by " + liveBuffers + " buffers (peak " + formatBytes(peakBytesInUse)
                + "), " + formatBytes(bytesCached) + " cached; " + deviceAllocations + " device allocations, "
                + cacheHits + " cache hits, " + safetyNetFrees + " freed by the GC safety net";
    }
}
