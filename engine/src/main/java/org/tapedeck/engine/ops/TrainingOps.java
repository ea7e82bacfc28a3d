package org.tapedeck.engine.ops;

import org.tapedeck.engine.backend.Backend;
import org.tapedeck.engine.backend.BinaryOp;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The optimizers' update rules as ops, named as TensorFlow's training ops: each updates one
 * variable from its gradient and slots in one fused kernel, and the debugger sees one op per
 * variable per step ({@code ResourceApplyAdam}, {@code ResourceApplyKerasMomentum},
 * {@code ResourceApplyGradientDescent}). They are not differentiable and never recorded on tapes.
 *
 * <pre>{@code
 * Tensor[] r = TrainingOps.applyAdam(w, m, v, grad, 0.001, 0.9, 0.999, 0.9, 0.999, 1e-7);
 * // r[0] is w's new value, r[1] and r[2] the new m and v
 * }</pre>
 *
 * The functions take and return values; the optimizers in
 * {@code org.tapedeck.engine.optimizers} assign them to the variables and keep the slots.
 */
public final class TrainingOps {
    private TrainingOps() {}

    /** A kernel with several outputs; output 0 is the variable's new value. */
    @FunctionalInterface
    private interface FusedKernel {
        Tensor[] compute(Backend backend, Tensor[] inputs, Attrs attrs);
    }

    /**
     * Runs a fused update as one op and returns all its outputs.
     *
     * NOTE: Exec reports and records one output per op, while an update kernel produces the new
     * variable and its new slots in one call. Rather than run the kernel once per output, or
     * stack the outputs into one tensor to slice apart again, each call makes its own OpDef whose
     * kernel keeps the whole result in a holder local to this call and returns output 0 (the new
     * variable value, which is what the op "writes", as TensorFlow's ResourceApply* ops write
     * their variable) to Exec. The kernel runs once, listeners see one op with all its inputs and
     * hyper-parameters, and no state is shared between calls or threads. The slots stay readable
     * from the optimizer.
     */
    private static Tensor[] runFused(String name, FusedKernel kernel, Attrs attrs, Tensor... inputs) {
        Tensor[][] holder = new Tensor[1][];
        OpDef def = OpDef.notDifferentiable(name, (backend, in, a) -> {
            Tensor[] out = kernel.compute(backend, in, a);
            holder[0] = out;
            return out[0];
        });
        Exec.run(def, attrs, inputs);
        return holder[0];
    }

    /** Every input has the first input's dtype and shape, and that dtype is floating. */
    private static void requireMatching(String op, String[] names, Tensor[] inputs) {
        OpSupport.requireFloating(op, inputs[0]);
        for (int i = 1; i < inputs.length; i++) {
            if (inputs[i].dtype() != inputs[0].dtype() || !inputs[i].shape().equals(inputs[0].shape())) {
                throw new InvalidArgumentException(op + ": " + names[i] + " must match " + names[0] + " (" + inputs[0].dtype()
                        + " of shape " + inputs[0].shape() + "), got " + inputs[i].dtype() + " of shape " + inputs[i].shape());
            }
        }
    }

    private static Tensor scalar(Backend backend, Tensor like, double value) {
        return backend.fill(like.dtype(), Shape.scalar(), value);
    }

    private static Tensor mul(Backend b, Tensor x, Tensor y) { return b.binary(BinaryOp.MUL, x, y, x.shape()); }

    private static Tensor sub(Backend b, Tensor x, Tensor y) { return b.binary(BinaryOp.SUB, x, y, x.shape()); }

    private static Tensor add(Backend b, Tensor x, Tensor y) { return b.binary(BinaryOp.ADD, x, y, x.shape()); }

    // ---- Adam ---------------------------------------------------------------------------------

    private static final String[] ADAM_INPUTS = {"var", "m", "v", "grad"};

    // NOTE: alpha folds both bias corrections into the step size, and epsilon is added to
    // sqrt(v) itself (Keras' "epsilon hat"), not to sqrt(v / (1 - beta2^t)) as torch.optim.Adam does.
    private static final FusedKernel ADAM = (backend, in, a) -> {
        double alpha = a.number("lr") * Math.sqrt(1 - a.number("beta2_power")) / (1 - a.number("beta1_power"));
        return backend.adamUpdate(in[0], in[1], in[2], in[3], alpha, a.number("beta1"), a.number("beta2"), a.number("epsilon"));
    };

    /**
     * One Adam step with Keras' formula: {@code m' = m + (g - m)(1 - beta1)},
     * {@code v' = v + (g² - v)(1 - beta2)},
     * {@code var' = var - lr·sqrt(1 - beta2Power)/(1 - beta1Power) · m' / (sqrt(v') + epsilon)},
     * where {@code betaNPower = betaN^t} for step {@code t} (1 for the first step).
     *
     * @return {@code {var', m', v'}}
     */
    public static Tensor[] applyAdam(Tensor var, Tensor m, Tensor v, Tensor grad, double lr, double beta1Power,
                                     double beta2Power, double beta1, double beta2, double epsilon) {
        Tensor[] in = {var, m, v, grad};
        requireMatching("ResourceApplyAdam", ADAM_INPUTS, in);
        if (beta1Power == 1) {
            throw new InvalidArgumentException("ResourceApplyAdam: beta1_power is 1, so the bias correction 1 - beta1^t divides by zero");
        }
        Attrs attrs = Attrs.of("lr", lr, "beta1_power", beta1Power, "beta2_power", beta2Power,
                "beta1", beta1, "beta2", beta2, "epsilon", epsilon);
        return runFused("ResourceApplyAdam", ADAM, attrs, in);
    }

    // ---- SGD ----------------------------------------------------------------------------------

    private static final FusedKernel GRADIENT_DESCENT = (backend, in, a) ->
            new Tensor[] {sub(backend, in[0], mul(backend, in[1], scalar(backend, in[1], a.number("alpha"))))};

    /** {@code var - lr * grad}. */
    public static Tensor applyGradientDescent(Tensor var, Tensor grad, double lr) {
        Tensor[] in = {var, grad};
        requireMatching("ResourceApplyGradientDescent", new String[] {"var", "delta"}, in);
        return runFused("ResourceApplyGradientDescent", GRADIENT_DESCENT, Attrs.of("alpha", lr), in)[0];
    }

    // NOTE: Keras keeps the velocity with the learning rate folded in (accum = momentum·accum -
    // lr·g; var += accum), where torch keeps buf = momentum·buf + g and steps by -lr·buf. For a
    // constant learning rate accum = -lr·buf, so the trajectories are the same.
    private static final FusedKernel KERAS_MOMENTUM = (backend, in, a) -> {
        Tensor var = in[0];
        Tensor accum = in[1];
        Tensor grad = in[2];
        Tensor lrGrad = mul(backend, grad, scalar(backend, grad, a.number("lr")));
        Tensor momentum = scalar(backend, grad, a.number("momentum"));
        Tensor newAccum = sub(backend, mul(backend, accum, momentum), lrGrad);
        Tensor step = a.bool("use_nesterov") ? sub(backend, mul(backend, newAccum, momentum), lrGrad) : newAccum;
        return new Tensor[] {add(backend, var, step), newAccum};
    };

    /**
     * One step of SGD with momentum, Keras' formula: {@code accum' = momentum·accum - lr·grad};
     * {@code var' = var + accum'}, or with Nesterov {@code var' = var + momentum·accum' - lr·grad}.
     *
     * @return {@code {var', accum'}}
     */
    public static Tensor[] applyKerasMomentum(Tensor var, Tensor accum, Tensor grad, double lr, double momentum, boolean nesterov) {
        Tensor[] in = {var, accum, grad};
        requireMatching("ResourceApplyKerasMomentum", new String[] {"var", "accum", "grad"}, in);
        Attrs attrs = Attrs.of("lr", lr, "momentum", momentum, "use_nesterov", nesterov);
        return runFused("ResourceApplyKerasMomentum", KERAS_MOMENTUM, attrs, in);
    }
}
