package org.tapedeck.engine.nn;

import java.util.function.UnaryOperator;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * What {@link Dense} and {@link Conv2D} share: a glorot_uniform kernel, an optional zero bias, an
 * activation, and the fluent settings for them. {@code L} is the layer's own class, so that every
 * setting returns it and calls chain ({@code new Dense(10).activation("relu").seed(1)}).
 */
public abstract class KernelLayer<L extends KernelLayer<L>> extends Layer {
    private String activationName = "linear";
    private UnaryOperator<Tensor> activation = Activations.get(null);
    private boolean useBias = true;
    private Long seed;
    private Variable kernel;
    private Variable bias;

    KernelLayer() {}

    @SuppressWarnings("unchecked")
    private L self() { return (L) this; }

    /** An activation by name ({@link Activations}); {@code null} or {@code "linear"} for none. */
    public L activation(String name) {
        this.activation = Activations.get(name);
        this.activationName = Activations.canonical(name);
        return self();
    }

    /** A custom activation function. */
    public L activation(UnaryOperator<Tensor> f) {
        this.activation = f;
        this.activationName = "custom";
        return self();
    }

    public L useBias(boolean useBias) {
        this.useBias = useBias;
        return self();
    }

    /** Seeds the kernel's glorot_uniform initialiser, as {@code GlorotUniform(seed=...)}. */
    public L seed(long seed) {
        this.seed = seed;
        return self();
    }

    // The Layer settings, returning L so that calls chain.
    @Override public L name(String name) { super.name(name); return self(); }
    @Override public L inputShape(Integer... dims) { super.inputShape(dims); return self(); }
    @Override public L dtype(DType dtype) { super.dtype(dtype); return self(); }

    public String activationName() { return activationName; }

    public boolean usesBias() { return useBias; }

    /** The kernel, once built. */
    public Variable kernel() { return kernel; }

    /** The bias [units], once built (null without bias). */
    public Variable bias() { return bias; }

    /** Creates the kernel of {@code kernelShape} and, if used, a bias of {@code units}. */
    protected final void createKernelAndBias(Shape kernelShape, int units) {
        kernel = addWeight("kernel", Initializers.glorotUniform(kernelShape, dtype(), seed), true);
        if (useBias) bias = addWeight("bias", Initializers.zeros(Shape.of(units), dtype()), true);
    }

    /** {@code activation(y + bias)}. */
    protected final Tensor biasAndActivation(Tensor y) {
        if (useBias) y = TF.add(y, bias);
        return activation.apply(y);
    }
}
