package org.tapedeck.engine.nn;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Activation functions by their Keras names: {@code "relu"}, {@code "sigmoid"}, {@code "tanh"},
 * {@code "softmax"} (over the last axis) and {@code "linear"} (identity; also what {@code null}
 * means), as {@code tf.keras.activations.get}.
 *
 * <pre>{@code
 * UnaryOperator<Tensor> relu = Activations.get("relu");
 * Tensor y = relu.apply(TF.constant(new float[] {-1, 2}));   // [0. 2.]
 * }</pre>
 */
public final class Activations {
    private static final Map<String, UnaryOperator<Tensor>> BY_NAME = new TreeMap<>(Map.of(
            "linear", x -> x,
            "relu", TF::relu,
            "sigmoid", TF::sigmoid,
            "tanh", TF::tanh,
            "softmax", TF::softmax));

    private Activations() {}

    /** The activation called {@code name}; {@code null} is linear. Unknown names are an error listing the known ones. */
    public static UnaryOperator<Tensor> get(String name) {
        UnaryOperator<Tensor> f = BY_NAME.get(canonical(name));
        if (f == null) {
            throw new InvalidArgumentException("Unknown activation function: '" + name + "'; known: " + String.join(", ", BY_NAME.keySet()));
        }
        return f;
    }

    /** The name as Keras reports it in a layer's config: {@code null} becomes {@code "linear"}. */
    static String canonical(String name) { return name == null ? "linear" : name; }
}
