package org.tapedeck.engine.backend;

import java.util.HashMap;
import java.util.Map;

/**
 * A device heap of fixed capacity for testing the allocator without a GPU: pointers are numbers,
 * and it records what it handed out, so tests can check that nothing is freed twice or leaked.
 */
final class FakeHeap implements DeviceHeap<Long> {
    private final long capacity;
    private final Map<Long, Long> live = new HashMap<>();
    private long used;
    private long next = 1;
    int allocations;
    int frees;
    int refusals;

    FakeHeap(long capacity) { this.capacity = capacity; }

    @Override
    public Long allocate(long bytes) {
        if (used + bytes > capacity) {
            refusals++;
            return null;
        }
        long p = next++;
        live.put(p, bytes);
        used += bytes;
        allocations++;
        return p;
    }

    @Override
    public void free(Long pointer, long bytes) {
        Long size = live.remove(pointer);
        if (size == null) throw new AssertionError("pointer " + pointer + " freed twice or never allocated");
        if (size != bytes) throw new AssertionError("pointer " + pointer + " of " + size + " bytes freed as " + bytes);
        used -= bytes;
        frees++;
    }

    @Override
    public String describe() { return "fake heap: " + (capacity - used) + " bytes free of " + capacity; }

    long used() { return used; }
}
