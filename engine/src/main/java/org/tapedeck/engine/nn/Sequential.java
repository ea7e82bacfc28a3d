package org.tapedeck.engine.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.tapedeck.engine.errors.FailedPreconditionException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * Keras' {@code Sequential}: layers applied one after another. The tutorial's model reads:
 *
 * <pre>{@code
 * Sequential model = new Sequential(
 *     new Conv2D(16, 3).activation("relu").inputShape(null, null, 1),
 *     new Conv2D(16, 3).activation("relu"),
 *     new GlobalAveragePooling2D(),
 *     new Dense(10));
 * System.out.print(model.summary());                 // Total params: 2,650
 * Tensor logits = model.call(images, true);          // (32, 10) for images (32, 28, 28, 1)
 * List<Variable> vars = model.trainableVariables();  // conv2d/kernel, conv2d/bias, conv2d_1/kernel, ...
 * }</pre>
 *
 * With an input shape declared on the first layer the model builds (creates every weight) as soon
 * as something needs the weights or the summary; otherwise on its first call, for that input's
 * shape with any batch size.
 */
public final class Sequential extends Layer {
    private final List<Layer> layers = new ArrayList<>();

    public Sequential(Layer... layers) { this(Arrays.asList(layers)); }

    public Sequential(List<? extends Layer> layers) {
        for (Layer l : layers) add(l);
    }

    /** Appends a layer; only before the model is built. As in Keras, only the first layer's declared input shape counts. */
    public Sequential add(Layer layer) {
        Objects.requireNonNull(layer, "layer");
        if (built()) {
            throw new FailedPreconditionException("cannot add layer \"" + layer.name() + "\" to \"" + name()
                    + "\": the model is already built");
        }
        layer.name();  // fix automatic names in the order layers join the model, as Keras does at construction
        layers.add(layer);
        return this;
    }

    // The Layer settings, returning this Sequential so that calls chain.
    @Override public Sequential name(String name) { super.name(name); return this; }
    @Override public Sequential inputShape(Integer... dims) { super.inputShape(dims); return this; }
    @Override public Sequential dtype(DType dtype) { super.dtype(dtype); return this; }

    /** The layers in order. */
    public List<Layer> layers() { return Collections.unmodifiableList(layers); }

    @Override
    PartialShape declaredInputShape() {
        PartialShape own = super.declaredInputShape();
        if (own != null || layers.isEmpty()) return own;
        return layers.get(0).declaredInputShape();
    }

    @Override
    protected void createWeights(PartialShape inputShape) {
        if (layers.isEmpty()) throw new FailedPreconditionException("\"" + name() + "\" has no layers");
        PartialShape s = inputShape;
        for (Layer l : layers) {
            l.build(s, dtype());
            s = l.checkedOutputShape(s);
        }
    }

    @Override
    public PartialShape computeOutputShape(PartialShape inputShape) {
        PartialShape s = inputShape;
        for (Layer l : layers) s = l.checkedOutputShape(s);
        return s;
    }

    @Override
    protected Tensor forward(Tensor x, boolean training) {
        Tensor y = x;
        for (Layer l : layers) y = l.call(y, training);
        return y;
    }

    /** Every layer's variables, in layer order. */
    @Override
    public List<Variable> variables() {
        buildIfDeclared();
        List<Variable> all = new ArrayList<>();
        for (Layer l : layers) all.addAll(l.variables());
        return Collections.unmodifiableList(all);
    }

    /**
     * The table Keras 2 prints for {@code model.summary()}: name, layer rows with output shapes and
     * parameter counts, and the totals. Each line ends with a newline, so
     * {@code System.out.print(model.summary())} prints exactly Keras' text.
     */
    public String summary() {
        buildIfDeclared();
        if (!built()) {
            throw new FailedPreconditionException("This model has not yet been built. Build the model first by calling build() "
                    + "or by calling the model on a batch of data, or declare inputShape(...) on its first layer.");
        }
        return Summary.of(this);
    }
}
