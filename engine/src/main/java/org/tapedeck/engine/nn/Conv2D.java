package org.tapedeck.engine.nn;

import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.ops.ConvOps;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Keras' {@code Conv2D}: a 2-D convolution of NHWC images with a learned {@code [kh, kw, C, filters]}
 * kernel (glorot_uniform) plus a bias (zeros), then an activation.
 *
 * <pre>{@code
 * // tf.keras.layers.Conv2D(16, [3, 3], activation='relu', input_shape=(None, None, 1))
 * Conv2D conv = new Conv2D(16, 3).activation("relu").inputShape(null, null, 1);
 * Conv2D down = new Conv2D(32, 3).strides(2).padding("same").useBias(false);
 * }</pre>
 */
public final class Conv2D extends KernelLayer<Conv2D> {
    private final int filters;
    private final int kh;
    private final int kw;
    private int sh = 1;
    private int sw = 1;
    private String padding = "valid";

    /** {@code filters} output channels, a {@code kernelSize x kernelSize} window. */
    public Conv2D(int filters, int kernelSize) { this(filters, new int[] {kernelSize, kernelSize}); }

    /** {@code filters} output channels, a {@code kernelSize[0] x kernelSize[1]} window. */
    public Conv2D(int filters, int[] kernelSize) {
        if (filters <= 0) throw new InvalidArgumentException("Conv2D: filters must be positive, got " + filters);
        if (kernelSize.length != 2 || kernelSize[0] <= 0 || kernelSize[1] <= 0) {
            throw new InvalidArgumentException("Conv2D: kernelSize must be two positive numbers, got " + java.util.Arrays.toString(kernelSize));
        }
        this.filters = filters;
        this.kh = kernelSize[0];
        this.kw = kernelSize[1];
        requireInputRank(4);
    }

    public Conv2D strides(int stride) { return strides(stride, stride); }

    public Conv2D strides(int strideH, int strideW) {
        if (strideH <= 0 || strideW <= 0) throw new InvalidArgumentException("Conv2D: strides must be positive, got " + strideH + ", " + strideW);
        this.sh = strideH;
        this.sw = strideW;
        return this;
    }

    /** {@code "valid"} (the default) or {@code "same"}. */
    public Conv2D padding(String padding) {
        this.padding = LayerSupport.padding("Conv2D", padding);
        return this;
    }


    public int filters() { return filters; }




    @Override
    protected void createWeights(PartialShape in) {
        Integer channels = in.dim(-1);
        if (channels == null) {
            throw new InvalidArgumentException("The channel dimension of the inputs of layer \"" + name() + "\" should be defined. "
                    + "The input_shape received is " + in + ", where axis -1 (0-based) is the channel dimension, which found to be `None`.");
        }
        Shape ks = Shape.of(kh, kw, channels, filters);
        createKernelAndBias(ks, filters);
        requireInputAxis(-1, channels);
    }

    @Override
    public PartialShape computeOutputShape(PartialShape in) {
        return PartialShape.of(in.dim(0), LayerSupport.outputDim(this, in, 1, kh, sh, padding),
                LayerSupport.outputDim(this, in, 2, kw, sw, padding), filters);
    }

    @Override
    protected Tensor forward(Tensor x, boolean training) {
        Tensor y = ConvOps.conv2d(x, kernel().value(), new int[] {sh, sw}, padding);
        return biasAndActivation(y);
    }

    @Override
    public String toString() {
        return "Conv2D \"" + name() + "\" (filters=" + filters + ", kernel_size=(" + kh + ", " + kw + "), strides=(" + sh + ", " + sw
                + "), padding=" + padding + ", activation=" + activationName() + ", use_bias=" + usesBias() + ")";
    }
}
