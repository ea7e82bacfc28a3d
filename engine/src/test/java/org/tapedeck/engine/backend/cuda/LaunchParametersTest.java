package org.tapedeck.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.backend.cpu.CpuBackend;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;

/** Grids, fill bit patterns, scalar upload bits and the error tickets: the small launch parameters. */
class LaunchParametersTest {

    @Test
    void gridsCoverTheirElements() {
        assertEquals(1, Grid.over(0).blocksX());
        assertEquals(1, Grid.over(256).blocksX());
        assertEquals(2, Grid.over(257).blocksX());
        assertEquals(Grid.MAX_BLOCKS, Grid.over(Integer.MAX_VALUE).blocksX(), "beyond the cap, threads loop over the rest");
        for (int n : new int[] {1, 255, 256, 1000, 1 << 20, 65535 * 256}) {
            assertTrue(Grid.over(n).threads() >= n, "one thread per element up to the cap: " + n);
        }
    }

    @Test
    void fillBitsAreWhatTheCpuStores() {
        double[] values = {0, -0.0, 1, 1.5, -3.7, 255.9, 300, -1, 1e10, Double.NaN, Double.NEGATIVE_INFINITY};
        for (DType d : DType.values()) {
            for (double v : values) {
                HostBuffer cpu = (HostBuffer) CpuBackend.INSTANCE.fill(d, Shape.of(1), v).buffer();
                assertEquals(CudaRuntime.bitsOf(cpu), ElementwiseKernels.fillBits(d, v), d + " " + v);
            }
        }
    }

    @Test
    void errorTicketsDescribeTheFailureTheyWereRegisteredFor() {
        DeviceErrors errors = new DeviceErrors();
        assertTrue(!errors.anyPending());
        int a = errors.register((pos, v) -> new InvalidArgumentException("gather: indices[" + pos + "] = " + v));
        int b = errors.register((pos, v) -> new InvalidArgumentException("other"));
        assertTrue(a != 0 && b != 0 && a != b);
        assertTrue(errors.anyPending());
        assertEquals("gather: indices[3] = -7", errors.resolve(a, 3, -7).getMessage());
        errors.clear();
        assertTrue(!errors.anyPending());
        assertTrue(errors.resolve(a, 0, 0).getMessage().contains("no longer known"));
        for (int i = 0; i < DeviceErrors.REMEMBERED + 10; i++) errors.register((pos, v) -> new IllegalStateException());
        assertTrue(errors.resolve(b + 5, 0, 0).getMessage().contains("no longer known"), "old tickets are forgotten");
    }
}
