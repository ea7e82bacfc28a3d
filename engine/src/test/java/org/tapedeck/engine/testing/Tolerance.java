package org.tapedeck.engine.testing;

/**
 * How close a floating result must be to its reference: {@code |actual - expected| <= atol + rtol *
 * |expected|}, NaN only equal to NaN and infinities exact.
 *
 * <pre>{@code
 * Tolerance.of(1e-6, 1e-6).accepts(1.0, 1.0000005, false);  // true
 * }</pre>
 */
public record Tolerance(double rtol, double atol) {

    public static Tolerance of(double rtol, double atol) { return new Tolerance(rtol, atol); }

    public boolean accepts(double expected, double actual, boolean signedZeros) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) return Double.isNaN(expected) && Double.isNaN(actual);
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) return expected == actual;
        if (signedZeros && expected == 0) {
            return actual == 0 && (Double.doubleToRawLongBits(expected) < 0) == (Double.doubleToRawLongBits(actual) < 0);
        }
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }

    @Override
    public String toString() { return "rtol " + rtol + ", atol " + atol; }
}
