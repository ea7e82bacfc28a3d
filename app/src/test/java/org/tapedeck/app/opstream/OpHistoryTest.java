package org.tapedeck.app.opstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.tensor.Tensor;

/** Recent ops keep their tensors within a count and a byte budget; rows outlive them. */
class OpHistoryTest {

    private static OpEvent op(long seq, Tensor in, Tensor out) {
        OpEvent e = new OpEvent(seq, "Relu", Map.of(), new Tensor[] {in}, Device.CPU, Phase.FORWARD, null);
        e.complete(out, 1000, null);
        return e;
    }

    @Test
    void tensorsAreKeptWithinTheByteBudgetRowsLonger() {
        Tensor big = TF.zeros(256, 256);   // 256 KiB
        OpHistory h = new OpHistory(1000, 1000, 2L << 20);   // 2 MiB: four ops of 512 KiB each
        List<OpEvent> events = new ArrayList<>();
        for (int i = 1; i <= 10; i++) events.add(op(i, big, big));
        h.add(events, new ArrayList<>());
        assertEquals(10, h.size(), "every op keeps its row");
        assertEquals(4, h.recentEvents());
        assertTrue(h.recentBytes() <= 2L << 20, "bytes " + h.recentBytes());
        assertNull(h.event(6), "older ops keep their row only");
        assertNotNull(h.event(7));
        assertNotNull(h.event(10));
    }

    @Test
    void theCountCapStillApplies() {
        OpHistory h = new OpHistory(5, 2);
        Tensor t = TF.ones(2);
        List<OpEvent> events = new ArrayList<>();
        for (int i = 1; i <= 8; i++) events.add(op(i, t, t));
        h.add(events, new ArrayList<>());
        assertEquals(5, h.size());
        assertEquals(2, h.recentEvents());
        assertNotNull(h.event(8));
        assertNull(h.event(6));
    }
}
