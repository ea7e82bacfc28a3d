package org.tapedeck.engine.backend;

import org.tapedeck.engine.errors.InvalidArgumentException;

/**
 * Elementwise primitives of two broadcast arguments. Arithmetic ops keep the dtype; comparisons
 * produce bool. Floating types compute in double, integer types in long (then wrap to the dtype).
 */
public enum BinaryOp {
    ADD("AddV2") {
        @Override public double apply(double a, double b) { return a + b; }
        @Override public long apply(long a, long b) { return a + b; }
    },
    SUB("Sub") {
        @Override public double apply(double a, double b) { return a - b; }
        @Override public long apply(long a, long b) { return a - b; }
    },
    MUL("Mul") {
        @Override public double apply(double a, double b) { return a * b; }
        @Override public long apply(long a, long b) { return a * b; }
    },
    DIV("RealDiv") {
        @Override public double apply(double a, double b) { return a / b; }
        @Override public long apply(long a, long b) {
            throw new IllegalStateException("integer RealDiv is computed in floating point");
        }
    },
    FLOOR_DIV("FloorDiv") {
        @Override public double apply(double a, double b) { return Math.floor(a / b); }
        // NOTE: TensorFlow floors the quotient rounded to float32 (floor(x / y) in float): 1 / 0.33333334f
        // rounds to 3, where the exact quotient 2.99999991 would floor to 2.
        @Override public float apply(float a, float b) { return (float) Math.floor(a / b); }
        @Override public long apply(long a, long b) {
            if (b == 0) throw new InvalidArgumentException("FloorDiv: integer division by zero");
            return Math.floorDiv(a, b);
        }
    },
    FLOOR_MOD("FloorMod") {
        // NOTE: the result takes the sign of the divisor, as Python's % and TensorFlow's FloorMod.
        @Override public double apply(double a, double b) {
            double r = a % b;
            return r != 0 && (r < 0) != (b < 0) ? r + b : r;
        }
        @Override public long apply(long a, long b) {
            if (b == 0) throw new InvalidArgumentException("FloorMod: integer division by zero");
            return Math.floorMod(a, b);
        }
    },
    POW("Pow") {
        // NOTE: C's pow, which TensorFlow uses, gives 1 for pow(1, y) and pow(-1, +-inf), even for a NaN y;
        // Java's Math.pow gives NaN there.
        @Override public double apply(double a, double b) {
            if (a == 1.0 || (a == -1.0 && Double.isInfinite(b))) return 1.0;
            return Math.pow(a, b);
        }
        @Override public long apply(long a, long b) {
            if (b < 0) throw new InvalidArgumentException("Pow: integers to negative integer powers are not allowed");
            long result = 1;
            long base = a;
            while (b > 0) {
                if ((b & 1) != 0) result *= base;
                base *= base;
                b >>= 1;
            }
            return result;
        }
    },
    MAXIMUM("Maximum") {
        @Override public double apply(double a, double b) { return Double.isNaN(a) || a >= b ? a : b; }
        @Override public long apply(long a, long b) { return Math.max(a, b); }
    },
    MINIMUM("Minimum") {
        @Override public double apply(double a, double b) { return Double.isNaN(a) || a <= b ? a : b; }
        @Override public long apply(long a, long b) { return Math.min(a, b); }
    },
    EQUAL("Equal") {
        @Override public double apply(double a, double b) { return a == b ? 1 : 0; }
        @Override public long apply(long a, long b) { return a == b ? 1 : 0; }
    },
    NOT_EQUAL("NotEqual") {
        @Override public double apply(double a, double b) { return a != b ? 1 : 0; }
        @Override public long apply(long a, long b) { return a != b ? 1 : 0; }
    },
    LESS("Less") {
        @Override public double apply(double a, double b) { return a < b ? 1 : 0; }
        @Override public long apply(long a, long b) { return a < b ? 1 : 0; }
    },
    LESS_EQUAL("LessEqual") {
        @Override public double apply(double a, double b) { return a <= b ? 1 : 0; }
        @Override public long apply(long a, long b) { return a <= b ? 1 : 0; }
    },
    GREATER("Greater") {
        @Override public double apply(double a, double b) { return a > b ? 1 : 0; }
        @Override public long apply(long a, long b) { return a > b ? 1 : 0; }
    },
    GREATER_EQUAL("GreaterEqual") {
        @Override public double apply(double a, double b) { return a >= b ? 1 : 0; }
        @Override public long apply(long a, long b) { return a >= b ? 1 : 0; }
    };

    private final String opName;

    BinaryOp(String opName) { this.opName = opName; }

    /** TensorFlow's op name, e.g. {@code AddV2}. */
    public String opName() { return opName; }

    /** Comparisons produce bool; arithmetic keeps the input dtype. */
    public boolean isComparison() { return ordinal() >= EQUAL.ordinal(); }

    public abstract double apply(double a, double b);

    /** The float32 result: {@link #apply(double, double)} rounded, unless the op defines it in float. */
    public float apply(float a, float b) { return (float) apply((double) a, (double) b); }

    public abstract long apply(long a, long b);
}
