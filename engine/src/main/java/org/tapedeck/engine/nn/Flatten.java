package org.tapedeck.engine.nn;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Keras' {@code Flatten}: each example becomes a vector, [N, d1, d2, ...] to [N, d1*d2*...]
 * ([N] to [N, 1]).
 *
 * <pre>{@code
 * Tensor v = new Flatten().call(TF.zeros(32, 7, 7, 8));   // (32, 392)
 * }</pre>
 */
public final class Flatten extends Layer {

    public Flatten() { requireMinInputRank(1); }

    // The Layer settings, returning this Flatten so that calls chain.
    @Override public Flatten name(String name) { super.name(name); return this; }
    @Override public Flatten inputShape(Integer... dims) { super.inputShape(dims); return this; }
    @Override public Flatten dtype(DType dtype) { super.dtype(dtype); return this; }

    @Override
    public PartialShape computeOutputShape(PartialShape in) { return PartialShape.of(in.dim(0), in.product(1)); }

    @Override
    protected Tensor forward(Tensor x, boolean training) {
        int features = 1;
        for (int i = 1; i < x.rank(); i++) features *= x.shape().dim(i);
        return TF.reshape(x, x.shape().dim(0), features);
    }
}
