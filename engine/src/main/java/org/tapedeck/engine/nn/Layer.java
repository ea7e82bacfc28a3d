package org.tapedeck.engine.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.FailedPreconditionException;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.ops.NameScope;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Operand;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * A Keras layer: a named computation that creates its weights the first time it sees an input
 * (so their shapes follow the input's channels) and is then called like a function.
 *
 * <pre>{@code
 * Dense dense = new Dense(10);
 * Tensor logits = dense.call(features, true);   // builds dense/kernel (16, 10) and dense/bias (10,)
 * dense.countParams();                          // 170
 * }</pre>
 *
 * Names follow Keras: the class name in snake case, numbered per name ({@code conv2d},
 * {@code conv2d_1}), fixed the first time the name is needed (when the layer is added to a model,
 * built, or asked); variables are named {@code <layer>/<weight>}, e.g. {@code conv2d/kernel}.
 *
 * <p>Weights take the dtype of the layer ({@link #dtype(DType)}), by default that of the first
 * floating input (float32 otherwise); later floating inputs of another dtype are cast to it, as
 * Keras' autocasting does.
 *
 * <p>A subclass gives its output shape ({@link #computeOutputShape}), its weights
 * ({@link #createWeights}, through {@link #addWeight}) and its computation ({@link #forward}).
 */
public abstract class Layer {
    private String name;
    private PartialShape declaredInputShape;
    private DType dtype;
    private boolean built;
    private PartialShape builtInputShape;
    private PartialShape outputShape;
    private final List<Variable> weights = new ArrayList<>();
    private Integer specRank;
    private Integer specMinRank;
    private final Map<Integer, Integer> specAxes = new LinkedHashMap<>();

    protected Layer() {}

    /** Forgets the automatic layer names given so far, as {@code tf.keras.backend.clear_session()}. */
    public static void clearSession() { LayerNames.reset(); }

    // ---- configuration ------------------------------------------------------------------------

    /** The layer's name; the first call fixes an automatic one ({@code dense}, {@code dense_1}, ...). */
    public String name() {
        if (name == null) name = LayerNames.unique(LayerNames.snakeCase(getClass().getSimpleName()));
        return name;
    }

    /** Names the layer (and so its variables); only before its weights exist. */
    public Layer name(String name) {
        if (built) throw new FailedPreconditionException("cannot rename layer \"" + name() + "\" to \"" + name + "\": its weights already exist");
        if (name == null || name.isEmpty()) throw new InvalidArgumentException("a layer name must not be empty");
        this.name = name;
        return this;
    }

    /**
     * Declares the shape of one input example, without the batch dim; {@code null} is any size:
     * {@code inputShape(null, null, 1)} is Keras' {@code input_shape=(None, None, 1)}. On the first
     * layer of a {@link Sequential} it lets the model build (and print its summary) before any call.
     */
    public Layer inputShape(Integer... dims) {
        if (built) throw new FailedPreconditionException("layer \"" + name() + "\" is already built for input shape " + builtInputShape);
        this.declaredInputShape = PartialShape.of(dims);
        return this;
    }

    /** The declared input shape without the batch dim, or null. */
    PartialShape declaredInputShape() { return declaredInputShape; }

    /** Sets the dtype of the weights (float32 or float64); only before they exist. */
    public Layer dtype(DType dtype) {
        if (built) throw new FailedPreconditionException("layer \"" + name() + "\" already has " + this.dtype + " weights");
        if (!dtype.isFloating()) throw new InvalidArgumentException("layer \"" + name() + "\": the dtype must be floating, got " + dtype);
        this.dtype = dtype;
        return this;
    }

    /** The dtype of the weights, or null before the layer is built unless set. */
    public DType dtype() { return dtype; }

    public boolean built() { return built; }

    // ---- input checks (Keras' InputSpec) ------------------------------------------------------

    /** Inputs must have exactly this rank. */
    protected final void requireInputRank(int rank) { this.specRank = rank; }

    /** Inputs must have at least this rank. */
    protected final void requireMinInputRank(int rank) { this.specMinRank = rank; }

    /** Inputs must have {@code value} along {@code axis} (typically the channels, axis -1). */
    protected final void requireInputAxis(int axis, int value) { specAxes.put(axis, value); }

    private void checkInput(PartialShape s) {
        String prefix = "Input 0 of layer \"" + name() + "\" is incompatible with the layer: ";
        if (specRank != null && s.rank() != specRank) {
            throw new InvalidArgumentException(prefix + "expected ndim=" + specRank + ", found ndim=" + s.rank() + ". Full shape received: " + s);
        }
        if (specMinRank != null && s.rank() < specMinRank) {
            throw new InvalidArgumentException(prefix + "expected min_ndim=" + specMinRank + ", found ndim=" + s.rank() + ". Full shape received: " + s);
        }
        for (Map.Entry<Integer, Integer> e : specAxes.entrySet()) {
            int axis = e.getKey() < 0 ? e.getKey() + s.rank() : e.getKey();
            Integer actual = axis >= 0 && axis < s.rank() ? s.dim(axis) : null;
            if (actual != null && !actual.equals(e.getValue())) {
                throw new InvalidArgumentException(prefix + "expected axis " + e.getKey() + " of input shape to have value " + e.getValue()
                        + ", but received input with shape " + s);
            }
        }
    }

    // ---- building -----------------------------------------------------------------------------

    /** Creates the weights for inputs of {@code inputShape} (batch dim first), as Keras' {@code build}. */
    public final void build(PartialShape inputShape) { build(inputShape, dtype != null ? dtype : DType.FLOAT32); }

    final void build(PartialShape inputShape, DType inputDtype) {
        if (built) return;
        checkInput(inputShape);
        if (dtype == null) dtype = inputDtype.isFloating() ? inputDtype : DType.FLOAT32;
        name();
        createWeights(inputShape);
        outputShape = computeOutputShape(inputShape);
        builtInputShape = inputShape;
        built = true;
    }

    /** Builds from the declared input shape if there is one and the layer is not built yet. */
    final void buildIfDeclared() {
        PartialShape declared = declaredInputShape();
        if (!built && declared != null) build(declared.withBatch(), dtype != null ? dtype : DType.FLOAT32);
    }

    /** Creates the weights (with {@link #addWeight}) and any input checks that depend on the input shape. */
    protected void createWeights(PartialShape inputShape) {}

    /** {@link #computeOutputShape} after the layer's input checks. */
    final PartialShape checkedOutputShape(PartialShape inputShape) {
        checkInput(inputShape);
        return computeOutputShape(inputShape);
    }

    /** The shape of the output for an input of {@code inputShape}; unknown dims stay unknown. */
    public abstract PartialShape computeOutputShape(PartialShape inputShape);

    /** Adds a weight named {@code <layer>/<name>} holding {@code initialValue}. */
    protected final Variable addWeight(String weightName, Tensor initialValue, boolean trainable) {
        Variable v = new Variable(initialValue, name() + "/" + weightName, trainable);
        weights.add(v);
        return v;
    }

    // ---- calling ------------------------------------------------------------------------------

    /**
     * Runs the layer on {@code input}, building it first if needed. {@code training} switches
     * layers like {@link Dropout} to their training behaviour.
     */
    public final Tensor call(Operand input, boolean training) {
        Tensor x = input.asTensor();
        buildIfDeclared();
        checkInput(PartialShape.known(x.shape()));
        if (!built) build(PartialShape.batchOf(x.shape()), x.dtype());
        // The layer's ops carry its name in their events, as Keras layers open a name scope.
        try (NameScope.Scope scope = NameScope.open(name())) {
            if (!weights.isEmpty() && x.dtype().isFloating() && x.dtype() != dtype) x = TF.cast(x, dtype);
            return forward(x, training);
        }
    }

    /** {@code call(input, false)}: inference behaviour, like calling a Keras layer without {@code training}. */
    public final Tensor call(Operand input) { return call(input, false); }

    /** The same as {@link #call(Operand)}. */
    public final Tensor apply(Operand input) { return call(input, false); }

    /** The computation itself, on an input that passed the layer's checks. */
    protected abstract Tensor forward(Tensor input, boolean training);

    // ---- weights and shapes -------------------------------------------------------------------

    /** Every variable of the layer, in creation order (kernel before bias). */
    public List<Variable> variables() {
        buildIfDeclared();
        return Collections.unmodifiableList(weights);
    }

    /** The variables an optimizer updates, in order: Keras' {@code trainable_variables}. */
    public final List<Variable> trainableVariables() {
        return variables().stream().filter(Variable::trainable).toList();
    }

    public final List<Variable> nonTrainableVariables() {
        return variables().stream().filter(v -> !v.trainable()).toList();
    }

    /** The number of scalars in the layer's variables. */
    public final int countParams() {
        buildIfDeclared();
        if (!built) {
            throw new FailedPreconditionException("You tried to call countParams on layer \"" + name()
                    + "\", but the layer isn't built. You can build it manually via: layer.build(batchInputShape)");
        }
        long n = 0;
        for (Variable v : variables()) n += v.shape().size();
        return (int) n;
    }

    /** The input shape the layer was built for (batch dim first). */
    public final PartialShape builtInputShape() {
        requireBuilt("input shape");
        return builtInputShape;
    }

    /** The output shape for the input shape the layer was built for: what the summary shows. */
    public final PartialShape outputShape() {
        requireBuilt("output shape");
        return outputShape;
    }

    private void requireBuilt(String what) {
        buildIfDeclared();
        if (!built) {
            throw new FailedPreconditionException("The layer \"" + name() + "\" has never been called and thus has no defined " + what);
        }
    }

    @Override
    public String toString() { return getClass().getSimpleName() + " \"" + name() + "\""; }
}
