package org.tapedeck.engine.ops;

import static org.tapedeck.engine.ops.OpSupport.broadcastShapes;
import static org.tapedeck.engine.ops.OpSupport.requireFloating;
import static org.tapedeck.engine.ops.OpSupport.requireNumeric;
import static org.tapedeck.engine.ops.OpSupport.requireSameDType;
import static org.tapedeck.engine.ops.OpSupport.sumToShape;

import java.util.EnumMap;
import java.util.Map;

import org.tapedeck.engine.backend.BinaryOp;
import org.tapedeck.engine.backend.UnaryOp;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Elementwise math: the unary and binary primitives with their gradients, comparisons, where and
 * cast. Each op's backward rule sits next to its forward definition.
 */
public final class MathOps {
    private MathOps() {}

    // ---- binary arithmetic ------------------------------------------------------------------

    private static Kernel binaryKernel(BinaryOp op) {
        return (backend, in, attrs) -> {
            Tensor a = in[0];
            Tensor b = in[1];
            requireSameDType(op.opName(), a, b);
            if (!op.isComparison() || a.dtype().isBool()) {
                if (op != BinaryOp.EQUAL && op != BinaryOp.NOT_EQUAL) requireNumeric(op.opName(), a);
            }
            Shape out = broadcastShapes(op.opName(), a.shape(), b.shape());
            return backend.binary(op, a, b, out);
        };
    }

    static final OpDef ADD = OpDef.of("AddV2", binaryKernel(BinaryOp.ADD), (n, g, need) -> new Tensor[] {
        need[0] ? sumToShape(g, n.input(0).shape()) : null,
        need[1] ? sumToShape(g, n.input(1).shape()) : null});

    static final OpDef SUB = OpDef.of("Sub", binaryKernel(BinaryOp.SUB), (n, g, need) -> new Tensor[] {
        need[0] ? sumToShape(g, n.input(0).shape()) : null,
        need[1] ? sumToShape(negative(g), n.input(1).shape()) : null});

    static final OpDef MUL = OpDef.of("Mul", binaryKernel(BinaryOp.MUL), (n, g, need) -> new Tensor[] {
        need[0] ? sumToShape(multiply(g, n.input(1)), n.input(0).shape()) : null,
        need[1] ? sumToShape(multiply(g, n.input(0)), n.input(1).shape()) : null});

    // d(a/b)/da = 1/b; d(a/b)/db = -a/b^2
    static final OpDef DIV = OpDef.of("RealDiv", binaryKernel(BinaryOp.DIV), (n, g, need) -> new Tensor[] {
        need[0] ? sumToShape(divide(g, n.input(1)), n.input(0).shape()) : null,
        need[1] ? sumToShape(divide(divide(multiply(negative(g), n.input(0)), n.input(1)), n.input(1)), n.input(1).shape()) : null});

    static final OpDef FLOOR_DIV = OpDef.notDifferentiable("FloorDiv", binaryKernel(BinaryOp.FLOOR_DIV));

    // a mod b = a - floor(a/b) * b, so d/da = 1 and d/db = -floor(a/b).
    static final OpDef FLOOR_MOD = OpDef.of("FloorMod", binaryKernel(BinaryOp.FLOOR_MOD), (n, g, need) -> new Tensor[] {
        need[0] ? sumToShape(g, n.input(0).shape()) : null,
        need[1] ? sumToShape(multiply(negative(g), floorDiv(n.input(0), n.input(1))), n.input(1).shape()) : null});

    // d(a^b)/da = b a^(b-1); d(a^b)/db = a^b log(a), taken as 0 where a <= 0 (as TensorFlow does).
    static final OpDef POW = OpDef.of("Pow", binaryKernel(BinaryOp.POW), (n, g, need) -> {
        Tensor a = n.input(0);
        Tensor b = n.input(1);
        Tensor ga = null;
        Tensor gb = null;
        if (need[0]) ga = sumToShape(multiply(g, multiply(b, pow(a, subtract(b, OpSupport.scalarLike("Pow", 1L, b))))), a.shape());
        if (need[1]) {
            Tensor zero = OpSupport.scalarLike("Pow", 0L, a);
            Tensor positive = greater(a, zero);
            Tensor safeA = where(positive, a, OpSupport.scalarLike("Pow", 1L, a));
            Tensor logA = where(positive, log(safeA), zero);
            gb = sumToShape(multiply(g, multiply(n.output(), logA)), b.shape());
        }
        return new Tensor[] {ga, gb};
    });

    // NOTE: ties send the gradient to the first input, as TensorFlow's Maximum/Minimum gradients do.
    static final OpDef MAXIMUM = OpDef.of("Maximum", binaryKernel(BinaryOp.MAXIMUM),
            (n, g, need) -> selectGrad(greaterEqual(n.input(0), n.input(1)), n, g, need));

    static final OpDef MINIMUM = OpDef.of("Minimum", binaryKernel(BinaryOp.MINIMUM),
            (n, g, need) -> selectGrad(lessEqual(n.input(0), n.input(1)), n, g, need));

    private static Tensor[] selectGrad(Tensor firstWins, org.tapedeck.engine.autograd.TapeNode n, Tensor g, boolean[] need) {
        Tensor zeros = ArrayOps.zerosLike(g);
        return new Tensor[] {
            need[0] ? sumToShape(where(firstWins, g, zeros), n.input(0).shape()) : null,
            need[1] ? sumToShape(where(firstWins, zeros, g), n.input(1).shape()) : null};
    }

    private static final Map<BinaryOp, OpDef> COMPARISONS = new EnumMap<>(BinaryOp.class);

    static {
        for (BinaryOp op : BinaryOp.values()) {
            if (op.isComparison()) COMPARISONS.put(op, OpDef.notDifferentiable(op.opName(), binaryKernel(op)));
        }
    }

    public static Tensor add(Tensor a, Tensor b) { return Exec.run(ADD, Attrs.EMPTY, a, b); }

    public static Tensor subtract(Tensor a, Tensor b) { return Exec.run(SUB, Attrs.EMPTY, a, b); }

    public static Tensor multiply(Tensor a, Tensor b) { return Exec.run(MUL, Attrs.EMPTY, a, b); }

    /**
     * True division. Integer inputs are cast first, as TensorFlow's {@code truediv} does: uint8 to
     * float32, int32 and int64 to float64.
     */
    public static Tensor divide(Tensor a, Tensor b) {
        requireSameDType("RealDiv", a, b);
        requireNumeric("RealDiv", a);
        if (!a.dtype().isFloating()) {
            DType to = a.dtype() == DType.UINT8 ? DType.FLOAT32 : DType.FLOAT64;
            a = cast(a, to);
            b = cast(b, to);
        }
        return Exec.run(DIV, Attrs.EMPTY, a, b);
    }

    public static Tensor floorDiv(Tensor a, Tensor b) { return Exec.run(FLOOR_DIV, Attrs.EMPTY, a, b); }

    public static Tensor floorMod(Tensor a, Tensor b) { return Exec.run(FLOOR_MOD, Attrs.EMPTY, a, b); }

    public static Tensor pow(Tensor a, Tensor b) { return Exec.run(POW, Attrs.EMPTY, a, b); }

    public static Tensor maximum(Tensor a, Tensor b) { return Exec.run(MAXIMUM, Attrs.EMPTY, a, b); }

    public static Tensor minimum(Tensor a, Tensor b) { return Exec.run(MINIMUM, Attrs.EMPTY, a, b); }

    public static Tensor compare(BinaryOp op, Tensor a, Tensor b) {
        OpDef def = COMPARISONS.get(op);
        if (def == null) throw new IllegalArgumentException(op + " is not a comparison");
        return Exec.run(def, Attrs.EMPTY, a, b);
    }

    public static Tensor equal(Tensor a, Tensor b) { return compare(BinaryOp.EQUAL, a, b); }

    public static Tensor notEqual(Tensor a, Tensor b) { return compare(BinaryOp.NOT_EQUAL, a, b); }

    public static Tensor less(Tensor a, Tensor b) { return compare(BinaryOp.LESS, a, b); }

    public static Tensor lessEqual(Tensor a, Tensor b) { return compare(BinaryOp.LESS_EQUAL, a, b); }

    public static Tensor greater(Tensor a, Tensor b) { return compare(BinaryOp.GREATER, a, b); }

    public static Tensor greaterEqual(Tensor a, Tensor b) { return compare(BinaryOp.GREATER_EQUAL, a, b); }

    // ---- unary ----------------------------------------------------------------------------------

    private static Kernel unaryKernel(UnaryOp op) {
        return (backend, in, attrs) -> {
            Tensor x = in[0];
            if (op.acceptsIntegers()) requireNumeric(op.opName(), x);
            else requireFloating(op.opName(), x);
            return backend.unary(op, x);
        };
    }

    static final OpDef NEG = OpDef.of("Neg", unaryKernel(UnaryOp.NEG),
            (n, g, need) -> new Tensor[] {negative(g)});

    static final OpDef ABS = OpDef.of("Abs", unaryKernel(UnaryOp.ABS),
            (n, g, need) -> new Tensor[] {multiply(g, sign(n.input(0)))});

    static final OpDef SIGN = OpDef.of("Sign", unaryKernel(UnaryOp.SIGN),
            (n, g, need) -> new Tensor[] {ArrayOps.zerosLike(g)});

    // NOTE: the gradient at exactly 0 is 0, as in TensorFlow and PyTorch. As TensorFlow, it is one
    // op on the output (y > 0 exactly where x > 0, NaN included neither way).
    static final OpDef RELU = OpDef.of("Relu", unaryKernel(UnaryOp.RELU),
            (n, g, need) -> new Tensor[] {reluGrad(g, n.output())});

    // ReluGrad is linear in the gradients, with the same mask: its own gradient is ReluGrad of the
    // upstream gradient with the same features. The features only pick; they get no gradient.
    // NOTE: a select, not TensorFlow's product with a 0/1 mask (cwise relu_op_functor.h), so that a
    // NaN or infinite gradient stays out where the feature is not positive, as PyTorch's
    // threshold_backward.
    static final OpDef RELU_GRAD = OpDef.of("ReluGrad", (backend, in, attrs) -> {
        Tensor g = in[0];
        Tensor f = in[1];
        requireSameDType("ReluGrad", g, f);
        requireNumeric("ReluGrad", g);
        if (!g.shape().equals(f.shape())) {
            throw new InvalidArgumentException("ReluGrad: gradients and features must have the same shape, got "
                    + g.shape() + " and " + f.shape());
        }
        return backend.reluGrad(g, f);
    }, (n, g, need) -> new Tensor[] {need[0] ? reluGrad(g, n.input(1)) : null, null});

    // d sqrt(x) = 1 / (2 sqrt(x))
    static final OpDef SQRT = OpDef.of("Sqrt", unaryKernel(UnaryOp.SQRT),
            (n, g, need) -> new Tensor[] {divide(g, multiply(n.output(), OpSupport.scalarLike("Sqrt", 2L, n.output())))});

    static final OpDef EXP = OpDef.of("Exp", unaryKernel(UnaryOp.EXP),
            (n, g, need) -> new Tensor[] {multiply(g, n.output())});

    static final OpDef LOG = OpDef.of("Log", unaryKernel(UnaryOp.LOG),
            (n, g, need) -> new Tensor[] {divide(g, n.input(0))});

    // d tanh = 1 - tanh^2
    static final OpDef TANH = OpDef.of("Tanh", unaryKernel(UnaryOp.TANH), (n, g, need) -> {
        Tensor y = n.output();
        return new Tensor[] {multiply(g, subtract(OpSupport.scalarLike("Tanh", 1L, y), multiply(y, y)))};
    });

    // d sigmoid = s (1 - s)
    static final OpDef SIGMOID = OpDef.of("Sigmoid", unaryKernel(UnaryOp.SIGMOID), (n, g, need) -> {
        Tensor y = n.output();
        return new Tensor[] {multiply(g, multiply(y, subtract(OpSupport.scalarLike("Sigmoid", 1L, y), y)))};
    });

    public static Tensor negative(Tensor x) { return Exec.run(NEG, Attrs.EMPTY, x); }

    public static Tensor abs(Tensor x) { return Exec.run(ABS, Attrs.EMPTY, x); }

    public static Tensor sign(Tensor x) { return Exec.run(SIGN, Attrs.EMPTY, x); }

    public static Tensor relu(Tensor x) { return Exec.run(RELU, Attrs.EMPTY, x); }

    /** TensorFlow's {@code ReluGrad}: {@code gradients} where {@code features > 0}, else 0. */
    public static Tensor reluGrad(Tensor gradients, Tensor features) { return Exec.run(RELU_GRAD, Attrs.EMPTY, gradients, features); }

    public static Tensor sqrt(Tensor x) { return Exec.run(SQRT, Attrs.EMPTY, x); }

    public static Tensor exp(Tensor x) { return Exec.run(EXP, Attrs.EMPTY, x); }

    public static Tensor log(Tensor x) { return Exec.run(LOG, Attrs.EMPTY, x); }

    public static Tensor tanh(Tensor x) { return Exec.run(TANH, Attrs.EMPTY, x); }

    public static Tensor sigmoid(Tensor x) { return Exec.run(SIGMOID, Attrs.EMPTY, x); }

    /** {@code x * x}. */
    public static Tensor square(Tensor x) { return multiply(x, x); }

    // ---- selection and conversion -----------------------------------------------------------

    // The condition gets no gradient; each branch gets the gradient where it was chosen.
    static final OpDef WHERE = OpDef.of("SelectV2", (backend, in, attrs) -> {
        Tensor c = in[0];
        if (!c.dtype().isBool()) {
            throw new InvalidArgumentException("SelectV2: the condition must be bool, got " + c.dtype() + " of shape " + c.shape());
        }
        requireSameDType("SelectV2", in[1], in[2]);
        Shape out = broadcastShapes("SelectV2", broadcastShapes("SelectV2", c.shape(), in[1].shape()), in[2].shape());
        return backend.where(c, in[1], in[2], out);
    }, (n, g, need) -> {
        Tensor c = n.input(0);
        Tensor zeros = ArrayOps.zerosLike(g);
        return new Tensor[] {
            null,
            need[1] ? sumToShape(where(c, g, zeros), n.input(1).shape()) : null,
            need[2] ? sumToShape(where(c, zeros, g), n.input(2).shape()) : null};
    });

    /** {@code cond ? a : b}, elementwise with broadcasting (TensorFlow's {@code where} with three arguments). */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return Exec.run(WHERE, Attrs.EMPTY, cond, a, b); }

    // Casting between floating types passes the gradient back in the input's dtype; casts from or
    // to integers are not differentiable.
    static final OpDef CAST = OpDef.of("Cast",
            (backend, in, attrs) -> backend.cast(in[0], DType.of((String) attrs.get("DstT"))),
            (n, g, need) -> new Tensor[] {n.input(0).dtype().isFloating() ? cast(g, n.input(0).dtype()) : null});

    public static Tensor cast(Tensor x, DType dtype) {
        if (x.dtype() == dtype) return x;
        return Exec.run(CAST, Attrs.of("SrcT", x.dtype().tfName(), "DstT", dtype.tfName()), x);
    }
}
