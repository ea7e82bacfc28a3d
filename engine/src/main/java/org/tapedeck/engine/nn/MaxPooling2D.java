package org.tapedeck.engine.nn;

import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.ops.ConvOps;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Keras' {@code MaxPooling2D}: the maximum of each {@code poolSize} window of NHWC images; the
 * strides default to the pool size, the padding to {@code "valid"}.
 *
 * <pre>{@code
 * MaxPooling2D pool = new MaxPooling2D(2);                         // (N, 26, 26, C) -> (N, 13, 13, C)
 * MaxPooling2D overlap = new MaxPooling2D(3).strides(2).padding("same");
 * }</pre>
 */
public final class MaxPooling2D extends Layer {
    private final int ph;
    private final int pw;
    private Integer sh;
    private Integer sw;
    private String padding = "valid";

    public MaxPooling2D() { this(2); }

    public MaxPooling2D(int poolSize) { this(new int[] {poolSize, poolSize}); }

    public MaxPooling2D(int[] poolSize) {
        if (poolSize.length != 2 || poolSize[0] <= 0 || poolSize[1] <= 0) {
            throw new InvalidArgumentException("MaxPooling2D: poolSize must be two positive numbers, got " + java.util.Arrays.toString(poolSize));
        }
        this.ph = poolSize[0];
        this.pw = poolSize[1];
        requireInputRank(4);
    }

    public MaxPooling2D strides(int stride) { return strides(stride, stride); }

    public MaxPooling2D strides(int strideH, int strideW) {
        if (strideH <= 0 || strideW <= 0) throw new InvalidArgumentException("MaxPooling2D: strides must be positive, got " + strideH + ", " + strideW);
        this.sh = strideH;
        this.sw = strideW;
        return this;
    }

    /** {@code "valid"} (the default) or {@code "same"}. */
    public MaxPooling2D padding(String padding) {
        this.padding = LayerSupport.padding("MaxPooling2D", padding);
        return this;
    }

    // The Layer settings, returning this MaxPooling2D so that calls chain.
    @Override public MaxPooling2D name(String name) { super.name(name); return this; }
    @Override public MaxPooling2D inputShape(Integer... dims) { super.inputShape(dims); return this; }
    @Override public MaxPooling2D dtype(DType dtype) { super.dtype(dtype); return this; }

    private int strideH() { return sh != null ? sh : ph; }

    private int strideW() { return sw != null ? sw : pw; }

    @Override
    public PartialShape computeOutputShape(PartialShape in) {
        return PartialShape.of(in.dim(0), LayerSupport.outputDim(this, in, 1, ph, strideH(), padding),
                LayerSupport.outputDim(this, in, 2, pw, strideW(), padding), in.dim(3));
    }

    @Override
    protected Tensor forward(Tensor x, boolean training) {
        return ConvOps.maxPool2d(x, new int[] {ph, pw}, new int[] {strideH(), strideW()}, padding);
    }
}
