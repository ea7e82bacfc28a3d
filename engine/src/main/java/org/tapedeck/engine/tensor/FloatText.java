package org.tapedeck.engine.tensor;

/**
 * Lays out {@link ShortestDigits} as NumPy's {@code format_float_positional} and
 * {@code format_float_scientific} do: sign, decimal point, trimming of trailing zeros and
 * padding with spaces to a column width.
 *
 * <pre>{@code
 * ShortestDigits d = ShortestDigits.of(2.5, false, ShortestDigits.Cutoff.FRACTION, 8, -1);
 * FloatText.positional(false, d, FloatText.Trim.DOT, -1, 3, 4);   // "  2.5   "
 * }</pre>
 */
final class FloatText {

    /** NumPy's {@code trim} argument: what to do with trailing zeros and the decimal point. */
    enum Trim {
        /** 'k': keep trailing zeros, and pad with zeros up to the minimum fraction digits. */
        KEEP,
        /** '.': trim trailing zeros, keep the decimal point ({@code 4.}). */
        DOT,
        /** '0': trim trailing zeros but leave one zero after the point ({@code 4.0}). */
        ONE_ZERO,
        /** '-': trim trailing zeros and the decimal point ({@code 4}). */
        DPT_ZEROS
    }

    private FloatText() {}

    /**
     * Positional notation, {@code [-]ddd.fff}.
     *
     * @param minFraction with {@link Trim#KEEP}: pad the fraction with zeros to this many digits
     * @param padLeft     pad with spaces on the left until this many characters (sign
     *                    included) stand before the decimal point; {@code -1}: no padding
     * @param padRight    pad with spaces on the right until this many characters stand after
     *                    the decimal point; {@code -1}: no padding
     */
    static String positional(boolean negative, ShortestDigits d, Trim trim, int minFraction,
                             int padLeft, int padRight) {
        String digits = d.digits();
        int e = d.exponent();
        String whole;
        String fraction;
        if (e >= 0) {
            whole = digits.length() <= e + 1 ? digits + "0".repeat(e + 1 - digits.length()) : digits.substring(0, e + 1);
            fraction = digits.length() <= e + 1 ? "" : digits.substring(e + 1);
        } else {
            whole = "0";
            fraction = "0".repeat(-e - 1) + digits;
        }
        Fraction f = trimFraction(fraction, trim, minFraction);

        StringBuilder out = new StringBuilder();
        int leftWidth = (negative ? 1 : 0) + whole.length();
        if (padLeft > leftWidth) out.append(" ".repeat(padLeft - leftWidth));
        if (negative) out.append('-');
        out.append(whole);
        if (f.dot) out.append('.');
        out.append(f.digits);
        if (padRight >= f.digits.length()) {
            // NOTE: where the decimal point was trimmed away, a space takes its place
            if (!f.dot) out.append(' ');
            out.append(" ".repeat(padRight - f.digits.length()));
        }
        return out.toString();
    }

    /**
     * Scientific notation, {@code [-]d.ffffe[+-]xx}.
     *
     * @param minFraction with {@link Trim#KEEP}: pad the fraction with zeros to this many digits
     * @param padLeft     pad with spaces on the left until this many characters (sign
     *                    included) stand before the decimal point; {@code -1}: no padding
     * @param expDigits   write at least this many exponent digits; {@code -1}: at least 2
     */
    static String scientific(boolean negative, ShortestDigits d, Trim trim, int minFraction,
                             int padLeft, int expDigits) {
        String digits = d.digits();
        Fraction f = trimFraction(digits.substring(1), trim, minFraction);

        StringBuilder out = new StringBuilder();
        int leftWidth = negative ? 2 : 1;
        if (padLeft > leftWidth) out.append(" ".repeat(padLeft - leftWidth));
        if (negative) out.append('-');
        out.append(digits.charAt(0));
        if (f.dot) out.append('.');
        out.append(f.digits);

        int e = d.exponent();
        String exp = Integer.toString(Math.abs(e));
        int width = expDigits < 0 ? 2 : expDigits;
        out.append('e').append(e < 0 ? '-' : '+');
        if (exp.length() < width) out.append("0".repeat(width - exp.length()));
        out.append(exp);
        return out.toString();
    }

    /** Fraction digits after trimming, and whether the decimal point stays. */
    private record Fraction(String digits, boolean dot) {}

    private static Fraction trimFraction(String fraction, Trim trim, int minFraction) {
        switch (trim) {
            case KEEP:
                if (minFraction > fraction.length()) fraction += "0".repeat(minFraction - fraction.length());
                return new Fraction(fraction, true);
            case ONE_ZERO: {
                String t = stripZeros(fraction);
                return new Fraction(t.isEmpty() ? "0" : t, true);
            }
            case DOT:
                return new Fraction(stripZeros(fraction), true);
            case DPT_ZEROS: {
                String t = stripZeros(fraction);
                return new Fraction(t, !t.isEmpty());
            }
            default:
                throw new AssertionError(trim);
        }
    }

    /** Removes trailing zeros (they only appear where rounding at a cutoff produced them). */
    private static String stripZeros(String fraction) {
        int end = fraction.length();
        while (end > 0 && fraction.charAt(end - 1) == '0') end--;
        return fraction.substring(0, end);
    }
}
