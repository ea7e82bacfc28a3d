package org.tapedeck.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A line by pixel column: each column spans the y values the line takes inside it. */
class ColumnSpansTest {

    private static void assertSpan(ColumnSpans s, int c, double low, double high) {
        assertTrue(s.covers(c), "column " + c + " is covered");
        assertEquals(low, s.low(c), 1e-12, "low of column " + c);
        assertEquals(high, s.high(c), 1e-12, "high of column " + c);
    }

    @Test
    void aSlopedSegmentSpansWhatItCrossesInEachColumn() {
        ColumnSpans s = new ColumnSpans(10);
        s.addSegment(0.5, 10, 3.5, 40);   // 10 per column
        assertSpan(s, 0, 10, 15);
        assertSpan(s, 1, 15, 25);
        assertSpan(s, 2, 25, 35);
        assertSpan(s, 3, 35, 40);
        assertFalse(s.covers(4));
        // Backwards gives the same.
        ColumnSpans r = new ColumnSpans(10);
        r.addSegment(3.5, 40, 0.5, 10);
        for (int c = 0; c < 4; c++) assertSpan(r, c, s.low(c), s.high(c));
    }

    @Test
    void manyPointsInOneColumnKeepTheirWholeRange() {
        ColumnSpans s = new ColumnSpans(4);
        double[] ys = {5, 50, 2, 30, 70, 8};
        for (int i = 1; i < ys.length; i++) s.addSegment(1.1 + 0.1 * (i - 1), ys[i - 1], 1.1 + 0.1 * i, ys[i]);
        assertSpan(s, 1, 2, 70);
        assertFalse(s.covers(0));
        assertFalse(s.covers(2));
    }

    @Test
    void verticalSegmentsAndLonePointsFillOneColumn() {
        ColumnSpans s = new ColumnSpans(4);
        s.addSegment(2.5, 30, 2.5, 10);
        assertSpan(s, 2, 10, 30);
        s.addPoint(0.2, 7);
        assertSpan(s, 0, 7, 7);
    }

    @Test
    void whatLiesOutsideTheColumnsIsLeftOut() {
        ColumnSpans s = new ColumnSpans(3);
        s.addSegment(-2, 0, 1, 30);        // enters at column 0 with y = 20
        assertSpan(s, 0, 20, 30);
        s.addSegment(2.5, 0, 8.5, 60);      // leaves after column 2 with y = 5
        assertSpan(s, 2, 0, 5);
        s.addPoint(-1, 3);
        s.addPoint(3, 3);
        s.addSegment(5, 1, 5, 9);
        s.addSegment(-4, 1, -1, 9);
        assertSpan(s, 0, 20, 30);
        assertSpan(s, 2, 0, 5);
    }
}
