package org.tapedeck.engine.backend.cpu;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ConvKernelsTest} with the SIMD kernels turned off: its float32 cases with 16 channels run
 * on the im2col path, which is otherwise the SIMD kernels' to take.
 */
class ConvKernelsScalarTest extends ConvKernelsTest {
    private static boolean saved;

    @BeforeAll
    static void scalarPath() {
        saved = CpuSimd.enabled();
        CpuSimd.setEnabled(false);
    }

    @AfterAll
    static void restore() { CpuSimd.setEnabled(saved); }
}
