package org.tapedeck.engine.ops;

import org.tapedeck.engine.backend.Backend;
import org.tapedeck.engine.tensor.Tensor;

/** The forward computation of an op on one backend: inputs already checked and placed. */
@FunctionalInterface
public interface Kernel {
    Tensor compute(Backend backend, Tensor[] inputs, Attrs attrs);
}
