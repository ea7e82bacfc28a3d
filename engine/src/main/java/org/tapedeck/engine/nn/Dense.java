package org.tapedeck.engine.nn;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Keras' {@code Dense}: {@code activation(x @ kernel + bias)} over the last axis, with a
 * {@code [inputs, units]} kernel (glorot_uniform) and a {@code [units]} bias (zeros). Inputs of
 * rank above 2 are multiplied along their last axis, as Keras does.
 *
 * <pre>{@code
 * Dense logits = new Dense(10);                       // tf.keras.layers.Dense(10)
 * Dense hidden = new Dense(128).activation("relu").inputShape(784);
 * }</pre>
 */
public final class Dense extends KernelLayer<Dense> {
    private final int units;

    public Dense(int units) {
        if (units <= 0) throw new InvalidArgumentException("Dense: units must be positive, got " + units);
        this.units = units;
        requireMinInputRank(2);
    }


    public int units() { return units; }




    @Override
    protected void createWeights(PartialShape in) {
        Integer inputs = in.dim(-1);
        if (inputs == null) {
            throw new InvalidArgumentException("The last dimension of the inputs to layer \"" + name()
                    + "\" (Dense) should be defined. Found None. Full input shape received: " + in);
        }
        createKernelAndBias(Shape.of(inputs, units), units);
        requireInputAxis(-1, inputs);
    }

    @Override
    public PartialShape computeOutputShape(PartialShape in) { return in.with(-1, units); }

    @Override
    protected Tensor forward(Tensor x, boolean training) {
        Tensor y;
        if (x.rank() == 2) {
            y = TF.matmul(x, kernel());
        } else {
            int[] outDims = x.shape().dims();
            outDims[outDims.length - 1] = units;
            y = TF.reshape(TF.matmul(TF.reshape(x, -1, x.shape().dim(-1)), kernel()), outDims);
        }
        return biasAndActivation(y);
    }

    @Override
    public String toString() {
        return "Dense \"" + name() + "\" (units=" + units + ", activation=" + activationName() + ", use_bias=" + usesBias() + ")";
    }
}
