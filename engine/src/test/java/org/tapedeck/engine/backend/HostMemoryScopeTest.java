package org.tapedeck.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.data.Dataset;
import org.tapedeck.engine.errors.FailedPreconditionException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/** Host (CPU) tensors under MemoryScopes: freed with their step, arrays reused by the next one. */
class HostMemoryScopeTest {
    @BeforeEach
    void emptyPool() { HostArrays.clear(); }

    private static Tensor x() { return TF.constant(new float[][] {{1, 2}, {3, 4}}); }

    @Test
    void opResultsAreFreedWithTheirScopeAndTheirArraysReused() {
        Tensor a = x();
        Tensor y;
        try (MemoryScope s = MemoryScope.open()) {
            y = TF.add(a, a);
            assertEquals(1, s.liveBuffers());
        }
        assertTrue(y.isFreed());
        assertFalse(a.isFreed(), "made outside any scope: left to the garbage collector");
        Object array = y.buffer() instanceof HostBuffer h ? h.array() : null;
        try (MemoryScope s = MemoryScope.open()) {
            Tensor z = TF.multiply(a, a);
            assertSame(array, z.host().array(), "the next step's op of the same size takes the freed array");
            assertArrayEquals(new float[] {1, 4, 9, 16}, z.toFloatArray());
        }
    }

    @Test
    void aReusedArrayIsZeroFilledUnlessTheKernelOverwritesIt() {
        Object array;
        try (MemoryScope s = MemoryScope.open()) {
            HostBuffer.F32 b = (HostBuffer.F32) HostBuffer.allocate(DType.FLOAT32, 3);
            b.a[1] = 7;
            array = b.a;
        }
        try (MemoryScope s = MemoryScope.open()) {
            HostBuffer.F32 b = (HostBuffer.F32) HostBuffer.allocate(DType.FLOAT32, 3);
            assertSame(array, b.a);
            assertArrayEquals(new float[3], b.a);
            b.a[2] = 5;
        }
        try (MemoryScope s = MemoryScope.open()) {
            HostBuffer.F32 b = (HostBuffer.F32) HostBuffer.allocateForOverwrite(DType.FLOAT32, 3);
            assertSame(array, b.a);
            assertEquals(5f, b.a[2], "not zeroed: the kernel writes every element itself");
        }
    }

    @Test
    void aRepeatedStepAllocatesNoNewArrays() {
        Variable w = new Variable(TF.random.normal(8, 8), "w");
        Tensor x = TF.random.normal(4, 8);
        for (int step = 0; step < 3; step++) step(w, x);
        long before = HostArrays.stats().allocated();
        for (int step = 0; step < 10; step++) step(w, x);
        assertEquals(before, HostArrays.stats().allocated(), HostArrays.stats().toString());
    }

    private static void step(Variable w, Tensor x) {
        try (MemoryScope s = MemoryScope.open()) {
            Tensor y = TF.tanh(TF.matmul(x, w));
            w.assignSub(TF.multiply(TF.reduceMean(y), 0.01));
        }
    }

    @Test
    void usingAFreedTensorNamesTheOpAndTheScope() {
        Tensor y;
        MemoryScope scope;
        try (MemoryScope s = MemoryScope.open()) {
            scope = s;
            y = TF.exp(x());
        }
        FailedPreconditionException e = assertThrows(FailedPreconditionException.class, () -> TF.add(y, 1f));
        assertTrue(e.getMessage().contains("AddV2: input 0 (a float32 tensor of shape (2, 2) on CPU:0)"), e.getMessage());
        assertTrue(e.getMessage().contains("freed when " + scope), e.getMessage());
        assertTrue(e.getMessage().contains("MemoryScope.keep(tensor)"), e.getMessage());
        FailedPreconditionException read = assertThrows(FailedPreconditionException.class, y::toFloatArray);
        assertTrue(read.getMessage().contains("freed when " + scope), read.getMessage());
    }

    @Test
    void keptTensorsAndVariablesOutliveTheScope() {
        Tensor kept;
        Variable v;
        try (MemoryScope s = MemoryScope.open()) {
            kept = MemoryScope.keep(TF.square(x()));
            v = new Variable(TF.add(x(), 1f), "v");
        }
        assertArrayEquals(new float[] {1, 4, 9, 16}, kept.toFloatArray());
        assertArrayEquals(new float[] {2, 3, 4, 5}, v.value().toFloatArray());
        Tensor old = v.value();
        try (MemoryScope s = MemoryScope.open()) {
            v.assign(TF.multiply(x(), 2f));
            assertFalse(old.isFreed(), "the replaced value lives until the step ends");
        }
        assertTrue(old.isFreed(), "replaced in the step: freed when it closed");
        assertArrayEquals(new float[] {2, 4, 6, 8}, v.value().toFloatArray());
    }

    @Test
    void tensorsOverTheCallersArraysAreNeverFreed() {
        float[] mine = {5, 6};
        Tensor t;
        try (MemoryScope s = MemoryScope.open()) {
            t = Tensor.wrap(org.tapedeck.engine.tensor.Shape.of(2), HostBuffer.wrap(mine));
            assertEquals(0, s.liveBuffers());
        }
        assertFalse(t.isFreed());
        assertArrayEquals(new float[] {5, 6}, t.toFloatArray());
    }

    @Test
    void anUnownedTensorAttachedToAScopeDiesWithIt() {
        Tensor element = TF.square(x());   // made outside any scope, like a dataset element
        Tensor kept = MemoryScope.keep(TF.square(x()));
        try (MemoryScope step = MemoryScope.open()) {
            assertSame(element, MemoryScope.attach(element));
            MemoryScope.attach(kept);
            assertEquals(1, step.liveBuffers());
        }
        assertTrue(element.isFreed());
        assertFalse(kept.isFreed(), "a kept tensor stays kept");
    }

    @Test
    void datasetElementsOutliveTheStepThatAskedForThem() {
        // A shuffle buffer holds mapped elements across steps: they must not die with the step.
        Dataset<Tensor> ds = Dataset.fromTensorSlices(TF.range(0, 64, 1)).map(t -> TF.multiply(t, 10)).shuffle(16, 3L);
        List<Integer> seen = new ArrayList<>();
        for (var it = ds.iterator(); ; ) {
            try (MemoryScope step = MemoryScope.open()) {
                if (!it.hasNext()) break;
                seen.add(TF.add(it.next(), 0).intValue());
            }
        }
        assertEquals(64, seen.size());
        assertEquals(64 * 63 / 2 * 10, seen.stream().mapToInt(Integer::intValue).sum());
    }
}
