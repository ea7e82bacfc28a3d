package org.tapedeck.engine.backend;

import java.util.function.LongUnaryOperator;

import org.tapedeck.engine.errors.InvalidArgumentException;

/**
 * Elementwise primitives of one argument. Each defines its value for floating types (computed in
 * double, rounded to the output dtype) and, where it applies to integers, for integer types.
 */
public enum UnaryOp {
    NEG("Neg", x -> -x) {
        @Override public double apply(double x) { return -x; }
    },
    ABS("Abs", Math::abs) {
        @Override public double apply(double x) { return Math.abs(x); }
    },
    SIGN("Sign", Long::signum) {
        @Override public double apply(double x) { return Double.isNaN(x) ? x : Math.signum(x); }
    },
    RELU("Relu", x -> Math.max(x, 0)) {
        // NOTE: NaN stays NaN, as in TensorFlow (max(NaN, 0) would hide it).
        @Override public double apply(double x) { return x > 0 || Double.isNaN(x) ? x : 0.0; }
    },
    SQRT("Sqrt", null) {
        @Override public double apply(double x) { return Math.sqrt(x); }
    },
    EXP("Exp", null) {
        @Override public double apply(double x) { return Math.exp(x); }
    },
    LOG("Log", null) {
        @Override public double apply(double x) { return Math.log(x); }
    },
    TANH("Tanh", null) {
        @Override public double apply(double x) { return Math.tanh(x); }
    },
    SIGMOID("Sigmoid", null) {
        // NOTE: both branches avoid exp of a large positive number, so neither overflows.
        @Override public double apply(double x) {
            if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
            double e = Math.exp(x);
            return e / (1.0 + e);
        }
    };

    private final String opName;
    private final LongUnaryOperator integerForm;

    /** @param integerForm the op on integers (wrapping as Java's long arithmetic), or null when it has none */
    UnaryOp(String opName, LongUnaryOperator integerForm) {
        this.opName = opName;
        this.integerForm = integerForm;
    }

    /** TensorFlow's op name, e.g. {@code Sqrt}. */
    public String opName() { return opName; }

    /** Whether the op is defined for integer dtypes. */
    public boolean acceptsIntegers() { return integerForm != null; }

    public abstract double apply(double x);

    /** The op on an integer; an error naming the op for ops that have no integer form (sqrt, exp, ...). */
    public long apply(long x) {
        if (integerForm == null) {
            throw new InvalidArgumentException(opName + ": not defined for integer tensors; cast to float32 or float64 first");
        }
        return integerForm.applyAsLong(x);
    }
}
