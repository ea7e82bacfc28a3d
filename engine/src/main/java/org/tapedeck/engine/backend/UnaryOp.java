package org.tapedeck.engine.backend;

/**
 * Elementwise primitives of one argument. Each defines its value for floating types (computed in
 * double, rounded to the output dtype) and, where it applies to integers, for integer types.
 */
public enum UnaryOp {
    NEG("Neg", true) {
        @Override public double apply(double x) { return -x; }
        @Override public long apply(long x) { return -x; }
    },
    ABS("Abs", true) {
        @Override public double apply(double x) { return Math.abs(x); }
        @Override public long apply(long x) { return Math.abs(x); }
    },
    SIGN("Sign", true) {
        @Override public double apply(double x) { return Double.isNaN(x) ? x : Math.signum(x); }
        @Override public long apply(long x) { return Long.signum(x); }
    },
    RELU("Relu", true) {
        // NOTE: NaN stays NaN, as in TensorFlow (max(NaN, 0) would hide it).
        @Override public double apply(double x) { return x > 0 || Double.isNaN(x) ? x : 0.0; }
        @Override public long apply(long x) { return Math.max(x, 0); }
    },
    SQRT("Sqrt", false) {
        @Override public double apply(double x) { return Math.sqrt(x); }
    },
    EXP("Exp", false) {
        @Override public double apply(double x) { return Math.exp(x); }
    },
    LOG("Log", false) {
        @Override public double apply(double x) { return Math.log(x); }
    },
    TANH("Tanh", false) {
        @Override public double apply(double x) { return Math.tanh(x); }
    },
    SIGMOID("Sigmoid", false) {
        // NOTE: both branches avoid exp of a large positive number, so neither overflows.
        @Override public double apply(double x) {
            if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
            double e = Math.exp(x);
            return e / (1.0 + e);
        }
    };

    private final String opName;
    private final boolean integers;

    UnaryOp(String opName, boolean integers) {
        this.opName = opName;
        this.integers = integers;
    }

    /** TensorFlow's op name, e.g. {@code Sqrt}. */
    public String opName() { return opName; }

    /** Whether the op is defined for integer dtypes. */
    public boolean acceptsIntegers() { return integers; }

    public abstract double apply(double x);

    public long apply(long x) { throw new UnsupportedOperationException(opName + " on integers"); }
}
