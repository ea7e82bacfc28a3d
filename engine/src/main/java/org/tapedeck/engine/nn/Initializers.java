package org.tapedeck.engine.nn;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** Keras' default weight initialisers: glorot_uniform for kernels, zeros for biases. */
final class Initializers {
    private Initializers() {}

    /**
     * Uniform in {@code [-limit, limit)} with {@code limit = sqrt(3 / max(1, (fanIn + fanOut) / 2))},
     * that is {@code sqrt(6 / (fanIn + fanOut))}. NOTE: as in
     * Keras, a kernel's fans are its last two dims times the receptive field (the product of the
     * others): a 3x3x16x32 conv kernel has fanIn 144 and fanOut 288. A null seed draws from the
     * global generator, which {@code TF.random.setSeed} makes reproducible.
     */
    static Tensor glorotUniform(Shape shape, DType dtype, Long seed) {
        int r = shape.rank();
        double receptive = 1;
        for (int i = 0; i < r - 2; i++) receptive *= shape.dim(i);
        double fanIn = r >= 2 ? shape.dim(r - 2) * receptive : (r == 1 ? shape.dim(0) : 1);
        double fanOut = r >= 2 ? shape.dim(r - 1) * receptive : (r == 1 ? shape.dim(0) : 1);
        double limit = Math.sqrt(3 / Math.max(1, (fanIn + fanOut) / 2));
        return TF.random.uniform(shape, -limit, limit, dtype, seed);
    }

    static Tensor zeros(Shape shape, DType dtype) { return TF.zeros(dtype, shape.dims()); }
}
