package org.tapedeck.app.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.TensorStats;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.tensor.Tensor;

/** Recent ops keep their tensors within a count and a byte budget, retained while kept and released once after. */
class RecentOpsTest {

    private static OpEvent op(long seq, Tensor in, Tensor out) {
        OpEvent e = new OpEvent(seq, "Relu", Map.of(), new Tensor[] {in}, Device.CPU, Phase.FORWARD, null);
        e.complete(out, 1000, null);
        return e;
    }

    @Test
    void tensorsAreKeptWithinTheByteBudget() {
        Tensor big = TF.zeros(256, 256);   // 256 KiB
        RecentOps r = new RecentOps(1000, 2L << 20, new CountingKeeper());   // 2 MiB: four ops of 512 KiB each
        for (int i = 1; i <= 10; i++) r.record(op(i, big, big));
        assertEquals(4, r.size());
        assertTrue(r.bytes() <= 2L << 20, "bytes " + r.bytes());
        assertNull(r.event(6), "older ops are let go");
        assertNotNull(r.event(7));
        assertNotNull(r.event(10));
    }

    @Test
    void whileTheProgramRunsFreelyOnlyTheSmallerBudgetIsHeld() {
        Tensor big = TF.zeros(512, 512);   // 1 MiB
        RecentOps r = new RecentOps(1000, 64L << 20, new CountingKeeper());
        for (int i = 1; i <= 20; i++) r.record(op(i, big, big));
        assertEquals(20, r.size(), "paused or stepping: up to the full 64 MiB");
        r.setRunning(true);
        r.record(op(21, big, big));
        assertTrue(r.bytes() <= RecentOps.RUNNING_BYTE_CAPACITY, "bytes " + r.bytes());
        assertEquals(RecentOps.RUNNING_BYTE_CAPACITY / (2L << 20), r.size());
        assertNotNull(r.event(21), "the newest op stays whole");
        r.setRunning(false);
        for (int i = 22; i <= 40; i++) r.record(op(i, big, big));
        assertEquals(23, r.size(), "after a pause the full budget applies again");
    }

    @Test
    void opsLetGoWhilePausedLeaveTheirOutputsStatisticsAndWhileRunningNone() {
        RecentOps r = new RecentOps(2, RecentOps.DEFAULT_BYTE_CAPACITY, new CountingKeeper());
        Map<Long, TensorStats> left = new java.util.LinkedHashMap<>();
        r.onForget(left::put);
        Tensor in = TF.constant(new float[] {1f});
        r.record(op(1, in, TF.constant(new float[] {-2f, 0f, 4f, Float.NaN})));
        r.record(op(2, in, in));
        assertTrue(left.isEmpty(), "nothing let go yet");
        r.record(op(3, in, in));
        TensorStats s = left.get(1L);
        assertEquals(List.of(1L), List.copyOf(left.keySet()));
        assertEquals(-2, s.min());
        assertEquals(4, s.max());
        assertEquals(1, s.nanCount());
        assertEquals(1, s.zeroCount());
        r.setRunning(true);
        r.record(op(4, in, in));
        assertNull(r.event(2), "let go");
        assertEquals(List.of(1L), List.copyOf(left.keySet()), "running: no pass over the output");
    }

    @Test
    void theCountCapStillApplies() {
        RecentOps r = new RecentOps(2, RecentOps.DEFAULT_BYTE_CAPACITY, new CountingKeeper());
        Tensor t = TF.ones(2);
        for (int i = 1; i <= 8; i++) r.record(op(i, t, t));
        assertEquals(2, r.size());
        assertNotNull(r.event(8));
        assertNull(r.event(6));
        assertEquals(8, r.last().sequence());
    }

    @Test
    void everyTensorIsRetainedWhileKeptAndReleasedOnceWhenDropped() {
        CountingKeeper keeper = new CountingKeeper();
        RecentOps r = new RecentOps(3, RecentOps.DEFAULT_BYTE_CAPACITY, keeper);
        // A chain: each op's output is the next op's input, so a tensor can be held by two ops.
        List<Tensor> ts = new ArrayList<>();
        for (int i = 0; i <= 6; i++) ts.add(TF.ones(i + 1));
        List<OpEvent> ops = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ops.add(op(i, ts.get(i), ts.get(i + 1)));
            r.record(ops.get(i));
        }
        // Ops 3, 4, 5 are kept: t3 (input of 3), t4 (out of 3, in of 4), t5 (twice), t6 (out of 5).
        assertEquals(1, keeper.count(ts.get(3)));
        assertEquals(2, keeper.count(ts.get(4)));
        assertEquals(2, keeper.count(ts.get(5)));
        assertEquals(1, keeper.count(ts.get(6)));
        for (int i = 0; i < 3; i++) assertEquals(0, keeper.count(ts.get(i)), "t" + i + " was released with its ops");
        assertTrue(r.holds(ops.get(5)));
        assertFalse(r.holds(ops.get(2)));
        assertEquals(12, keeper.retains);
        assertEquals(6, keeper.releases);

        r.clear();
        assertEquals(keeper.retains, keeper.releases, "every retain matched by one release");
        assertTrue(keeper.retained.isEmpty());
        assertEquals(0, r.size());
        assertEquals(0, r.bytes());
        assertNull(r.last());
    }

    @Test
    void anOpLargerThanTheBudgetIsReleasedAtOnceAndAFailedOpHoldsItsInputs() {
        CountingKeeper keeper = new CountingKeeper();
        RecentOps r = new RecentOps(10, 100, keeper);
        Tensor big = TF.zeros(100);   // 400 bytes
        OpEvent e = op(1, big, big);
        r.record(e);
        assertEquals(0, r.size());
        assertTrue(keeper.retained.isEmpty());
        assertSame(e, r.last(), "the newest op is still known, if not kept");

        OpEvent failed = new OpEvent(2, "MatMul", Map.of(), new Tensor[] {TF.ones(2), null}, Device.CPU, Phase.FORWARD, null);
        failed.fail(new IllegalArgumentException("bad shapes"), 10);
        r.record(failed);
        assertEquals(1, keeper.retained.size());
        r.clear();
        assertEquals(keeper.retains, keeper.releases);
    }

    @Test
    void nothingIsKeptWithACapacityOfZero() {
        CountingKeeper keeper = new CountingKeeper();
        RecentOps r = new RecentOps(0, RecentOps.DEFAULT_BYTE_CAPACITY, keeper);
        r.record(op(1, TF.ones(2), TF.ones(2)));
        assertEquals(0, keeper.retains);
        assertNull(r.last());
    }
}
