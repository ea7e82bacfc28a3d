package org.tapedeck.engine.ops;

import org.tapedeck.engine.tensor.Tensor;

/**
 * Neural-network functions composed from primitives: softmax and logSoftmax get their gradients
 * from the ops they are built of.
 */
public final class NnOps {
    private NnOps() {}

    // The shift by the maximum is constant as far as the gradient is concerned; it only keeps
    // exp from overflowing.
    // NOTE: the output must be a tensor object of its own (sharing the immutable buffer): returning
    // the input itself would leave it tracked by the tape, and the gradient would flow through.
    static final OpDef STOP_GRADIENT = OpDef.notDifferentiable("StopGradient",
            (backend, in, attrs) -> Tensor.wrap(in[0].shape(), in[0].buffer()));

    /** The same value, through which no gradient flows. */
    public static Tensor stopGradient(Tensor x) { return Exec.run(STOP_GRADIENT, Attrs.EMPTY, x); }

    /** {@code exp(x) / sum(exp(x))} along {@code axis}, computed stably. */
    public static Tensor softmax(Tensor x, int axis) {
        OpSupport.requireFloating("Softmax", x);
        OpSupport.normalizeAxes("Softmax", x.shape(), new int[] {axis});
        Tensor shifted = MathOps.subtract(x, stopGradient(ReductionOps.reduceMax(x, new int[] {axis}, true)));
        Tensor e = MathOps.exp(shifted);
        return MathOps.divide(e, ReductionOps.reduceSum(e, new int[] {axis}, true));
    }

    /** {@code x - log(sum(exp(x)))} along {@code axis}, computed stably. */
    public static Tensor logSoftmax(Tensor x, int axis) {
        OpSupport.requireFloating("LogSoftmax", x);
        OpSupport.normalizeAxes("LogSoftmax", x.shape(), new int[] {axis});
        Tensor shifted = MathOps.subtract(x, stopGradient(ReductionOps.reduceMax(x, new int[] {axis}, true)));
        Tensor logSum = MathOps.log(ReductionOps.reduceSum(MathOps.exp(shifted), new int[] {axis}, true));
        return MathOps.subtract(shifted, logSum);
    }
}
