package org.tapedeck.engine.backend.cpu;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CpuFastPathsTest} with the SIMD loops turned off: the Relu gradient and the bias rows run
 * on the pure-Java loops of {@link FloatLoops}, which are otherwise {@link VectorLoops}' to take.
 */
@ExtendWith(ScalarPath.class)
class CpuFastPathsScalarTest extends CpuFastPathsTest {}
