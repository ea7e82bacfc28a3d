package org.tapedeck.app.ui;

import java.util.List;
import java.util.Locale;

import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** The few ways the debugger prints numbers and shapes, kept in one place so every panel agrees. */
public final class Formats {
    private Formats() {}

    /** A compact number: up to 5 significant digits, scientific when very large or small. */
    public static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-4) return String.format(Locale.ROOT, "%.3e", v);
        if (v == Math.rint(v) && a < 1e5) return String.format(Locale.ROOT, "%.0f", v);
        String s = String.format(Locale.ROOT, "%.5g", v);
        if (s.indexOf('.') >= 0 && s.indexOf('e') < 0) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** {@code (32, 10)}, {@code ()} for a scalar. */
    public static String shape(Shape s) { return s.toString(); }

    /** Shapes of several tensors: {@code (32, 784), (784, 10)}. */
    public static String shapes(List<Tensor> tensors) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : tensors) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(t == null ? "-" : t.shape().toString());
        }
        return sb.toString();
    }

    /** Bytes as {@code 12.3 MB}. */
    public static String bytes(long b) {
        if (b < 1024) return b + " B";
        if (b < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KB", b / 1024.0);
        if (b < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MB", b / (1024.0 * 1024));
        return String.format(Locale.ROOT, "%.2f GB", b / (1024.0 * 1024 * 1024));
    }
}
