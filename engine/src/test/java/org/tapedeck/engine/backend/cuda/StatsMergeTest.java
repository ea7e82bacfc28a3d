package org.tapedeck.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.backend.TensorStats;
import org.tapedeck.engine.backend.cpu.CpuBackend;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** stats.cu's per-block summaries and their merge on the host, against CpuBackend.stats. */
class StatsMergeTest {

    private static TensorStats gpuStyle(double[] v, int blocks) {
        double[] partials = new double[blocks * StatsMerge.DOUBLES_PER_BLOCK];
        int per = (v.length + blocks - 1) / blocks;
        for (int b = 0; b < blocks; b++) {
            double[] s = StatsMerge.summarise(v, Math.min(v.length, b * per), Math.min(v.length, (b + 1) * per));
            System.arraycopy(s, 0, partials, b * StatsMerge.DOUBLES_PER_BLOCK, s.length);
        }
        return StatsMerge.merge(partials, blocks, v.length);
    }

    private static void assertSameStats(TensorStats expected, TensorStats got) {
        assertEquals(expected.count(), got.count());
        assertEquals(expected.nanCount(), got.nanCount());
        assertEquals(expected.infCount(), got.infCount());
        assertEquals(expected.zeroCount(), got.zeroCount());
        // NOTE: == so that a min of 0.0 and one of -0.0 agree (which zero comes first differs).
        assertTrue(expected.min() == got.min(), expected.min() + " vs " + got.min());
        assertTrue(expected.max() == got.max(), expected.max() + " vs " + got.max());
        assertEquals(expected.mean(), got.mean(), 1e-12 * Math.max(1, Math.abs(expected.mean())));
        assertEquals(expected.std(), got.std(), 1e-12 * Math.max(1, expected.std()));
    }

    @Test
    void blockSummariesMergeToTheCpuStatistics() {
        SplittableRandom r = new SplittableRandom(3);
        double[] v = new double[10_007];
        for (int i = 0; i < v.length; i++) v[i] = 1000 + r.nextGaussian() * 3;
        v[5] = Double.NaN;
        v[77] = Double.POSITIVE_INFINITY;
        v[78] = Double.NEGATIVE_INFINITY;
        v[100] = 0;
        v[101] = -0.0;
        TensorStats cpu = CpuBackend.INSTANCE.stats(Tensor.wrap(Shape.of(v.length), new HostBuffer.F64(v)));
        for (int blocks : new int[] {1, 2, 7, 528, 10_007}) assertSameStats(cpu, gpuStyle(v, blocks));
    }

    @Test
    void onlyNonFiniteValuesGiveNaNStatistics() {
        double[] v = {Double.NaN, Double.POSITIVE_INFINITY, Double.NaN};
        TensorStats s = gpuStyle(v, 2);
        assertEquals(3, s.count());
        assertEquals(2, s.nanCount());
        assertEquals(1, s.infCount());
        assertTrue(Double.isNaN(s.mean()) && Double.isNaN(s.min()) && Double.isNaN(s.std()));
        assertTrue(s.hasNonFinite());
        TensorStats empty = StatsMerge.merge(new double[0], 0, 0);
        assertEquals(0, empty.count());
        assertTrue(Double.isNaN(empty.mean()));
    }
}
