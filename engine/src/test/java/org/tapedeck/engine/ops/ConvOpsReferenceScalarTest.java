package org.tapedeck.engine.ops;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.tapedeck.engine.backend.cpu.CpuSimd;

/**
 * {@link ConvOpsReferenceTest} on the pure-Java convolutions: the same PyTorch references with the
 * SIMD kernels turned off, so both paths stay tested whatever the JVM was started with.
 */
class ConvOpsReferenceScalarTest extends ConvOpsReferenceTest {
    private static boolean saved;

    @BeforeAll
    static void scalarPath() {
        saved = CpuSimd.enabled();
        CpuSimd.setEnabled(false);
    }

    @AfterAll
    static void restore() { CpuSimd.setEnabled(saved); }
}
