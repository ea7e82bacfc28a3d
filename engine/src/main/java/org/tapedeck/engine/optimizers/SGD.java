package org.tapedeck.engine.optimizers;

import java.util.List;
import java.util.Map;

import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.ops.TrainingOps;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Gradient descent with optional momentum and Nesterov momentum, Keras' formula:
 * {@code tf.keras.optimizers.SGD}. Without momentum {@code var -= lr * g}; with it
 * <pre>
 * velocity = momentum * velocity - lr * g
 * var += velocity                               (nesterov: var += momentum * velocity - lr * g)
 * </pre>
 * The velocity is the slot {@code "momentum"} (there are no slots when momentum is 0). Each
 * update is one op: {@code ResourceApplyGradientDescent} or {@code ResourceApplyKerasMomentum}.
 *
 * <pre>{@code
 * SGD optimizer = new SGD(0.1, 0.9, false);
 * optimizer.applyGradients(grads, variables);
 * }</pre>
 */
public final class SGD extends Optimizer {
    public static final double DEFAULT_LEARNING_RATE = 0.01;

    private static final List<String> SLOTS = List.of("momentum");

    private final double momentum;
    private final boolean nesterov;

    /** learning_rate=0.01, no momentum. */
    public SGD() { this(DEFAULT_LEARNING_RATE); }

    public SGD(double learningRate) { this(learningRate, 0, false); }

    public SGD(double learningRate, double momentum, boolean nesterov) { this("SGD", learningRate, momentum, nesterov); }

    /** @param momentum in [0, 1], as Keras requires */
    public SGD(String name, double learningRate, double momentum, boolean nesterov) {
        super(name, learningRate);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new InvalidArgumentException(name + ": momentum must be in [0, 1], got " + momentum);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    public double momentum() { return momentum; }

    public boolean nesterov() { return nesterov; }

    @Override
    public List<String> getSlotNames() { return momentum == 0 ? List.of() : SLOTS; }

    @Override
    protected void addConfig(Map<String, Object> config) {
        config.put("momentum", momentum);
        config.put("nesterov", nesterov);
    }

    @Override
    protected Tensor updateStep(Tensor value, Tensor gradient, Map<String, Tensor> slots, long step) {
        if (momentum == 0) return TrainingOps.applyGradientDescent(value, gradient, learningRate());
        Tensor[] r = TrainingOps.applyKerasMomentum(value, slots.get("momentum"), gradient, learningRate(), momentum, nesterov);
        slots.put("momentum", r[1]);
        return r[0];
    }
}
