package org.tapedeck.engine.optimizers;

import java.util.List;
import java.util.Map;

import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.ops.TrainingOps;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Adam with Keras' defaults and formula: {@code tf.keras.optimizers.Adam()}. For step {@code t}
 * (1 for the first):
 * <pre>
 * alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
 * m += (g - m) * (1 - beta_1)
 * v += (g*g - v) * (1 - beta_2)
 * var -= alpha * m / (sqrt(v) + epsilon)
 * </pre>
 * Each variable's update is one {@code ResourceApplyAdam} op (the backend's fused kernel); its
 * slots are {@code "m"} and {@code "v"}.
 *
 * <pre>{@code
 * Adam optimizer = new Adam();                 // learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7
 * optimizer.applyGradients(grads, variables);
 * }</pre>
 */
public final class Adam extends Optimizer {
    public static final double DEFAULT_LEARNING_RATE = 0.001;
    public static final double DEFAULT_BETA_1 = 0.9;
    public static final double DEFAULT_BETA_2 = 0.999;
    /** Keras' default; it is added to sqrt(v), not to the bias-corrected sqrt(v_hat) (see the class comment). */
    public static final double DEFAULT_EPSILON = 1e-7;

    private static final List<String> SLOTS = List.of("m", "v");

    private final double beta1;
    private final double beta2;
    private final double epsilon;

    public Adam() { this(DEFAULT_LEARNING_RATE); }

    public Adam(double learningRate) { this(learningRate, DEFAULT_BETA_1, DEFAULT_BETA_2, DEFAULT_EPSILON); }

    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        this("Adam", learningRate, beta1, beta2, epsilon);
    }

    /**
     * @param beta1 decay of the first-moment estimate, in [0, 1)
     * @param beta2 decay of the second-moment estimate, in [0, 1)
     * @param epsilon added to sqrt(v) for numerical stability, >= 0
     */
    public Adam(String name, double learningRate, double beta1, double beta2, double epsilon) {
        super(name, learningRate);
        this.beta1 = checkBeta(name, "beta_1", beta1);
        this.beta2 = checkBeta(name, "beta_2", beta2);
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new InvalidArgumentException(name + ": epsilon must be a finite number >= 0, got " + epsilon);
        }
        this.epsilon = epsilon;
    }

    private static double checkBeta(String name, String what, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new InvalidArgumentException(name + ": " + what + " must be in [0, 1), got " + beta);
        }
        return beta;
    }

    public double beta1() { return beta1; }

    public double beta2() { return beta2; }

    public double epsilon() { return epsilon; }

    @Override
    public List<String> getSlotNames() { return SLOTS; }

    @Override
    protected void addConfig(Map<String, Object> config) {
        config.put("beta_1", beta1);
        config.put("beta_2", beta2);
        config.put("epsilon", epsilon);
    }

    @Override
    protected Tensor updateStep(Tensor value, Tensor gradient, Map<String, Tensor> slots, long step) {
        double beta1Power = Math.pow(beta1, step);
        double beta2Power = Math.pow(beta2, step);
        Tensor[] r = TrainingOps.applyAdam(value, slots.get("m"), slots.get("v"), gradient, learningRate(),
                beta1Power, beta2Power, beta1, beta2, epsilon);
        slots.put("m", r[1]);
        slots.put("v", r[2]);
        return r[0];
    }
}
