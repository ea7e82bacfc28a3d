package org.tapedeck.engine.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The memory counters of every device with an allocator, for the debugger's status bar and for
 * tests, independent of any backend's classes.
 *
 * <pre>{@code
 * MemoryStats gpu = DeviceMemory.stats(Device.GPU);
 * statusBar.setText("GPU " + MemoryStats.formatBytes(gpu.bytesInUse()) + " (peak "
 *         + MemoryStats.formatBytes(gpu.peakBytesInUse()) + ")");
 * }</pre>
 *
 * The CPU has no allocator here (the garbage collector owns host memory) and reports
 * {@link MemoryStats#NONE}.
 */
public final class DeviceMemory {
    private static final Map<Device, CachingAllocator<?>> ALLOCATORS = new ConcurrentHashMap<>();

    private DeviceMemory() {}

    /** Called by a backend when it starts serving a device. */
    public static void register(CachingAllocator<?> allocator) { ALLOCATORS.put(allocator.device(), allocator); }

    public static MemoryStats stats(Device device) {
        CachingAllocator<?> a = ALLOCATORS.get(device);
        return a == null ? MemoryStats.NONE : a.stats();
    }

    /** Gives the cached (free) blocks of {@code device} back to it, e.g. before another program needs the GPU. */
    public static void emptyCache(Device device) {
        CachingAllocator<?> a = ALLOCATORS.get(device);
        if (a != null) a.emptyCache();
    }

    /** Starts measuring the peak of {@code device} afresh. */
    public static void resetPeak(Device device) {
        CachingAllocator<?> a = ALLOCATORS.get(device);
        if (a != null) a.resetPeak();
    }

    /** The devices with an allocator, sorted by name. */
    public static List<Device> devices() {
        List<Device> list = new ArrayList<>(ALLOCATORS.keySet());
        list.sort(Comparator.comparing(Device::toString));
        return list;
    }
}
