package org.tapedeck.engine.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.FailedPreconditionException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/** Scopes, keep and variables over a fake device heap: the lifetimes, without a GPU. */
class MemoryScopeTest {
    private static final Device FAKE = new Device(Device.Type.GPU, 7);

    private final FakeHeap heap = new FakeHeap(1 << 24);
    private final CachingAllocator<Long> memory = new CachingAllocator<>(FAKE, heap);

    private Tensor tensor(int... dims) {
        Shape s = Shape.of(dims);
        return Tensor.wrap(s, memory.allocate(DType.FLOAT32, s));
    }

    private static boolean freed(Tensor t) { return ((DeviceBuffer<?>) t.buffer()).isFreed(); }

    @Test
    void closingAScopeFreesWhatWasMadeInsideIt() {
        Tensor outside = tensor(4);
        Tensor inside;
        try (MemoryScope s = MemoryScope.open()) {
            inside = tensor(100);
            tensor(200);
            assertEquals(2, s.liveBuffers());
            assertSame(s, MemoryScope.current());
        }
        assertTrue(freed(inside));
        assertNull(MemoryScope.current());
        assertEquals(1, memory.stats().liveBuffers());
        assertEquals(512 + 896, memory.stats().bytesCached()); // 400 and 800 bytes in their size classes
        // Last, so that 'outside' stays referenced while the counts are read.
        assertFalse(freed(outside), "made outside any scope: left to the garbage collector");
    }

    @Test
    void readingAFreedTensorNamesTheScopeThatFreedIt() {
        Tensor t;
        MemoryScope scope;
        try (MemoryScope s = MemoryScope.open()) {
            scope = s;
            t = tensor(3, 3);
        }
        DeviceBuffer<?> b = (DeviceBuffer<?>) t.buffer();
        FailedPreconditionException e = assertThrows(FailedPreconditionException.class, b::pointer);
        assertTrue(e.getMessage().contains("float32 tensor of 9 elements on GPU:7"), e.getMessage());
        assertTrue(e.getMessage().contains("freed when " + scope), e.getMessage());
        assertTrue(scope.toString().contains("MemoryScopeTest.java:"), scope.toString());
        assertTrue(e.getMessage().contains("MemoryScope.keep(tensor)"), e.getMessage());
    }

    @Test
    void keptTensorsSurviveTheScope() {
        Tensor kept;
        try (MemoryScope s = MemoryScope.open()) {
            kept = MemoryScope.keep(tensor(10));
            tensor(10);
            assertEquals(1, s.liveBuffers());
        }
        assertFalse(freed(kept));
        // A kept tensor stays kept: a later scope does not free it either.
        try (MemoryScope s = MemoryScope.open()) {
            MemoryScope.release(kept);
        }
        assertFalse(freed(kept));
    }

    @Test
    void nestedScopesFreeInnermostFirstAndOuterCloseClosesInner() {
        Tensor a;
        Tensor b;
        Tensor c;
        MemoryScope outer = MemoryScope.open();
        a = tensor(1);
        try (MemoryScope inner = MemoryScope.open()) {
            b = tensor(1);
        }
        assertTrue(freed(b));
        assertFalse(freed(a));
        MemoryScope forgotten = MemoryScope.open();
        c = tensor(1);
        outer.close();
        assertTrue(forgotten.isClosed(), "closing an outer scope closes the inner ones left open");
        assertTrue(freed(a));
        assertTrue(freed(c));
        assertNull(MemoryScope.current());
    }

    @Test
    void aScopeMustBeClosedOnItsOwnThread() throws Exception {
        MemoryScope s = MemoryScope.open();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                s.close();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "other");
        t.start();
        t.join();
        assertTrue(thrown.get() instanceof FailedPreconditionException, String.valueOf(thrown.get()));
        assertTrue(thrown.get().getMessage().contains("must be closed there"));
        s.close();
    }

    @Test
    void variablesKeepTheirValueAndTheReplacedValueDiesWithTheStep() {
        Variable w;
        Tensor first;
        try (MemoryScope setup = MemoryScope.open()) {
            first = tensor(16);
            w = new Variable(first, "w");
        }
        assertFalse(freed(first), "a variable's initial value outlives the scope that made it");
        Tensor second;
        try (MemoryScope step = MemoryScope.open()) {
            second = tensor(16);
            w.assign(second);
            assertFalse(freed(first), "the old value lives until the step ends: the tape may still read it");
        }
        assertTrue(freed(first), "replaced in step 1: freed when step 1 closed");
        assertFalse(freed(second));
        assertSame(second.buffer(), w.peek().buffer());
    }

    @Test
    void memoryIsFlatOverRepeatedScopedSteps() {
        // NOTE: the initial values stay referenced here to the end: otherwise a collection during the
        // test lets the safety net free them, and the counts below change under it.
        Tensor w0 = tensor(64, 64);
        Tensor m0 = tensor(64, 64);
        Variable w = new Variable(w0, "w");
        Variable m = new Variable(m0, "m");
        MemoryStats after5 = null;
        for (int step = 0; step < 40; step++) {
            try (MemoryScope s = MemoryScope.open()) {
                for (int op = 0; op < 20; op++) tensor(32, 64);
                w.assign(tensor(64, 64));
                m.assign(tensor(64, 64));
            }
            if (step == 5) after5 = memory.stats();
        }
        MemoryStats end = memory.stats();
        assertEquals(after5.bytesInUse(), end.bytesInUse());
        assertEquals(after5.liveBuffers(), end.liveBuffers());
        assertEquals(4, end.liveBuffers(), "w, m and the two initial values, made outside any scope");
        assertEquals(after5.deviceAllocations(), end.deviceAllocations(), "steady state: no new device allocations");
        assertFalse(freed(w0) || freed(m0), "values made outside any scope are left to the garbage collector");
    }

    @Test
    void variablesSharingABufferDoNotFreeItUnderEachOther() {
        Variable a;
        Variable b;
        try (MemoryScope s = MemoryScope.open()) {
            Tensor t = tensor(8);
            a = new Variable(t, "a");
            b = new Variable(t, "b");
        }
        Tensor shared = b.peek();
        try (MemoryScope s = MemoryScope.open()) {
            a.assign(tensor(8));
        }
        assertFalse(freed(shared), "b still holds it");
        try (MemoryScope s = MemoryScope.open()) {
            b.assign(tensor(8));
        }
        assertTrue(freed(shared));
    }

    @Test
    void theGarbageCollectorIsTheSafetyNetForUnownedBuffers() throws InterruptedException {
        for (int i = 0; i < 10; i++) tensor(1000); // no scope, not referenced
        long deadline = System.currentTimeMillis() + 10_000;
        while (memory.stats().safetyNetFrees() < 10 && System.currentTimeMillis() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(10, memory.stats().safetyNetFrees());
        assertEquals(0, memory.stats().liveBuffers());
    }
}
