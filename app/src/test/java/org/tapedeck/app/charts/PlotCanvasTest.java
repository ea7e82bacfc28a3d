package org.tapedeck.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.paint.Color;

import org.junit.jupiter.api.Test;

/** The canvas plot's axes get round ticks that cover the data; its lines must be whole. */
class PlotCanvasTest {

    private static void assertTicks(double first, double last, double step, PlotCanvas.Ticks t) {
        assertEquals(first, t.first(), 1e-12, "first of " + t);
        assertEquals(last, t.last(), 1e-12, "last of " + t);
        assertEquals(step, t.step(), 1e-12, "step of " + t);
    }

    @Test
    void ticksAreOneTwoOrFiveTimesAPowerOfTenAndCoverTheRange() {
        assertTicks(0, 2500, 500, PlotCanvas.Ticks.covering(0, 2193, 5));
        assertTicks(0, 2200, 200, PlotCanvas.Ticks.covering(0, 2193, 9));
        assertTicks(1.0, 2.5, 0.5, PlotCanvas.Ticks.covering(1.07, 2.31, 3));
        assertTicks(0.2, 0.6, 0.1, PlotCanvas.Ticks.covering(0.2, 0.6, 4));
        assertEquals(5, PlotCanvas.Ticks.covering(0.2, 0.6, 4).count());
        assertEquals(1, PlotCanvas.Ticks.covering(0.2, 0.6, 4).decimals());
        assertEquals(0, PlotCanvas.Ticks.covering(0, 2193, 9).decimals());
        assertEquals(3, PlotCanvas.Ticks.covering(0.001, 0.004, 3).decimals());
    }

    @Test
    void aSinglePointGetsARangeAroundIt() {
        PlotCanvas.Ticks one = PlotCanvas.Ticks.covering(1, 1, 4);
        assertTrue(one.first() < 1 && one.last() > 1, one.toString());
        PlotCanvas.Ticks zero = PlotCanvas.Ticks.covering(0, 0, 4);
        assertTrue(zero.first() < 0 && zero.last() > 0, zero.toString());
    }

    @Test
    void aLineNeedsAYForEachX() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PlotCanvas.Line("loss", Color.BLACK, 1, false, new double[3], new double[2]));
        assertEquals("loss: 3 x values for 2 y values", e.getMessage());
    }
}
