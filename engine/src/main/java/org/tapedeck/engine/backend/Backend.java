package org.tapedeck.engine.backend;

import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The primitive kernels of one device. The op layer ({@code org.tapedeck.engine.ops}) checks
 * arguments, computes output shapes, records gradients and reports events; a backend only
 * computes. All inputs of a call live on this backend's device, and every output is a new tensor
 * on it. The CPU backend is the reference every other backend is validated against.
 */
public interface Backend {

    Device device();

    /** A tensor on this device holding a copy of (or, on the CPU, exactly) {@code host}. */
    Tensor fromHost(Shape shape, HostBuffer host);

    /** The elements of {@code x} in host memory; on the CPU the tensor's own buffer. */
    HostBuffer toHost(Tensor x);

    /** A tensor of {@code shape} with every element equal to {@code value}. */
    Tensor fill(DType dtype, Shape shape, double value);

    Tensor unary(UnaryOp op, Tensor x);

    /** Elementwise with NumPy broadcasting; comparisons give bool. Both inputs have one dtype. */
    Tensor binary(BinaryOp op, Tensor a, Tensor b, Shape outShape);

    /** {@code cond ? a : b} elementwise, all three broadcast to {@code outShape}. */
    Tensor where(Tensor cond, Tensor a, Tensor b, Shape outShape);

    Tensor cast(Tensor x, DType to);

    /**
     * The gradient of Relu (TensorFlow's {@code ReluGrad}): {@code features > 0 ? gradients : 0}
     * elementwise, a select, so a NaN or infinite gradient stays out where the feature is not
     * positive (a NaN feature is not positive). Both inputs have one shape and one numeric dtype.
     */
    Tensor reluGrad(Tensor gradients, Tensor features);

    /**
     * Reduces over {@code axes} (distinct, normalised); the result keeps them as size-1 dims. Over
     * an empty axis, SUM gives 0 and MAX / MIN their identity: -inf / +inf for floats, the dtype's
     * lowest / highest value for integers (as TensorFlow).
     */
    Tensor reduce(ReduceOp op, Tensor x, int[] axes);

    /** Index of the largest ({@code max}) or smallest value along {@code axis}, which is removed. */
    Tensor argReduce(boolean max, Tensor x, int axis, DType outType);

    /**
     * Batched matrix product of the last two dims, batch dims broadcast to those of
     * {@code outShape}; {@code transposeA/B} transpose the last two dims of that input first.
     */
    Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB, Shape outShape);

    /** Permutes the dims: output dim i is input dim {@code perm[i]}. */
    Tensor transpose(Tensor x, int[] perm);

    Tensor broadcastTo(Tensor x, Shape shape);

    /** The box {@code [begin, begin + size)} of {@code x}. */
    Tensor slice(Tensor x, int[] begin, int[] size);

    /** {@code x} surrounded by {@code before[i]} and {@code after[i]} zeros along dim i. */
    Tensor pad(Tensor x, int[] before, int[] after);

    /** Joins tensors of one dtype along {@code axis}; all other dims agree. */
    Tensor concat(Tensor[] xs, int axis, Shape outShape);

    /** Slices of {@code params} along {@code axis} picked by integer {@code indices} (checked in range). */
    Tensor gather(Tensor params, Tensor indices, int axis, Shape outShape);

    /**
     * The adjoint of {@link #gather}: a zero tensor of {@code outShape} to which each slice of
     * {@code updates} is added at {@code indices} along {@code axis}.
     */
    Tensor scatterAdd(Tensor updates, Tensor indices, int axis, Shape outShape);

    // ---- training kernels: NHWC activations and HWIO filters, as in TensorFlow ------------------

    /**
     * 2-D convolution (cross-correlation, no filter flip) of {@code input} [N, H, W, C] with
     * {@code filter} [KH, KW, C, F], giving {@code outShape} [N, OH, OW, F]. {@code padTop} and
     * {@code padLeft} implicit zero rows/columns precede the input (SAME padding puts any odd extra
     * one after it); output (oh, ow) reads input rows {@code oh*strideH - padTop + kh}.
     */
    Tensor conv2d(Tensor input, Tensor filter, int strideH, int strideW, int padTop, int padLeft, Shape outShape);

    /** The gradient of {@link #conv2d} with respect to its input: {@code grad} [N, OH, OW, F] to {@code inputShape}. */
    Tensor conv2dBackpropInput(Tensor grad, Tensor filter, int strideH, int strideW, int padTop, int padLeft, Shape inputShape);

    /** The gradient of {@link #conv2d} with respect to its filter, of {@code filterShape} [KH, KW, C, F]. */
    Tensor conv2dBackpropFilter(Tensor input, Tensor grad, int strideH, int strideW, int padTop, int padLeft, Shape filterShape);

    /**
     * Max pooling of {@code input} [N, H, W, C] over {@code poolH x poolW} windows, giving
     * {@code outShape}; padded positions never win.
     */
    Tensor maxPool(Tensor input, int poolH, int poolW, int strideH, int strideW, int padTop, int padLeft, Shape outShape);

    /**
     * The gradient of {@link #maxPool}: each window's gradient goes to the position of its maximum
     * (the first one, in row-major order, on ties); the result has {@code input}'s shape.
     */
    Tensor maxPoolGrad(Tensor input, Tensor grad, int poolH, int poolW, int strideH, int strideW, int padTop, int padLeft);

    /**
     * One Adam step for one variable, Keras' formula, all tensors of one floating dtype and shape:
     * {@code m' = m + (g - m)(1 - beta1)}, {@code v' = v + (g*g - v)(1 - beta2)},
     * {@code var' = var - alpha * m' / (sqrt(v') + epsilon)} with
     * {@code alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)} computed by the caller.
     *
     * @return {@code {var', m', v'}}
     */
    Tensor[] adamUpdate(Tensor var, Tensor m, Tensor v, Tensor grad, double alpha, double beta1, double beta2, double epsilon);

    /** Summary statistics of {@code x}, computed where it lives (no full copy to the host). */
    TensorStats stats(Tensor x);
}
