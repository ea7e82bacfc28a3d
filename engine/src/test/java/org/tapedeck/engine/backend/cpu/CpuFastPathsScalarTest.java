package org.tapedeck.engine.backend.cpu;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link CpuFastPathsTest} with the SIMD loops turned off: the Relu gradient and the bias rows run
 * on the pure-Java loops of {@link FloatLoops}, which are otherwise {@link VectorLoops}' to take.
 */
class CpuFastPathsScalarTest extends CpuFastPathsTest {
    private static boolean saved;

    @BeforeAll
    static void scalarPath() {
        saved = CpuSimd.enabled();
        CpuSimd.setEnabled(false);
    }

    @AfterAll
    static void restore() { CpuSimd.setEnabled(saved); }
}
