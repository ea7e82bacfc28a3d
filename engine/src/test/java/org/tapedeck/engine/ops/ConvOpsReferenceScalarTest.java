package org.tapedeck.engine.ops;

import org.junit.jupiter.api.extension.ExtendWith;
import org.tapedeck.engine.backend.cpu.ScalarPath;

/**
 * {@link ConvOpsReferenceTest} on the pure-Java convolutions: the same PyTorch references with the
 * SIMD kernels turned off, so both paths stay tested whatever the JVM was started with.
 */
@ExtendWith(ScalarPath.class)
class ConvOpsReferenceScalarTest extends ConvOpsReferenceTest {}
