package org.tapedeck.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.events.EpochEvent;
import org.tapedeck.engine.events.ExecutionEvents;
import org.tapedeck.engine.events.ExecutionListener;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

class DatasetTest {

    /** The elements of a dataset of int64 scalars, in order. */
    private static List<Long> values(Dataset<Tensor> ds) {
        List<Long> out = new ArrayList<>();
        for (Tensor t : ds) out.add(t.longValue());
        return out;
    }

    private static List<Long> seq(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i < to; i++) out.add(i);
        return out;
    }

    // ---- sources ------------------------------------------------------------------------------

    @Test
    void fromTensorSlicesYieldsRowsInOrder() {
        Tensor x = TF.constant(new int[][] {{1, 2}, {3, 4}, {5, 6}});
        Dataset<Tensor> ds = Dataset.fromTensorSlices(x);
        assertEquals(3, ds.cardinality());
        List<int[]> rows = new ArrayList<>();
        for (Tensor row : ds) {
            assertEquals(Shape.of(2), row.shape());
            assertEquals(DType.INT32, row.dtype());
            rows.add(row.toIntArray());
        }
        assertEquals(3, rows.size());
        assertArrayEquals(new int[] {1, 2}, rows.get(0));
        assertArrayEquals(new int[] {5, 6}, rows.get(2));
    }

    @Test
    void fromTensorSlicesOfAPairKeepsRowsTogether() {
        Tensor images = TF.constant(new byte[][][] {{{1, 2}}, {{3, 4}}, {{5, 6}}});   // uint8 (3, 1, 2)
        Tensor labels = TF.constant(new long[] {7, 8, 9});
        List<Pair> pairs = new ArrayList<>();
        for (Pair p : Dataset.fromTensorSlices(images, labels)) pairs.add(p);
        assertEquals(3, pairs.size());
        assertEquals(DType.UINT8, pairs.get(1).first().dtype());
        assertEquals(Shape.of(1, 2), pairs.get(1).first().shape());
        assertArrayEquals(new int[] {3, 4}, pairs.get(1).first().toIntArray());
        assertEquals(8, pairs.get(1).second().longValue());
        assertEquals(Shape.scalar(), pairs.get(1).second().shape());
    }

    @Test
    void fromTensorSlicesRejectsMismatchedOrScalarComponents() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> Dataset.fromTensorSlices(TF.zeros(3, 2), TF.zeros(4)));
        assertTrue(e.getMessage().contains("(3, 2)") && e.getMessage().contains("(4,)"), e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> Dataset.fromTensorSlices(TF.constant(1f)));
    }

    @Test
    void rangeCountsFromZero() {
        assertEquals(seq(0, 5), values(Dataset.range(5)));
        assertEquals(DType.INT64, Dataset.range(1).iterator().next().dtype());
    }

    // ---- map, take, skip, repeat --------------------------------------------------------------

    @Test
    void mapAppliesTheFunctionToEachElement() {
        Dataset<Tensor> ds = Dataset.range(4).map(t -> t.mul(10L));
        assertEquals(List.of(0L, 10L, 20L, 30L), values(ds));
        assertEquals(4, ds.cardinality());
        Dataset<String> strings = Dataset.range(2).map(t -> "#" + t.longValue());
        List<String> out = new ArrayList<>();
        strings.forEach(out::add);
        assertEquals(List.of("#0", "#1"), out);
    }

    @Test
    void takeAndSkip() {
        Dataset<Tensor> ds = Dataset.range(10);
        assertEquals(seq(0, 3), values(ds.take(3)));
        assertEquals(seq(0, 10), values(ds.take(20)));
        assertEquals(seq(0, 10), values(ds.take(-1)));
        assertEquals(List.of(), values(ds.take(0)));
        assertEquals(seq(7, 10), values(ds.skip(7)));
        assertEquals(List.of(), values(ds.skip(12)));
        assertEquals(List.of(), values(ds.skip(-1)));
        assertEquals(seq(2, 5), values(ds.skip(2).take(3)));
        assertEquals(3, ds.take(3).cardinality());
        assertEquals(10, ds.take(-1).cardinality());
        assertEquals(3, ds.skip(7).cardinality());
        assertEquals(0, ds.skip(12).cardinality());
        assertThrows(InvalidArgumentException.class, () -> ds.take(-2));
    }

    @Test
    void repeatRunsTheInputAgain() {
        Dataset<Tensor> ds = Dataset.range(3);
        assertEquals(List.of(0L, 1L, 2L, 0L, 1L, 2L), values(ds.repeat(2)));
        assertEquals(List.of(), values(ds.repeat(0)));
        assertEquals(6, ds.repeat(2).cardinality());
        assertEquals(Dataset.INFINITE, ds.repeat().cardinality());
        assertEquals(List.of(0L, 1L, 2L, 0L, 1L, 2L, 0L), values(ds.repeat().take(7)));
        assertEquals(7, ds.repeat().take(7).cardinality());
        // An empty input ends even a "forever" repeat.
        assertEquals(List.of(), values(ds.take(0).repeat()));
        assertEquals(0, ds.take(0).repeat().cardinality());
    }

    // ---- batch --------------------------------------------------------------------------------

    @Test
    void batchKeepsTheLastPartialBatchUnlessDropped() {
        Dataset<Tensor> ds = Dataset.range(10);
        List<Tensor> kept = new ArrayList<>();
        ds.batch(4).forEach(kept::add);
        assertEquals(3, kept.size());
        assertEquals(3, ds.batch(4).cardinality());
        assertEquals(Shape.of(4), kept.get(0).shape());
        assertArrayEquals(new long[] {8, 9}, kept.get(2).toLongArray());

        List<Tensor> dropped = new ArrayList<>();
        ds.batch(4, true).forEach(dropped::add);
        assertEquals(2, dropped.size());
        assertEquals(2, ds.batch(4, true).cardinality());
        assertArrayEquals(new long[] {4, 5, 6, 7}, dropped.get(1).toLongArray());

        assertEquals(2, ds.batch(5, true).cardinality());
        assertThrows(InvalidArgumentException.class, () -> ds.batch(0));
    }

    @Test
    void batchOfPairsGathersRowsAndKeepsTheSourceDtype() {
        byte[] pixels = new byte[5 * 2 * 3];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (200 + i);   // > 127: read unsigned
        Tensor images = TF.constant(pixels, Shape.of(5, 2, 3));
        Tensor labels = TF.constant(new byte[] {10, 11, 12, 13, 14});
        List<Pair> batches = new ArrayList<>();
        Dataset.fromTensorSlices(images, labels).batch(2).forEach(batches::add);
        assertEquals(3, batches.size());
        Pair second = batches.get(1);
        assertEquals(DType.UINT8, second.first().dtype());
        assertEquals(Shape.of(2, 2, 3), second.first().shape());
        assertEquals(Shape.of(2), second.second().shape());
        int[] expect = new int[12];
        for (int i = 0; i < 12; i++) expect[i] = 200 + 12 + i;
        assertArrayEquals(expect, second.first().toIntArray());
        assertArrayEquals(new int[] {12, 13}, second.second().toIntArray());
        assertEquals(Shape.of(1, 2, 3), batches.get(2).first().shape());
    }

    @Test
    void batchAfterMapStacksElements() {
        Dataset<Pair> ds = Dataset.range(5).map(t -> new Pair(TF.fill(Shape.of(2), (float) t.longValue()), t));
        List<Pair> batches = new ArrayList<>();
        ds.batch(3).forEach(batches::add);
        assertEquals(2, batches.size());
        assertEquals(Shape.of(3, 2), batches.get(0).first().shape());
        assertArrayEquals(new float[] {0, 0, 1, 1, 2, 2}, batches.get(0).first().toFloatArray());
        assertArrayEquals(new long[] {3, 4}, batches.get(1).second().toLongArray());
    }

    @Test
    void batchOfBatchesAndMapOfBatches() {
        Dataset<Tensor> ds = Dataset.range(8).batch(2).batch(2);
        Iterator<Tensor> it = ds.iterator();
        Tensor first = it.next();
        assertEquals(Shape.of(2, 2), first.shape());
        assertArrayEquals(new long[] {0, 1, 2, 3}, first.toLongArray());

        // The tutorial's pattern: batch the uint8 rows, convert each batch to float when it is used.
        Tensor images = TF.constant(new byte[] {0, (byte) 255, 51, 102}, Shape.of(4, 1));
        Dataset<Tensor> scaled = Dataset.fromTensorSlices(images).batch(4).map(b -> TF.cast(b, DType.FLOAT32).div(255));
        Tensor b = scaled.iterator().next();
        assertEquals(DType.FLOAT32, b.dtype());
        assertArrayEquals(new float[] {0f, 1f, 0.2f, 0.4f}, b.toFloatArray(), 1e-6f);
    }

    @Test
    void batchRejectsRaggedOrUnstackableElements() {
        Dataset<Tensor> ragged = Dataset.range(3).map(t -> TF.zeros((int) t.longValue() + 1));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> ragged.batch(3).iterator().next());
        assertTrue(e.getMessage().contains("(2,)") && e.getMessage().contains("(1,)"), e.getMessage());
        Dataset<String> strings = Dataset.range(3).map(t -> "x");
        assertThrows(InvalidArgumentException.class, () -> strings.batch(2).iterator().next());
        Dataset<Object> mixed = Dataset.range(3).map(t -> t.longValue() == 0 ? (Object) t : new Pair(t, t));
        InvalidArgumentException m = assertThrows(InvalidArgumentException.class, () -> mixed.batch(2).iterator().next());
        assertTrue(m.getMessage().contains("element 1 is a org.tapedeck.engine.data.Pair"), m.getMessage());
    }

    @Test
    void batchingRunsNoOps() {
        List<String> ops = new ArrayList<>();
        ExecutionListener l = new ExecutionListener() {
            @Override public void afterOp(OpEvent event) { ops.add(event.opName()); }
        };
        Tensor x = TF.range(12);
        try (var reg = ExecutionEvents.addListener(l)) {
            for (Tensor b : Dataset.fromTensorSlices(x).shuffle(4, 1).batch(5)) assertEquals(DType.INT32, b.dtype());
            for (Tensor b : Dataset.fromTensorSlices(x).map(t -> t).batch(5)) assertEquals(DType.INT32, b.dtype());
        }
        assertEquals(List.of(), ops);
    }

    // ---- shuffle ------------------------------------------------------------------------------

    @Test
    void shuffleWithABufferOfOneKeepsTheOrder() {
        assertEquals(seq(0, 50), values(Dataset.range(50).shuffle(1, 7)));
    }

    @Test
    void shuffleWithABufferAsLargeAsTheDataIsAPermutation() {
        List<Long> out = values(Dataset.range(100).shuffle(100, 3));
        assertEquals(100, out.size());
        assertEquals(new HashSet<>(seq(0, 100)), new HashSet<>(out));
        assertNotEquals(seq(0, 100), out);
        // With the whole data in the buffer, the last element can come out first for some seed.
        boolean lastFirst = false;
        for (long seed = 0; seed < 400 && !lastFirst; seed++) {
            lastFirst = values(Dataset.range(10).shuffle(10, seed)).get(0) == 9L;
        }
        assertTrue(lastFirst, "the last element never came out first");
    }

    @Test
    void shuffleRespectsTheBufferBound() {
        int n = 1000;
        for (int buffer : new int[] {2, 10, 100}) {
            for (long seed = 0; seed < 5; seed++) {
                List<Long> out = values(Dataset.range(n).shuffle(buffer, seed));
                assertEquals(new HashSet<>(seq(0, n)), new HashSet<>(out), "not a permutation");
                int maxEarly = 0;
                for (int p = 0; p < n; p++) {
                    int i = out.get(p).intValue();
                    // Element i is read only after i - buffer + 1 elements were emitted.
                    assertTrue(p >= i - buffer + 1, "element " + i + " came out at " + p + " with buffer " + buffer);
                    maxEarly = Math.max(maxEarly, i - p);
                }
                // ...and the bound is reached or nearly: the buffer really is used.
                assertTrue(maxEarly >= buffer / 2, "buffer " + buffer + ": elements moved at most " + maxEarly + " places earlier");
            }
        }
    }

    @Test
    void shuffleIsDeterministicForASeedAndReshufflesEachEpoch() {
        Dataset<Tensor> a = Dataset.range(30).shuffle(10, 42);
        Dataset<Tensor> b = Dataset.range(30).shuffle(10, 42);
        List<Long> a0 = values(a);
        List<Long> a1 = values(a);
        List<Long> a2 = values(a);
        assertEquals(a0, values(b));
        assertEquals(a1, values(b));
        assertEquals(a2, values(b));
        assertNotEquals(a0, a1);
        assertNotEquals(a1, a2);
        assertNotEquals(a0, values(Dataset.range(30).shuffle(10, 43)));
    }

    @Test
    void shuffleWithoutReshuffleRepeatsTheOrder() {
        Dataset<Tensor> ds = Dataset.range(30).shuffle(30, 5, false);
        List<Long> first = values(ds);
        assertEquals(first, values(ds));
        assertEquals(first, values(ds.repeat(2)).subList(30, 60));
    }

    @Test
    void repeatAfterShuffleReshufflesEachRound() {
        List<Long> out = values(Dataset.range(20).shuffle(20, 9).repeat(2));
        assertEquals(40, out.size());
        assertEquals(new HashSet<>(seq(0, 20)), new HashSet<>(out.subList(0, 20)));
        assertEquals(new HashSet<>(seq(0, 20)), new HashSet<>(out.subList(20, 40)));
        assertNotEquals(out.subList(0, 20), out.subList(20, 40));
    }

    @Test
    void unseededShuffleFollowsTheGlobalSeed() {
        TF.random.setSeed(1234);
        List<Long> a = values(Dataset.range(40).shuffle(40));
        TF.random.setSeed(1234);
        List<Long> b = values(Dataset.range(40).shuffle(40));
        assertEquals(a, b);
    }

    @Test
    void shuffledBatchesMatchShuffledElements() {
        // Gathering rows for a batch must give the same order as shuffling the elements themselves.
        Tensor x = TF.range(0, 64, 1);
        List<Long> rows = new ArrayList<>();
        for (Tensor t : Dataset.fromTensorSlices(x).shuffle(16, 77)) rows.add(t.longValue());
        List<Long> batched = new ArrayList<>();
        for (Tensor b : Dataset.fromTensorSlices(x).shuffle(16, 77).batch(10)) {
            for (long v : b.toLongArray()) batched.add(v);
        }
        assertEquals(rows, batched);
        List<Long> mapped = new ArrayList<>();
        for (Tensor b : Dataset.fromTensorSlices(x).shuffle(16, 77).map(t -> t).batch(10)) {
            for (long v : b.toLongArray()) mapped.add(v);
        }
        assertEquals(rows, mapped);
    }

    @Test
    void shuffleRejectsAnEmptyBuffer() {
        assertThrows(InvalidArgumentException.class, () -> Dataset.range(3).shuffle(0, 1));
    }

    // ---- epochs -------------------------------------------------------------------------------

    @Test
    void eachIterationOfTheOutermostDatasetBeginsAnEpoch() {
        List<EpochEvent> events = new ArrayList<>();
        ExecutionListener l = new ExecutionListener() {
            @Override public void onEpochBegan(EpochEvent event) { events.add(event); }
        };
        Dataset<Tensor> ds = Dataset.range(10).shuffle(5, 1).batch(3).repeat(2);
        try (var reg = ExecutionEvents.addListener(l)) {
            for (int epoch = 0; epoch < 3; epoch++) {
                int batches = 0;
                for (Tensor b : ds) batches++;
                assertEquals(8, batches);
            }
        }
        assertEquals(3, events.size(), events.toString());
        for (int i = 0; i < 3; i++) {
            assertEquals(i, events.get(i).epoch());
            assertEquals("fromTensorSlices(int64(10,)).shuffle(5).batch(3).repeat(2)", events.get(i).dataset());
        }
        // A new dataset object counts its own epochs from 0.
        events.clear();
        try (var reg = ExecutionEvents.addListener(l)) {
            ds.take(1).iterator();
        }
        assertEquals(List.of(new EpochEvent("fromTensorSlices(int64(10,)).shuffle(5).batch(3).repeat(2).take(1)", 0)), events);
    }

    @Test
    void describesItself() {
        Dataset<Pair> ds = Dataset.fromTensorSlices(TF.zeros(DType.UINT8, 6, 28, 28), TF.zeros(DType.UINT8, 6))
                .shuffle(1000, 1).batch(32, true).skip(1).map(p -> p);
        assertEquals("fromTensorSlices(uint8(6, 28, 28), uint8(6,)).shuffle(1000).batch(32, dropRemainder=true).skip(1).map(...)",
                ds.toString());
        assertEquals(0, ds.cardinality());
        assertEquals(Dataset.UNKNOWN, new Dataset<Tensor>() {
            @Override public long cardinality() { return UNKNOWN; }
            @Override public String toString() { return "unknown"; }
            @Override Iterator<Tensor> elements() { return List.<Tensor>of().iterator(); }
        }.batch(2).cardinality());
    }

    @Test
    void iterationsAreIndependent() {
        Dataset<Tensor> ds = Dataset.range(4);
        Iterator<Tensor> a = ds.iterator();
        Iterator<Tensor> b = ds.iterator();
        assertEquals(0, a.next().longValue());
        assertEquals(1, a.next().longValue());
        assertEquals(0, b.next().longValue());
        assertEquals(2, a.next().longValue());
        Set<Long> rest = new HashSet<>();
        b.forEachRemaining(t -> rest.add(t.longValue()));
        assertEquals(Set.of(1L, 2L, 3L), rest);
    }
}
