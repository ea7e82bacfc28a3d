package org.tapedeck.engine.ops;

import static org.tapedeck.engine.ops.OpSupport.normalizeAxes;
import static org.tapedeck.engine.ops.OpSupport.requireNumeric;

import org.tapedeck.engine.backend.ReduceOp;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** Sums, means, maxima and minima over axes, and argMax/argMin. */
public final class ReductionOps {
    private ReductionOps() {}

    private static Kernel reduceKernel(ReduceOp op) {
        return (backend, in, attrs) -> {
            Tensor x = in[0];
            requireNumeric(op.opName(), x);
            int[] axes = attrs.ints("reduction_indices");
            Tensor kept = backend.reduce(op, x, axes);
            return attrs.bool("keep_dims") ? kept : Tensor.wrap(dropAxes(x.shape(), axes), kept.buffer());
        };
    }

    private static Shape dropAxes(Shape s, int[] axes) {
        int[] d = s.dims();
        int[] out = new int[d.length - axes.length];
        int j = 0;
        outer:
        for (int i = 0; i < d.length; i++) {
            for (int a : axes) if (a == i) continue outer;
            out[j++] = d[i];
        }
        return Shape.of(out);
    }

    /** The input's shape with the reduced axes kept as 1. */
    private static int[] keptDims(Shape s, int[] axes) {
        int[] d = s.dims();
        for (int a : axes) d[a] = 1;
        return d;
    }

    // The sum spreads its gradient evenly back over the reduced axes.
    static final OpDef SUM = OpDef.of("Sum", reduceKernel(ReduceOp.SUM), (n, g, need) -> {
        Tensor x = n.input(0);
        Tensor gk = ArrayOps.reshape(g, keptDims(x.shape(), n.attrs().ints("reduction_indices")));
        return new Tensor[] {ArrayOps.broadcastTo(gk, x.shape())};
    });

    // NOTE: the gradient is split evenly between tied extrema, as TensorFlow does.
    private static GradFn extremumGrad() {
        return (n, g, need) -> {
            Tensor x = n.input(0);
            int[] axes = n.attrs().ints("reduction_indices");
            int[] kept = keptDims(x.shape(), axes);
            Tensor y = ArrayOps.reshape(n.output(), kept);
            Tensor mask = MathOps.cast(MathOps.equal(x, y), x.dtype());
            Tensor count = reduceSum(mask, axes, true);
            Tensor gk = ArrayOps.reshape(g, kept);
            return new Tensor[] {MathOps.multiply(mask, MathOps.divide(gk, count))};
        };
    }

    static final OpDef MAX = OpDef.of("Max", reduceKernel(ReduceOp.MAX), extremumGrad());

    static final OpDef MIN = OpDef.of("Min", reduceKernel(ReduceOp.MIN), extremumGrad());

    private static Tensor reduce(OpDef def, Tensor x, int[] axes, boolean keepDims) {
        int[] norm = normalizeAxes(def.name(), x.shape(), axes);
        return Exec.run(def, Attrs.of("reduction_indices", norm, "keep_dims", keepDims), x);
    }

    /** Sum over {@code axes} (every axis when null). */
    public static Tensor reduceSum(Tensor x, int[] axes, boolean keepDims) { return reduce(SUM, x, axes, keepDims); }

    public static Tensor reduceMax(Tensor x, int[] axes, boolean keepDims) { return reduce(MAX, x, axes, keepDims); }

    public static Tensor reduceMin(Tensor x, int[] axes, boolean keepDims) { return reduce(MIN, x, axes, keepDims); }

    /**
     * Mean over {@code axes}, composed as sum / count. For integer tensors the division truncates
     * toward zero, as TensorFlow's integer {@code reduce_mean} does.
     */
    public static Tensor reduceMean(Tensor x, int[] axes, boolean keepDims) {
        requireNumeric("Mean", x);
        int[] norm = normalizeAxes("Mean", x.shape(), axes);
        long count = 1;
        for (int a : norm) count *= x.shape().dim(a);
        if (x.dtype().isFloating()) {
            Tensor sum = reduceSum(x, norm, keepDims);
            return MathOps.divide(sum, OpSupport.scalarLike("Mean", count, sum));
        }
        // NOTE: as TensorFlow (reduction_ops.h), an integer mean sums in int64, so neither the sum
        // nor the count wraps in a narrow dtype, and is 0 over nothing (the identity of the sum).
        Tensor sum = reduceSum(MathOps.cast(x, DType.INT64), norm, keepDims);
        if (count == 0) return MathOps.cast(sum, x.dtype());
        Tensor c = OpSupport.scalarLike("Mean", count, sum);
        Tensor truncated = MathOps.multiply(MathOps.floorDiv(MathOps.abs(sum), c), MathOps.sign(sum));
        return MathOps.cast(truncated, x.dtype());
    }

    private static Kernel argKernel(boolean max) {
        return (backend, in, attrs) -> {
            Tensor x = in[0];
            String name = max ? "ArgMax" : "ArgMin";
            requireNumeric(name, x);
            int axis = attrs.integer("axis");
            if (x.shape().dim(axis) == 0) {
                throw new InvalidArgumentException(name + ": axis " + axis + " of a tensor of shape " + x.shape() + " is empty");
            }
            return backend.argReduce(max, x, axis, DType.of((String) attrs.get("output_type")));
        };
    }

    static final OpDef ARG_MAX = OpDef.notDifferentiable("ArgMax", argKernel(true));

    static final OpDef ARG_MIN = OpDef.notDifferentiable("ArgMin", argKernel(false));

    /** Index of the largest element along {@code axis} (int64 by default, as in TensorFlow). */
    public static Tensor argMax(Tensor x, int axis, DType outputType) { return arg(ARG_MAX, x, axis, outputType); }

    public static Tensor argMin(Tensor x, int axis, DType outputType) { return arg(ARG_MIN, x, axis, outputType); }

    private static Tensor arg(OpDef def, Tensor x, int axis, DType outputType) {
        if (outputType != DType.INT32 && outputType != DType.INT64) {
            throw new InvalidArgumentException(def.name() + ": output_type must be int32 or int64, got " + outputType);
        }
        int a = normalizeAxes(def.name(), x.shape(), new int[] {axis})[0];
        return Exec.run(def, Attrs.of("axis", a, "output_type", outputType.tfName()), x);
    }
}
