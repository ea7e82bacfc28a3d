package org.tapedeck.engine;

import java.util.Arrays;
import java.util.List;

import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.ops.ArrayOps;
import org.tapedeck.engine.ops.Constants;
import org.tapedeck.engine.ops.ConvOps;
import org.tapedeck.engine.ops.LinalgOps;
import org.tapedeck.engine.ops.MathOps;
import org.tapedeck.engine.ops.NameScope;
import org.tapedeck.engine.ops.NnOps;
import org.tapedeck.engine.ops.Placement;
import org.tapedeck.engine.ops.RandomOps;
import org.tapedeck.engine.ops.ReductionOps;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Operand;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The one entry point to the engine, named after TensorFlow's Python module: {@code tf.add} is
 * {@code TF.add}, {@code tf.reduce_sum} is {@code TF.reduceSum}, {@code tf.random.uniform} is
 * {@code TF.random.uniform}, {@code tf.debugging.assert_equal} is {@code TF.debugging.assertEqual}.
 * Every op runs at once and returns a concrete {@link Tensor}.
 *
 * <pre>{@code
 * import org.tapedeck.engine.TF;
 *
 * Tensor a = TF.constant(new int[][] {{1, 2}, {3, 4}});
 * Tensor b = TF.add(a, 1);                  // [[2 3] [4 5]]
 * Tensor m = TF.matmul(TF.constant(new float[][] {{2}}), TF.constant(new float[][] {{2}}));  // [[4.]]
 * }</pre>
 *
 * A Java number next to a tensor takes the tensor's dtype; two tensors of different dtypes are an
 * error naming both.
 */
public final class TF {
    private TF() {}

    /** {@code tf.random}. */
    public static final RandomNamespace random = new RandomNamespace();

    /** {@code tf.debugging}. */
    public static final Debugging debugging = new Debugging();

    /** {@code tf.nn}. */
    public static final Nn nn = new Nn();

    /** Always true: every op runs as it is called. */
    public static boolean executingEagerly() { return true; }

    // ---- creating tensors ---------------------------------------------------------------------

    /**
     * A tensor from a Java scalar or (nested) array, the dtype inferred from the element type:
     * {@code float} → float32, {@code double} → float64, {@code int} → int32, {@code long} → int64,
     * {@code byte} → uint8 (read unsigned), {@code boolean} → bool. Ragged arrays are an error.
     */
    public static Tensor constant(Object value) { return Constants.constant(value); }

    /** A tensor from a Java value, converted to {@code dtype}. */
    public static Tensor constant(Object value, DType dtype) { return Constants.constant(value, dtype); }

    /** A tensor of {@code shape} over a flat row-major array (float[], double[], int[], long[], byte[], boolean[]). */
    public static Tensor constant(Object flatArray, Shape shape) { return Constants.fromFlat(flatArray, shape); }

    /** Tensors pass through; anything else goes to {@link #constant(Object)}. */
    public static Tensor convertToTensor(Object value) { return Constants.constant(value); }

    public static Tensor convertToTensor(Object value, DType dtype) { return Constants.constant(value, dtype); }

    /** float32 zeros. */
    public static Tensor zeros(int... shape) { return zeros(DType.FLOAT32, shape); }

    public static Tensor zeros(DType dtype, int... shape) { return ArrayOps.fill(dtype, Shape.of(shape), 0); }

    /** float32 ones. */
    public static Tensor ones(int... shape) { return ones(DType.FLOAT32, shape); }

    public static Tensor ones(DType dtype, int... shape) { return ArrayOps.fill(dtype, Shape.of(shape), 1); }

    /**
     * {@code tf.fill}: a tensor of {@code shape} filled with {@code value}, its dtype taken from the
     * Java type as {@link #constant(Object)} does (float → float32, double → float64, int → int32).
     */
    public static Tensor fill(Shape shape, float value) { return ArrayOps.fill(DType.FLOAT32, shape, value); }

    public static Tensor fill(Shape shape, double value) { return ArrayOps.fill(DType.FLOAT64, shape, value); }

    public static Tensor fill(Shape shape, int value) { return ArrayOps.fill(DType.INT32, shape, value); }

    public static Tensor fill(DType dtype, Shape shape, double value) { return ArrayOps.fill(dtype, shape, value); }

    public static Tensor zerosLike(Operand x) { return ArrayOps.zerosLike(x.asTensor()); }

    public static Tensor onesLike(Operand x) { return ArrayOps.onesLike(x.asTensor()); }

    /** int32 {@code 0, 1, ..., limit-1}. */
    public static Tensor range(int limit) { return ArrayOps.range(0, limit, 1, DType.INT32); }

    /**
     * int32 {@code start, start+delta, ...} below {@code limit} (above it for a negative delta). As in
     * TensorFlow, a start beyond the limit in the direction of delta is an error, not an empty range.
     */
    public static Tensor range(int start, int limit, int delta) { return ArrayOps.range(start, limit, delta, DType.INT32); }

    public static Tensor range(double start, double limit, double delta, DType dtype) { return ArrayOps.range(start, limit, delta, dtype); }

    // ---- devices ------------------------------------------------------------------------------

    /**
     * Runs ops on {@code device} ({@code "CPU:0"}, {@code "GPU:0"}) until the scope closes:
     * {@code try (var d = TF.device("GPU:0")) { ... }}, like {@code with tf.device('/GPU:0'):}.
     */
    public static Placement.Scope device(String device) { return Placement.scope(Device.parse(device)); }

    public static Placement.Scope device(Device device) { return Placement.scope(device); }

    /**
     * Names the ops run until the scope closes, as {@code with tf.name_scope(name):}; scopes nest
     * into paths ({@code outer/inner}) that the execution events carry.
     */
    public static NameScope.Scope nameScope(String name) { return NameScope.open(name); }

    // ---- arithmetic ---------------------------------------------------------------------------

    private static Tensor t(Operand o) { return o.asTensor(); }


    /** A Java number as a scalar of {@code like}'s dtype and device; a fraction cannot become an integer. */
    private static Tensor scalar(String op, double v, Operand like) { return Constants.scalarLike(op, v, like.asTensor()); }

    private static Tensor scalar(long v, Operand like) { return Constants.scalarLike(v, like.asTensor()); }

    public static Tensor add(Operand a, Operand b) { return MathOps.add(t(a), t(b)); }
    public static Tensor add(Operand a, double b) { return MathOps.add(t(a), scalar("AddV2", b, a)); }
    public static Tensor add(Operand a, long b) { return MathOps.add(t(a), scalar(b, a)); }

    public static Tensor subtract(Operand a, Operand b) { return MathOps.subtract(t(a), t(b)); }
    public static Tensor subtract(Operand a, double b) { return MathOps.subtract(t(a), scalar("Sub", b, a)); }
    public static Tensor subtract(Operand a, long b) { return MathOps.subtract(t(a), scalar(b, a)); }

    public static Tensor multiply(Operand a, Operand b) { return MathOps.multiply(t(a), t(b)); }
    public static Tensor multiply(Operand a, double b) { return MathOps.multiply(t(a), scalar("Mul", b, a)); }
    public static Tensor multiply(Operand a, long b) { return MathOps.multiply(t(a), scalar(b, a)); }

    /** True division; integer tensors give float64 (uint8: float32), as {@code tf.divide}. */
    public static Tensor divide(Operand a, Operand b) { return MathOps.divide(t(a), t(b)); }
    public static Tensor divide(Operand a, double b) { return MathOps.divide(t(a), scalar("RealDiv", b, a)); }
    public static Tensor divide(Operand a, long b) { return MathOps.divide(t(a), scalar(b, a)); }

    public static Tensor floorDiv(Operand a, Operand b) { return MathOps.floorDiv(t(a), t(b)); }
    public static Tensor floorDiv(Operand a, double b) { return MathOps.floorDiv(t(a), scalar("FloorDiv", b, a)); }
    public static Tensor floorDiv(Operand a, long b) { return MathOps.floorDiv(t(a), scalar(b, a)); }

    /** Remainder with the sign of the divisor ({@code tf.math.floormod}, Python's {@code %}). */
    public static Tensor floorMod(Operand a, Operand b) { return MathOps.floorMod(t(a), t(b)); }
    public static Tensor floorMod(Operand a, double b) { return MathOps.floorMod(t(a), scalar("FloorMod", b, a)); }
    public static Tensor floorMod(Operand a, long b) { return MathOps.floorMod(t(a), scalar(b, a)); }

    public static Tensor pow(Operand a, Operand b) { return MathOps.pow(t(a), t(b)); }
    public static Tensor pow(Operand a, double b) { return MathOps.pow(t(a), scalar("Pow", b, a)); }
    public static Tensor pow(Operand a, long b) { return MathOps.pow(t(a), scalar(b, a)); }

    public static Tensor maximum(Operand a, Operand b) { return MathOps.maximum(t(a), t(b)); }
    public static Tensor maximum(Operand a, double b) { return MathOps.maximum(t(a), scalar("Maximum", b, a)); }
    public static Tensor maximum(Operand a, long b) { return MathOps.maximum(t(a), scalar(b, a)); }

    public static Tensor minimum(Operand a, Operand b) { return MathOps.minimum(t(a), t(b)); }
    public static Tensor minimum(Operand a, double b) { return MathOps.minimum(t(a), scalar("Minimum", b, a)); }
    public static Tensor minimum(Operand a, long b) { return MathOps.minimum(t(a), scalar(b, a)); }

    public static Tensor negative(Operand x) { return MathOps.negative(t(x)); }
    public static Tensor abs(Operand x) { return MathOps.abs(t(x)); }
    public static Tensor sign(Operand x) { return MathOps.sign(t(x)); }
    public static Tensor square(Operand x) { return MathOps.square(t(x)); }
    public static Tensor sqrt(Operand x) { return MathOps.sqrt(t(x)); }
    public static Tensor exp(Operand x) { return MathOps.exp(t(x)); }
    public static Tensor log(Operand x) { return MathOps.log(t(x)); }
    public static Tensor relu(Operand x) { return MathOps.relu(t(x)); }
    /**
     * The gradient of {@link #relu} ({@code tf.raw_ops.ReluGrad}): {@code gradients} where
     * {@code features > 0}, else 0; both of one shape and dtype. The features are relu's input or
     * output (they are positive at the same places).
     * <pre>{@code Tensor dx = TF.reluGrad(dy, y);   // y = TF.relu(x)}</pre>
     */
    public static Tensor reluGrad(Operand gradients, Operand features) { return MathOps.reluGrad(t(gradients), t(features)); }
    public static Tensor sigmoid(Operand x) { return MathOps.sigmoid(t(x)); }
    public static Tensor tanh(Operand x) { return MathOps.tanh(t(x)); }

    public static Tensor softmax(Operand x) { return NnOps.softmax(t(x), -1); }
    public static Tensor softmax(Operand x, int axis) { return NnOps.softmax(t(x), axis); }
    public static Tensor logSoftmax(Operand x) { return NnOps.logSoftmax(t(x), -1); }
    public static Tensor logSoftmax(Operand x, int axis) { return NnOps.logSoftmax(t(x), axis); }

    // ---- comparison and selection -------------------------------------------------------------

    public static Tensor equal(Operand a, Operand b) { return MathOps.equal(t(a), t(b)); }
    public static Tensor equal(Operand a, double b) { return MathOps.equal(t(a), scalar("Equal", b, a)); }
    public static Tensor equal(Operand a, long b) { return MathOps.equal(t(a), scalar(b, a)); }
    public static Tensor notEqual(Operand a, Operand b) { return MathOps.notEqual(t(a), t(b)); }
    public static Tensor notEqual(Operand a, long b) { return MathOps.notEqual(t(a), scalar(b, a)); }
    public static Tensor less(Operand a, Operand b) { return MathOps.less(t(a), t(b)); }
    public static Tensor less(Operand a, double b) { return MathOps.less(t(a), scalar("Less", b, a)); }
    public static Tensor lessEqual(Operand a, Operand b) { return MathOps.lessEqual(t(a), t(b)); }
    public static Tensor lessEqual(Operand a, double b) { return MathOps.lessEqual(t(a), scalar("LessEqual", b, a)); }
    public static Tensor greater(Operand a, Operand b) { return MathOps.greater(t(a), t(b)); }
    public static Tensor greater(Operand a, double b) { return MathOps.greater(t(a), scalar("Greater", b, a)); }
    public static Tensor greaterEqual(Operand a, Operand b) { return MathOps.greaterEqual(t(a), t(b)); }
    public static Tensor greaterEqual(Operand a, double b) { return MathOps.greaterEqual(t(a), scalar("GreaterEqual", b, a)); }

    /** {@code cond ? a : b} elementwise, broadcasting all three. */
    public static Tensor where(Operand cond, Operand a, Operand b) { return MathOps.where(t(cond), t(a), t(b)); }

    public static Tensor cast(Operand x, DType dtype) { return MathOps.cast(t(x), dtype); }

    /** The same value with no gradient flowing through it. */
    public static Tensor stopGradient(Operand x) { return NnOps.stopGradient(t(x)); }

    // ---- linear algebra -------------------------------------------------------------------------

    public static Tensor matmul(Operand a, Operand b) { return LinalgOps.matmul(t(a), t(b), false, false); }

    public static Tensor matmul(Operand a, Operand b, boolean transposeA, boolean transposeB) {
        return LinalgOps.matmul(t(a), t(b), transposeA, transposeB);
    }

    // ---- reductions ---------------------------------------------------------------------------

    /** Sum of all elements. */
    public static Tensor reduceSum(Operand x) { return ReductionOps.reduceSum(t(x), null, false); }
    public static Tensor reduceSum(Operand x, int axis) { return ReductionOps.reduceSum(t(x), new int[] {axis}, false); }
    public static Tensor reduceSum(Operand x, int[] axes, boolean keepDims) { return ReductionOps.reduceSum(t(x), axes, keepDims); }

    public static Tensor reduceMean(Operand x) { return ReductionOps.reduceMean(t(x), null, false); }
    public static Tensor reduceMean(Operand x, int axis) { return ReductionOps.reduceMean(t(x), new int[] {axis}, false); }
    public static Tensor reduceMean(Operand x, int[] axes, boolean keepDims) { return ReductionOps.reduceMean(t(x), axes, keepDims); }

    public static Tensor reduceMax(Operand x) { return ReductionOps.reduceMax(t(x), null, false); }
    public static Tensor reduceMax(Operand x, int axis) { return ReductionOps.reduceMax(t(x), new int[] {axis}, false); }
    public static Tensor reduceMax(Operand x, int[] axes, boolean keepDims) { return ReductionOps.reduceMax(t(x), axes, keepDims); }

    public static Tensor reduceMin(Operand x) { return ReductionOps.reduceMin(t(x), null, false); }
    public static Tensor reduceMin(Operand x, int axis) { return ReductionOps.reduceMin(t(x), new int[] {axis}, false); }
    public static Tensor reduceMin(Operand x, int[] axes, boolean keepDims) { return ReductionOps.reduceMin(t(x), axes, keepDims); }

    /** Index of the largest value along {@code axis}, as int64. */
    public static Tensor argMax(Operand x, int axis) { return ReductionOps.argMax(t(x), axis, DType.INT64); }
    public static Tensor argMax(Operand x, int axis, DType outputType) { return ReductionOps.argMax(t(x), axis, outputType); }
    public static Tensor argMin(Operand x, int axis) { return ReductionOps.argMin(t(x), axis, DType.INT64); }
    public static Tensor argMin(Operand x, int axis, DType outputType) { return ReductionOps.argMin(t(x), axis, outputType); }

    // ---- shapes -------------------------------------------------------------------------------

    public static Tensor reshape(Operand x, int... shape) { return ArrayOps.reshape(t(x), shape); }

    public static Tensor reshape(Operand x, Shape shape) { return ArrayOps.reshape(t(x), shape.dims()); }

    /** Permutes the dims; no {@code perm} reverses them. */
    public static Tensor transpose(Operand x, int... perm) { return ArrayOps.transpose(t(x), perm); }

    /** Inserts a dim of size 1 at {@code axis}: what indexing with {@code tf.newaxis} does. */
    public static Tensor expandDims(Operand x, int axis) { return ArrayOps.expandDims(t(x), axis); }

    public static Tensor squeeze(Operand x, int... axes) { return ArrayOps.squeeze(t(x), axes); }

    public static Tensor broadcastTo(Operand x, int... shape) { return ArrayOps.broadcastTo(t(x), Shape.of(shape)); }

    public static Tensor concat(List<? extends Operand> values, int axis) { return ArrayOps.concat(tensors(values), axis); }

    public static Tensor stack(List<? extends Operand> values, int axis) { return ArrayOps.stack(tensors(values), axis); }

    public static Tensor stack(List<? extends Operand> values) { return stack(values, 0); }

    private static List<Tensor> tensors(List<? extends Operand> values) {
        return Arrays.asList(values.stream().map(Operand::asTensor).toArray(Tensor[]::new));
    }

    /** {@code tf.slice}: the box at {@code begin} of extent {@code size} (-1: to the end). */
    public static Tensor slice(Operand x, int[] begin, int[] size) { return ArrayOps.slice(t(x), begin, size); }

    /** {@code x[start:end]} along the first axis, with Python's slicing rules. */
    public static Tensor sliceRange(Operand x, int start, int end) { return ArrayOps.sliceRange(t(x), start, end); }

    /** {@code x[i]}: element {@code i} of the first axis (negative counts from the end). */
    public static Tensor index(Operand x, int i) { return ArrayOps.index(t(x), i); }

    /** Zero padding: {@code paddings[i] = {before, after}} for dim i. */
    public static Tensor pad(Operand x, int[][] paddings) {
        int[] before = new int[paddings.length];
        int[] after = new int[paddings.length];
        for (int i = 0; i < paddings.length; i++) {
            before[i] = paddings[i][0];
            after[i] = paddings[i][1];
        }
        return ArrayOps.pad(t(x), before, after);
    }

    public static Tensor gather(Operand params, Operand indices) { return ArrayOps.gather(t(params), t(indices), 0); }

    public static Tensor gather(Operand params, Operand indices, int axis) { return ArrayOps.gather(t(params), t(indices), axis); }

    /** float32 one-hot rows of length {@code depth}. */
    public static Tensor oneHot(Operand indices, int depth) { return ArrayOps.oneHot(t(indices), depth, 1, 0, DType.FLOAT32); }

    public static Tensor oneHot(Operand indices, int depth, double onValue, double offValue, DType dtype) {
        return ArrayOps.oneHot(t(indices), depth, onValue, offValue, dtype);
    }

    // ---- namespaces ---------------------------------------------------------------------------

    /** {@code tf.random}: seeded uniform and normal tensors. */
    public static final class RandomNamespace {
        private RandomNamespace() {}

        /** {@code tf.random.set_seed}. */
        public void setSeed(long seed) { RandomOps.setSeed(seed); }

        /** float32 uniform in [0, 1). */
        public Tensor uniform(int... shape) { return RandomOps.uniform(Shape.of(shape), 0, 1, DType.FLOAT32, null); }

        public Tensor uniform(Shape shape, double minval, double maxval, DType dtype, Long seed) {
            return RandomOps.uniform(shape, minval, maxval, dtype, seed);
        }

        /** float32 standard normal. */
        public Tensor normal(int... shape) { return RandomOps.normal(Shape.of(shape), 0, 1, DType.FLOAT32, null); }

        public Tensor normal(Shape shape, double mean, double stddev, DType dtype, Long seed) {
            return RandomOps.normal(shape, mean, stddev, dtype, seed);
        }
    }

    /** {@code tf.nn}. */
    public static final class Nn {
        private Nn() {}

        public Tensor relu(Operand x) { return TF.relu(x); }
        public Tensor sigmoid(Operand x) { return TF.sigmoid(x); }
        public Tensor tanh(Operand x) { return TF.tanh(x); }
        public Tensor softmax(Operand x) { return TF.softmax(x); }
        public Tensor softmax(Operand x, int axis) { return TF.softmax(x, axis); }
        public Tensor logSoftmax(Operand x) { return TF.logSoftmax(x); }
        public Tensor logSoftmax(Operand x, int axis) { return TF.logSoftmax(x, axis); }

        /**
         * {@code tf.nn.conv2d}: NHWC {@code input} [N, H, W, C] correlated with HWIO {@code filters}
         * [KH, KW, C, F]; {@code padding} is "VALID" or "SAME".
         * <pre>{@code Tensor y = TF.nn.conv2d(images, filters, 1, "SAME");}</pre>
         */
        public Tensor conv2d(Operand input, Operand filters, int strides, String padding) {
            return ConvOps.conv2d(t(input), t(filters), new int[] {strides}, padding);
        }

        /** {@code strides} as {@code {sh, sw}} or {@code {1, sh, sw, 1}}. */
        public Tensor conv2d(Operand input, Operand filters, int[] strides, String padding) {
            return ConvOps.conv2d(t(input), t(filters), strides, padding);
        }

        /**
         * {@code tf.nn.max_pool2d}: the maximum of each {@code ksize x ksize} window of NHWC {@code input}.
         * <pre>{@code Tensor p = TF.nn.maxPool2d(x, 2, 2, "VALID");}</pre>
         */
        public Tensor maxPool2d(Operand input, int ksize, int strides, String padding) {
            return ConvOps.maxPool2d(t(input), new int[] {ksize}, new int[] {strides}, padding);
        }

        /** {@code ksize} and {@code strides} as {@code {h, w}} or {@code {1, h, w, 1}}. */
        public Tensor maxPool2d(Operand input, int[] ksize, int[] strides, String padding) {
            return ConvOps.maxPool2d(t(input), ksize, strides, padding);
        }
    }

    /** {@code tf.debugging}: assertions that fail with a message naming the values. */
    public static final class Debugging {
        private Debugging() {}

        /** Passes when the shapes are equal; otherwise throws naming both. */
        public void assertEqual(Shape actual, Shape expected) {
            if (!actual.equals(expected)) {
                throw new InvalidArgumentException("assertEqual failed: shape " + actual + " != " + expected);
            }
        }

        /** Shape against dims, as the tutorial's {@code assert_equal(logits.shape, (32, 10))}. */
        public void assertEqual(Shape actual, int... expected) { assertEqual(actual, Shape.of(expected)); }

        /** Passes when every element of x equals y (broadcasting); otherwise throws naming both. */
        public void assertEqual(Operand x, Operand y) {
            Tensor a = x.asTensor();
            Tensor b = y.asTensor();
            Tensor eq = MathOps.equal(a, b);
            for (boolean v : eq.toBooleanArray()) {
                if (!v) {
                    throw new InvalidArgumentException("assertEqual failed: Condition x == y did not hold element-wise:\nx = "
                            + a + "\ny = " + b);
                }
            }
        }
    }
}
