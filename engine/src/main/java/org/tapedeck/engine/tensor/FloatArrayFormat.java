package org.tapedeck.engine.tensor;

import org.tapedeck.engine.tensor.FloatText.Trim;
import org.tapedeck.engine.tensor.ShortestDigits.Cutoff;

/**
 * One float column format for a whole array, chosen as NumPy's {@code FloatingFormat} chooses it
 * under the default print options (precision 8, floatmode 'maxprec', suppress off, sign '-'):
 * positional or scientific notation for every element, and one common width.
 *
 * <pre>{@code
 * FloatArrayFormat f = new FloatArrayFormat(new double[] {0.5, -0.25}, false);
 * f.format(0.5);    // " 0.5 "
 * f.format(-0.25);  // "-0.25"
 * }</pre>
 */
final class FloatArrayFormat {
    /** NumPy's default {@code precision}: at most this many fraction digits. */
    static final int PRECISION = 8;

    private final boolean float32;
    private final boolean scientific;
    /** Characters before the decimal point, sign included. */
    private int padLeft;
    /** Positional: fraction digits. Scientific: everything after the point ("ffffe+xx"). */
    private int padRight;
    /** Scientific: fraction digits of every element. */
    private int fractionDigits;
    /** Scientific: exponent digits of every element. */
    private int expDigits;

    /**
     * @param shown   the elements that will be printed (for float32 data: floats widened to double)
     * @param float32 whether the data is float32
     */
    FloatArrayFormat(double[] shown, boolean float32) {
        this.float32 = float32;
        this.scientific = needsScientific(shown, float32);
        measure(shown);
    }

    /**
     * NumPy switches the whole array to scientific notation when its non-zero finite magnitudes
     * reach 1e8, go below 1e-4, or span more than a factor 1000.
     */
    private static boolean needsScientific(double[] shown, boolean float32) {
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double v : shown) {
            if (!Double.isFinite(v) || v == 0) continue;
            max = Math.max(max, Math.abs(v));
            min = Math.min(min, Math.abs(v));
        }
        if (max == Double.NEGATIVE_INFINITY) return false;
        // NOTE: NumPy divides max by min in the array's own dtype, so for float32 the ratio is
        // rounded to float32 (and may overflow to inf) before it is compared with 1000.
        double ratio = float32 ? (float) max / (float) min : max / min;
        return max >= 1e8 || min < 1e-4 || ratio > 1000.0;
    }

    /** The first pass: prints every finite element once to find the common widths. */
    private void measure(double[] shown) {
        padLeft = 0;
        padRight = 0;
        boolean anyFinite = false;
        boolean nonFinite = false;
        boolean negInf = false;
        int maxExp = 0;
        for (double v : shown) {
            if (!Double.isFinite(v)) {
                nonFinite = true;
                negInf |= v == Double.NEGATIVE_INFINITY;
                continue;
            }
            anyFinite = true;
            String s = scientific ? FloatText.scientific(isNegative(v), digits(v, Cutoff.TOTAL, PRECISION + 1, -1), Trim.DOT, -1, -1, -1)
                                  : FloatText.positional(isNegative(v), digits(v, Cutoff.FRACTION, PRECISION, -1), Trim.DOT, -1, -1, -1);
            int e = s.indexOf('e');
            String mantissa = e < 0 ? s : s.substring(0, e);
            int dot = mantissa.indexOf('.');
            padLeft = Math.max(padLeft, dot);
            if (scientific) {
                fractionDigits = Math.max(fractionDigits, mantissa.length() - dot - 1);
                maxExp = Math.max(maxExp, s.length() - e - 2);  // digits after "e+" / "e-"
            } else {
                padRight = Math.max(padRight, mantissa.length() - dot - 1);
            }
        }
        if (scientific && anyFinite) {
            expDigits = maxExp;
            padRight = expDigits + 2 + fractionDigits;
        }
        if (nonFinite) {
            // "nan", "inf", "-inf" must fit in the column: widen the part before the point
            int offset = padRight + 1;
            padLeft = Math.max(padLeft, Math.max(3 - offset, 3 + (negInf ? 1 : 0) - offset));
        }
    }

    /** One element, padded to the common width. */
    String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            String word = Double.isNaN(v) ? "nan" : v < 0 ? "-inf" : "inf";
            int width = padLeft + padRight + 1;
            return " ".repeat(Math.max(0, width - word.length())) + word;
        }
        if (scientific) {
            // NOTE: with floatmode 'maxprec' every element gets the same number of fraction
            // digits in scientific notation: an element that needs fewer is printed with more
            // true digits (3e-5 as float32 becomes 2.9999999e-05), not padded with zeros.
            ShortestDigits d = digits(v, Cutoff.TOTAL, fractionDigits + 1, fractionDigits + 1);
            return FloatText.scientific(isNegative(v), d, Trim.KEEP, fractionDigits, padLeft, expDigits);
        }
        // NOTE: min_digits=0 here (unlike the first pass) makes every integer digit exact:
        // float32 67108872 prints "67108872." although its shortest repr is 67108870.
        ShortestDigits d = digits(v, Cutoff.FRACTION, PRECISION, 0);
        return FloatText.positional(isNegative(v), d, Trim.DOT, -1, padLeft, padRight);
    }

    private ShortestDigits digits(double v, Cutoff cutoff, int maxDigits, int minDigits) {
        return ShortestDigits.of(v, float32, cutoff, maxDigits, minDigits);
    }

    /** NumPy's str() of a float32 or float64 scalar (which is also str() of a 0-d array). */
    static String scalarString(double v, boolean float32) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v < 0 ? "-inf" : "inf";
        double abs = Math.abs(v);
        boolean negative = isNegative(v);
        if (abs == 0 || (abs < 1e16 && abs >= 1e-4)) {
            ShortestDigits d = ShortestDigits.of(v, float32, Cutoff.TOTAL, -1, -1);
            return FloatText.positional(negative, d, Trim.ONE_ZERO, -1, -1, -1);
        }
        ShortestDigits d = ShortestDigits.of(v, float32, Cutoff.TOTAL, -1, -1);
        return FloatText.scientific(negative, d, Trim.DPT_ZEROS, -1, -1, -1);
    }

    /** Sign bit set (so -0.0 is negative). */
    private static boolean isNegative(double v) {
        return Double.doubleToRawLongBits(v) < 0;
    }
}
