package org.tapedeck.engine.backend.cpu;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with the SIMD kernels turned off and restores the setting afterwards, so a
 * subclass of a test reruns its cases on the pure-Java path:
 * {@code @ExtendWith(ScalarPath.class) class ConvKernelsScalarTest extends ConvKernelsTest {}}.
 */
public final class ScalarPath implements BeforeAllCallback, AfterAllCallback {
    private boolean saved;

    @Override
    public void beforeAll(ExtensionContext context) {
        saved = CpuSimd.enabled();
        CpuSimd.setEnabled(false);
    }

    @Override
    public void afterAll(ExtensionContext context) { CpuSimd.setEnabled(saved); }
}
