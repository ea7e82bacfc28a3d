package org.tapedeck.engine.optimizers;

import java.util.ArrayList;
import java.util.List;

import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * A gradient and the variable it belongs to: one element of Keras' {@code grads_and_vars}.
 * The gradient may be null (no gradient reached the variable).
 *
 * <pre>{@code
 * optimizer.applyGradients(GradAndVar.zip(grads, model.trainableVariables()));
 * }</pre>
 */
public record GradAndVar(Tensor gradient, Variable variable) {

    /** Python's {@code zip(grads, vars)}; the lists must have the same length. */
    public static List<GradAndVar> zip(List<Tensor> gradients, List<Variable> variables) {
        if (gradients.size() != variables.size()) {
            throw new InvalidArgumentException("zip: " + gradients.size() + " gradients for " + variables.size()
                    + " variables; there must be one gradient (or null) per variable");
        }
        List<GradAndVar> pairs = new ArrayList<>(gradients.size());
        for (int i = 0; i < gradients.size(); i++) pairs.add(new GradAndVar(gradients.get(i), variables.get(i)));
        return pairs;
    }
}
