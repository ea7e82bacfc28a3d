package org.tapedeck.app.opstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;

/** The op history: a ring of rows stored by column, with equal sites kept once. */
class OpHistoryTest {
    /** A fresh site each call (new shape objects), equal for equal arguments. */
    private static OpSite site(String op, int batch) {
        return new OpSite(op, "sequential/dense", new Shape[] {Shape.of(batch, 16), null}, Shape.of(batch, 10),
                DType.FLOAT32, Device.CPU, Phase.FORWARD, false);
    }

    private static List<OpRow> rows(long from, int n) {
        List<OpRow> rows = new ArrayList<>();
        for (long s = from; s < from + n; s++) rows.add(new OpRow(s, site(s % 2 == 0 ? "MatMul" : "AddV2", 32), s * 0.5));
        return rows;
    }

    private static List<Long> sequences(Iterator<OpRow> it) {
        List<Long> out = new ArrayList<>();
        while (it.hasNext()) out.add(it.next().sequence());
        return out;
    }

    @Test
    void keepsTheLastRowsInOrderAcrossTheRingsWrap() {
        OpHistory h = new OpHistory(5);
        h.add(rows(0, 3));
        h.add(rows(3, 4));
        assertEquals(5, h.size());
        assertEquals(7, h.total());
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), sequences(h.iterator()));
        assertEquals(List.of(6L, 5L, 4L, 3L, 2L), sequences(h.descendingIterator()));
        assertEquals(2, h.oldestSequence());
        assertEquals(6, h.newestSequence());
        assertEquals(new OpRow(4, site("MatMul", 32), 2.0), h.get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> h.get(5));
    }

    @Test
    void rowsReadBackEqualToTheRowsAddedAndShareOneSitePerDistinctOp() {
        OpHistory h = new OpHistory(100);
        List<OpRow> added = rows(0, 40);
        h.add(added);
        for (int i = 0; i < 40; i++) assertEquals(added.get(i), h.get(i));
        assertEquals(2, h.sharedSites());
        assertSame(h.get(0).site(), h.get(2).site());
        assertNotEquals(h.get(0).site(), h.get(1).site());
        h.add(List.of(new OpRow(40, site("MatMul", 64), 1)));
        assertEquals(3, h.sharedSites());
        assertEquals(Shape.of(64, 10), h.get(40).output());
    }

    @Test
    void theSharingTableStartsAgainPastItsBoundAndRowsKeepTheirSites() {
        OpHistory h = new OpHistory(OpHistory.MAX_SITES + 10);
        List<OpRow> distinct = new ArrayList<>();
        for (int i = 0; i <= OpHistory.MAX_SITES; i++) distinct.add(new OpRow(i, site("MatMul", i + 1), 1));
        h.add(distinct);
        assertEquals(1, h.sharedSites());
        assertEquals(Shape.of(1, 10), h.get(0).output());
        assertEquals(Shape.of(OpHistory.MAX_SITES + 1, 10), h.get(OpHistory.MAX_SITES).output());
    }

    @Test
    void clearForgetsRowsAndCounts() {
        OpHistory h = new OpHistory(3);
        h.add(rows(0, 5));
        h.clear();
        assertEquals(0, h.size());
        assertEquals(0, h.total());
        assertEquals(-1, h.newestSequence());
        assertEquals(Long.MAX_VALUE, h.oldestSequence());
        assertFalse(h.iterator().hasNext());
        h.add(rows(9, 1));
        assertEquals(List.of(9L), sequences(h.iterator()));
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OpHistory(0));
    }
}
