package org.tapedeck.engine.nn;

import java.util.function.UnaryOperator;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

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
public final class Dense extends Layer {
    private final int units;
    private String activationName = "linear";
    private UnaryOperator<Tensor> activation = Activations.get(null);
    private boolean useBias = true;
    private Long seed;
    private Variable kernel;
    private Variable bias;

    public Dense(int units) {
        if (units <= 0) throw new InvalidArgumentException("Dense: units must be positive, got " + units);
        this.units = units;
        requireMinInputRank(2);
    }

    /** An activation by name ({@link Activations}); {@code null} or {@code "linear"} for none. */
    public Dense activation(String name) {
        this.activation = Activations.get(name);
        this.activationName = Activations.canonical(name);
        return this;
    }

    public Dense activation(UnaryOperator<Tensor> f) {
        this.activation = f;
        this.activationName = "custom";
        return this;
    }

    public Dense useBias(boolean useBias) {
        this.useBias = useBias;
        return this;
    }

    /** Seeds the kernel's glorot_uniform initialiser, as {@code GlorotUniform(seed=...)}. */
    public Dense seed(long seed) {
        this.seed = seed;
        return this;
    }

    // The Layer settings, returning this Dense so that calls chain.
    @Override public Dense name(String name) { super.name(name); return this; }
    @Override public Dense inputShape(Integer... dims) { super.inputShape(dims); return this; }
    @Override public Dense dtype(DType dtype) { super.dtype(dtype); return this; }

    public int units() { return units; }

    public String activationName() { return activationName; }

    public Variable kernel() { return kernel; }

    public Variable bias() { return bias; }

    @Override
    protected void createWeights(PartialShape in) {
        Integer inputs = in.dim(-1);
        if (inputs == null) {
            throw new InvalidArgumentException("The last dimension of the inputs to layer \"" + name()
                    + "\" (Dense) should be defined. Found None. Full input shape received: " + in);
        }
        kernel = addWeight("kernel", Initializers.glorotUniform(Shape.of(inputs, units), dtype(), seed), true);
        if (useBias) bias = addWeight("bias", Initializers.zeros(Shape.of(units), dtype()), true);
        requireInputAxis(-1, inputs);
    }

    @Override
    public PartialShape computeOutputShape(PartialShape in) { return in.with(-1, units); }

    @Override
    protected Tensor forward(Tensor x, boolean training) {
        Tensor y;
        if (x.rank() == 2) {
            y = TF.matmul(x, kernel);
        } else {
            int[] outDims = x.shape().dims();
            outDims[outDims.length - 1] = units;
            y = TF.reshape(TF.matmul(TF.reshape(x, -1, x.shape().dim(-1)), kernel), outDims);
        }
        if (useBias) y = TF.add(y, bias);
        return activation.apply(y);
    }

    @Override
    public String toString() {
        return "Dense \"" + name() + "\" (units=" + units + ", activation=" + activationName + ", use_bias=" + useBias + ")";
    }
}
