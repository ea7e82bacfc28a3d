package org.tapedeck.engine.backend.cpu;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ConvKernelsTest} with the SIMD kernels turned off: its float32 cases with 16 channels run
 * on the im2col path, which is otherwise the SIMD kernels' to take.
 */
@ExtendWith(ScalarPath.class)
class ConvKernelsScalarTest extends ConvKernelsTest {}
