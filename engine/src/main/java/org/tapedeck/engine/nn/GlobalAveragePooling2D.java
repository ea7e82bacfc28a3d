package org.tapedeck.engine.nn;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Keras' {@code GlobalAveragePooling2D}: the mean of each channel over height and width, so
 * [N, H, W, C] becomes [N, C] (or [N, 1, 1, C] with {@code keepDims(true)}) whatever the image size.
 *
 * <pre>{@code
 * Tensor features = new GlobalAveragePooling2D().call(TF.zeros(32, 24, 24, 16));   // (32, 16)
 * }</pre>
 */
public final class GlobalAveragePooling2D extends Layer {
    private boolean keepDims;

    public GlobalAveragePooling2D() { requireInputRank(4); }

    /** Keeps the pooled height and width as dims of size 1. */
    public GlobalAveragePooling2D keepDims(boolean keepDims) {
        this.keepDims = keepDims;
        return this;
    }

    // The Layer settings, returning this GlobalAveragePooling2D so that calls chain.
    @Override public GlobalAveragePooling2D name(String name) { super.name(name); return this; }
    @Override public GlobalAveragePooling2D inputShape(Integer... dims) { super.inputShape(dims); return this; }
    @Override public GlobalAveragePooling2D dtype(DType dtype) { super.dtype(dtype); return this; }

    @Override
    public PartialShape computeOutputShape(PartialShape in) {
        return keepDims ? PartialShape.of(in.dim(0), 1, 1, in.dim(3)) : PartialShape.of(in.dim(0), in.dim(3));
    }

    @Override
    protected Tensor forward(Tensor x, boolean training) { return TF.reduceMean(x, new int[] {1, 2}, keepDims); }
}
