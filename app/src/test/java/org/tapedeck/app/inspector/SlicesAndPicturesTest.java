package org.tapedeck.app.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.tensor.Shape;

/** Slice layouts, heatmap pixels and histograms, on plain host buffers. */
class SlicesAndPicturesTest {

    private static HostBuffer range(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return new HostBuffer.F32(v);
    }

    @Test
    void layoutsByRank() {
        assertEquals(1, SliceLayout.of(Shape.scalar()).rows());
        assertEquals(1, SliceLayout.of(Shape.scalar()).cols());
        assertEquals(5, SliceLayout.of(Shape.of(5)).cols());
        SliceLayout r3 = SliceLayout.of(Shape.of(2, 3, 4));
        assertEquals(1, r3.selectors().size());
        Slice2D s = r3.slice(range(24), new int[] {1});
        assertEquals(12 + 4 * 2 + 3, s.value(2, 3));
        SliceLayout r5 = SliceLayout.of(Shape.of(2, 2, 2, 3, 4));
        assertEquals(3, r5.selectors().size());
        assertEquals(48 + 24 + 12 + 5, r5.slice(range(96), new int[] {1, 1, 1}).value(1, 1));
        assertThrows(IllegalArgumentException.class, () -> r5.slice(range(96), new int[] {1}));
    }

    @Test
    void sequentialHeatmapRunsDarkToBrightAndBigSlicesAreSampled() {
        Slice2D s = SliceLayout.of(Shape.of(1, 4)).slice(range(4), new int[0]);
        Heatmap.Image img = Heatmap.render(s);
        assertEquals(4, img.width());
        assertEquals(1, img.height());
        assertEquals(0, img.low());
        assertEquals(3, img.high());
        assertTrue(brightness(img.argb()[0]) < brightness(img.argb()[3]));

        Slice2D big = SliceLayout.of(Shape.of(3000, 2000)).slice(range(6_000_000), new int[0]);
        Heatmap.Image sampled = Heatmap.render(big);
        assertEquals(Heatmap.MAX_SIDE, sampled.width());
        assertEquals(Heatmap.MAX_SIDE, sampled.height());
    }

    @Test
    void mixedSignsUseADivergingScaleWhiteAtZero() {
        HostBuffer v = new HostBuffer.F32(new float[] {-2, 0, 2});
        Heatmap.Image img = Heatmap.render(SliceLayout.of(Shape.of(3)).slice(v, new int[0]));
        assertTrue(img.diverging());
        assertEquals(0xFFF7F7F7, img.argb()[1]);
        assertNotEquals(img.argb()[0], img.argb()[2]);
        assertTrue((img.argb()[0] & 0xFF) > (img.argb()[0] >> 16 & 0xFF), "negative is blue");
        assertTrue((img.argb()[2] >> 16 & 0xFF) > (img.argb()[2] & 0xFF), "positive is red");
    }

    @Test
    void histogramBinsFiniteValues() {
        Histogram h = Histogram.of(new HostBuffer.F64(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, Double.NaN}), 5);
        assertEquals(0, h.min());
        assertEquals(10, h.max());
        assertEquals(2, h.counts()[0]);
        assertEquals(2, h.counts()[4], "8 and the max, 10, in the last bin");
        assertEquals(10, java.util.Arrays.stream(h.counts()).sum());
        Histogram flat = Histogram.of(new HostBuffer.F32(new float[] {3, 3, 3}), 4);
        assertEquals(3, flat.counts()[0]);
        assertTrue(Double.isNaN(Histogram.of(new HostBuffer.F32(new float[] {Float.NaN}), 4).min()));
    }

    private static int brightness(int argb) { return (argb >> 16 & 0xFF) + (argb >> 8 & 0xFF) + (argb & 0xFF); }
}
