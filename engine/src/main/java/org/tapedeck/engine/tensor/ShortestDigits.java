package org.tapedeck.engine.tensor;

import java.math.BigInteger;

/**
 * The decimal digits NumPy prints for a finite float32 or float64 value: the shortest digit
 * string that still identifies the value among its neighbours of the same type (the "unique"
 * mode of NumPy's Dragon4), optionally cut off after a maximum number of digits or extended to
 * a minimum number of digits. Exact: all arithmetic is on big integers.
 *
 * <p>The result is a digit string {@code d1 d2 ... dn} (no leading zeros, except the single
 * {@code "0"} of a zero value or of a value rounded away at a fraction cutoff) and the decimal
 * exponent of {@code d1}: the value is about {@code d1.d2...dn × 10^exponent}.
 *
 * <pre>{@code
 * ShortestDigits d = ShortestDigits.of(0.1f, true, ShortestDigits.Cutoff.TOTAL, -1, -1);
 * d.digits();    // "1"   (Float.toString gives the same here, but is not always shortest on Java 17)
 * d.exponent();  // -1
 * }</pre>
 *
 * <p>This is the classic Steele &amp; White / Burger &amp; Dybvig free-format algorithm with the
 * choices NumPy's Dragon4 makes: the interval of values that round to the input includes its
 * end points when the significand is even (IEEE round-half-even reading), digits stop as soon as
 * the prefix is inside that interval, and the last digit is rounded to nearest, ties to an even
 * digit.
 */
final class ShortestDigits {

    /** What {@code maxDigits} and {@code minDigits} count. */
    enum Cutoff {
        /** Significant digits (NumPy's scientific notation, and positional with fractional=False). */
        TOTAL,
        /** Digits after the decimal point (NumPy's positional notation with fractional=True). */
        FRACTION
    }

    private static final double LOG10_2 = 0.30102999566398119521;

    private final String digits;
    private final int exponent;

    private ShortestDigits(String digits, int exponent) {
        this.digits = digits;
        this.exponent = exponent;
    }

    /** The digits, most significant first. */
    String digits() { return digits; }

    /** The power of ten of the first digit. */
    int exponent() { return exponent; }

    /**
     * Digits of {@code |value|}.
     *
     * @param value     a finite value; for float32 data it must be a float widened to double
     * @param float32   whether to find the digits that identify the value among float32 values
     *                  (rather than among doubles)
     * @param cutoff    what the two limits count
     * @param maxDigits stop after this many digits, rounding the last one; {@code -1}: no limit
     * @param minDigits go on to at least this many digits even when fewer identify the value,
     *                  rounding the last one; {@code -1}: none
     */
    static ShortestDigits of(double value, boolean float32, Cutoff cutoff, int maxDigits, int minDigits) {
        if (!Double.isFinite(value)) throw new IllegalArgumentException("not finite: " + value);
        long mantissa;
        int exp2;
        boolean unequalMargins;
        if (float32) {
            int bits = Float.floatToRawIntBits((float) value);
            int biased = (bits >>> 23) & 0xFF;
            int fraction = bits & 0x7FFFFF;
            mantissa = biased == 0 ? fraction : (fraction | (1 << 23));
            exp2 = (biased == 0 ? 1 : biased) - 127 - 23;
            unequalMargins = biased > 1 && fraction == 0;
        } else {
            long bits = Double.doubleToRawLongBits(value);
            int biased = (int) ((bits >>> 52) & 0x7FF);
            long fraction = bits & 0xFFFFFFFFFFFFFL;
            mantissa = biased == 0 ? fraction : (fraction | (1L << 52));
            exp2 = (biased == 0 ? 1 : biased) - 1023 - 52;
            unequalMargins = biased > 1 && fraction == 0;
        }
        return generate(mantissa, exp2, unequalMargins, cutoff, maxDigits, minDigits);
    }

    /**
     * Digits of {@code mantissa × 2^exp2}. {@code unequalMargins}: the value is a power of two
     * whose lower neighbour is only half as far away as its upper one.
     */
    private static ShortestDigits generate(long mantissa, int exp2, boolean unequalMargins,
                                           Cutoff cutoff, int maxDigits, int minDigits) {
        if (mantissa == 0) return new ShortestDigits("0", 0);

        // value = r / s; the values that read back as this one lie within (r - mLow, r + mHigh) / s
        // (end points included when the mantissa is even). Everything is scaled by 4 so that the
        // half-gaps to both neighbours are integers.
        BigInteger m = BigInteger.valueOf(mantissa);
        BigInteger r;
        BigInteger s;
        BigInteger mHigh;
        if (exp2 >= 0) {
            r = m.shiftLeft(exp2 + 2);
            s = BigInteger.valueOf(4);
            mHigh = BigInteger.ONE.shiftLeft(exp2 + 1);
        } else {
            r = m.shiftLeft(2);
            s = BigInteger.ONE.shiftLeft(2 - exp2);
            mHigh = BigInteger.TWO;
        }
        BigInteger mLow = unequalMargins ? mHigh.shiftRight(1) : mHigh;
        boolean even = (mantissa & 1) == 0;

        // k: the smallest power of ten above the value (value < 10^k <= 10 * value).
        int k = (int) Math.ceil((63 - Long.numberOfLeadingZeros(mantissa) + exp2) * LOG10_2);
        while (compareScaled(r, s, k) >= 0) k++;
        while (compareScaled(r, s, k - 1) < 0) k--;
        if (cutoff == Cutoff.FRACTION && maxDigits >= 0 && k <= -maxDigits) {
            // NOTE: a value below the last fraction digit starts at that digit (so it can still
            // round up to it), like NumPy's Dragon4 does; it comes out as "0" or "1".
            k = -maxDigits + 1;
        }
        if (k >= 0) {
            s = s.multiply(BigInteger.TEN.pow(k));
        } else {
            BigInteger scale = BigInteger.TEN.pow(-k);
            r = r.multiply(scale);
            mLow = mLow.multiply(scale);
            mHigh = mHigh.multiply(scale);
        }

        int lastAllowed = Integer.MIN_VALUE;  // exponent of the last digit we may print
        if (maxDigits >= 0) lastAllowed = cutoff == Cutoff.TOTAL ? k - maxDigits : -maxDigits;
        int lastRequired = k;                 // exponent down to which we must print
        if (minDigits >= 0) lastRequired = Math.min(k, cutoff == Cutoff.TOTAL ? k - minDigits : -minDigits);

        StringBuilder out = new StringBuilder();
        int exp = k;
        int digit;
        boolean low;
        boolean high;
        while (true) {
            exp--;
            r = r.multiply(BigInteger.TEN);
            mLow = mLow.multiply(BigInteger.TEN);
            mHigh = mHigh.multiply(BigInteger.TEN);
            BigInteger[] qr = r.divideAndRemainder(s);
            digit = qr[0].intValue();
            r = qr[1];
            // low: the digits so far (rounded down) already identify the value;
            // high: the digits so far rounded up identify it.
            int cmpLow = r.compareTo(mLow);
            low = even ? cmpLow <= 0 : cmpLow < 0;
            int cmpHigh = r.add(mHigh).compareTo(s);
            high = even ? cmpHigh >= 0 : cmpHigh > 0;
            if (((low || high) && exp <= lastRequired) || exp == lastAllowed) break;
            out.append((char) ('0' + digit));
        }

        boolean roundDown = low;
        if (low == high) {
            // both (or neither) directions allowed: round to nearest, ties to an even digit
            int half = r.shiftLeft(1).compareTo(s);
            roundDown = half < 0 || (half == 0 && digit % 2 == 0);
        }
        int firstExponent = k - 1;
        if (roundDown) {
            out.append((char) ('0' + digit));
        } else if (digit < 9) {
            out.append((char) ('0' + digit + 1));
        } else {
            // carry: drop trailing nines and increment the digit before them
            int i = out.length() - 1;
            while (i >= 0 && out.charAt(i) == '9') i--;
            if (i < 0) {
                out.setLength(0);
                out.append('1');
                firstExponent++;
            } else {
                out.setLength(i + 1);
                out.setCharAt(i, (char) (out.charAt(i) + 1));
            }
        }
        return new ShortestDigits(out.toString(), firstExponent);
    }

    /** Compares {@code r / s} with {@code 10^k}. */
    private static int compareScaled(BigInteger r, BigInteger s, int k) {
        if (k >= 0) return r.compareTo(s.multiply(BigInteger.TEN.pow(k)));
        return r.multiply(BigInteger.TEN.pow(-k)).compareTo(s);
    }

    @Override
    public String toString() { return "0." + digits + "e" + (exponent + 1); }
}
