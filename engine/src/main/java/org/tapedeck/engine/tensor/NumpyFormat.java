package org.tapedeck.engine.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;

import org.tapedeck.engine.errors.InvalidArgumentException;

/**
 * Prints arrays exactly as NumPy's {@code str(array)} does under its default print options
 * (NumPy 1.24: threshold 1000, edgeitems 3, linewidth 75, precision 8, floatmode 'maxprec',
 * suppress off, sign '-', "nan" and "inf").
 *
 * <pre>{@code
 * NumpyFormat.str(DType.FLOAT32, new int[] {2, 2}, new float[] {1f, 0.5f, -2f, 0.1f});
 * // "[[ 1.   0.5]\n [-2.   0.1]]"
 * NumpyFormat.str(DType.INT32, new int[] {3}, new int[] {1, -20, 300});
 * // "[  1 -20 300]"
 * NumpyFormat.str(DType.FLOAT64, new int[0], new double[] {4.0});
 * // "4.0"
 * }</pre>
 *
 * <p>The rules, in brief:
 * <ul>
 *   <li>A 0-d array prints as its scalar: {@code 4.0}, {@code 1e-05}, {@code 4}, {@code True}.
 *   <li>An array with no elements prints as {@code []}, whatever its shape.
 *   <li>All elements share one format and width: integers are right-aligned to the widest of
 *       the minimum and maximum; booleans are {@code " True"}/{@code "False"}; floats use the
 *       shortest digits that identify each value in its own dtype (at most 8 after the point),
 *       in scientific notation for the whole array when its non-zero magnitudes reach 1e8, fall
 *       below 1e-4 or span more than a factor 1000.
 *   <li>Rows wrap at 75 characters; nested axes are separated by one newline per remaining
 *       axis beyond the innermost one (so 2-D blocks of a 3-D array have a blank line between).
 *   <li>Arrays with more than 1000 elements show only the first and last 3 items of every
 *       axis longer than 6, with {@code ...} between; only the shown items decide the format.
 * </ul>
 */
public final class NumpyFormat {
    /** Arrays with more elements than this are summarised. */
    static final int THRESHOLD = 1000;
    /** Items shown at each end of a summarised axis. */
    static final int EDGE_ITEMS = 3;
    /** Maximum line length. */
    static final int LINE_WIDTH = 75;

    private NumpyFormat() {}

    /**
     * What NumPy's {@code str(array)} prints for this array (default print options).
     *
     * <pre>{@code
     * NumpyFormat.str(DType.BOOL, new int[] {2}, new byte[] {1, 0});   // "[ True False]"
     * NumpyFormat.str(DType.FLOAT64, new int[] {2, 0}, new double[0]); // "[]"
     * }</pre>
     *
     * @param dtype the element type
     * @param shape the dimensions; empty for a scalar (0-d array)
     * @param flat  the elements in row-major order: {@code float[]} for FLOAT32,
     *              {@code double[]} for FLOAT64, {@code int[]} for INT32, {@code long[]} for
     *              INT64, {@code byte[]} for UINT8 (read as 0..255) and for BOOL (0 is False,
     *              anything else True)
     * @throws InvalidArgumentException if {@code flat} is not the array type of {@code dtype},
     *                                  or its length is not the number of elements of {@code shape}
     */
    public static String str(DType dtype, int[] shape, Object flat) {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(flat, "flat");
        int size = checkedSize(dtype, shape, flat);
        if (shape.length == 0) return scalarString(dtype, flat);
        if (size == 0) return "[]";
        Layout layout = new Layout(shape.clone(), size > THRESHOLD);
        IntFunction<String> format = elementFormat(dtype, flat, layout.shownIndices());
        return layout.render(format);
    }

    private static int checkedSize(DType dtype, int[] shape, Object flat) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) throw new InvalidArgumentException("negative dimension in shape " + Arrays.toString(shape));
            size *= d;
            if (size > Integer.MAX_VALUE) throw new InvalidArgumentException("too many elements in shape " + Arrays.toString(shape));
        }
        int length = switch (dtype) {
            case FLOAT32 -> flat instanceof float[] a ? a.length : -1;
            case FLOAT64 -> flat instanceof double[] a ? a.length : -1;
            case INT32 -> flat instanceof int[] a ? a.length : -1;
            case INT64 -> flat instanceof long[] a ? a.length : -1;
            case UINT8, BOOL -> flat instanceof byte[] a ? a.length : -1;
        };
        if (length < 0) {
            throw new InvalidArgumentException("elements of a " + dtype + " array must be given as "
                    + javaArrayName(dtype) + ", got " + flat.getClass().getSimpleName());
        }
        if (length != size) {
            throw new InvalidArgumentException("shape " + Arrays.toString(shape) + " has " + size
                    + " elements but " + length + " were given");
        }
        return (int) size;
    }

    private static String javaArrayName(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "float[]";
            case FLOAT64 -> "double[]";
            case INT32 -> "int[]";
            case INT64 -> "long[]";
            case UINT8, BOOL -> "byte[]";
        };
    }

    /** str() of a 0-d array: NumPy prints the scalar itself. */
    private static String scalarString(DType dtype, Object flat) {
        return switch (dtype) {
            case FLOAT32 -> FloatArrayFormat.scalarString(((float[]) flat)[0], true);
            case FLOAT64 -> FloatArrayFormat.scalarString(((double[]) flat)[0], false);
            case INT32 -> Integer.toString(((int[]) flat)[0]);
            case INT64 -> Long.toString(((long[]) flat)[0]);
            case UINT8 -> Integer.toString(((byte[]) flat)[0] & 0xFF);
            // NOTE: only a 0-d bool prints "True" without the aligning space
            case BOOL -> ((byte[]) flat)[0] != 0 ? "True" : "False";
        };
    }

    /** The formatter of one element by flat index, fitted to the elements that will be shown. */
    private static IntFunction<String> elementFormat(DType dtype, Object flat, int[] shown) {
        switch (dtype) {
            case FLOAT32: {
                float[] a = (float[]) flat;
                double[] values = new double[shown.length];
                for (int i = 0; i < shown.length; i++) values[i] = a[shown[i]];
                FloatArrayFormat f = new FloatArrayFormat(values, true);
                return i -> f.format(a[i]);
            }
            case FLOAT64: {
                double[] a = (double[]) flat;
                double[] values = new double[shown.length];
                for (int i = 0; i < shown.length; i++) values[i] = a[shown[i]];
                FloatArrayFormat f = new FloatArrayFormat(values, false);
                return i -> f.format(a[i]);
            }
            case INT32: {
                int[] a = (int[]) flat;
                return integerFormat(i -> a[i], shown);
            }
            case INT64: {
                long[] a = (long[]) flat;
                return integerFormat(i -> a[i], shown);
            }
            case UINT8: {
                byte[] a = (byte[]) flat;
                return integerFormat(i -> a[i] & 0xFF, shown);
            }
            case BOOL: {
                byte[] a = (byte[]) flat;
                return i -> a[i] != 0 ? " True" : "False";
            }
            default:
                throw new AssertionError(dtype);
        }
    }

    /** Integers right-aligned to the width of the longer of the shown minimum and maximum. */
    private static IntFunction<String> integerFormat(IntToLongFunction value, int[] shown) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i : shown) {
            long v = value.applyAsLong(i);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        int width = Math.max(Long.toString(min).length(), Long.toString(max).length());
        return i -> {
            String s = Long.toString(value.applyAsLong(i));
            return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
        };
    }

    /**
     * NumPy's {@code _formatArray}: brackets, separators, line wrapping and summarisation of a
     * non-empty array of rank >= 1.
     */
    private static final class Layout {
        private static final String SUMMARY = "...";

        private final int[] shape;
        private final int[] strides;
        private final boolean summarise;

        Layout(int[] shape, boolean summarise) {
            this.shape = shape;
            this.summarise = summarise;
            this.strides = new int[shape.length];
            int stride = 1;
            for (int axis = shape.length - 1; axis >= 0; axis--) {
                strides[axis] = stride;
                stride *= shape[axis];
            }
        }

        /** Indices along {@code axis} that are printed; -1 marks the "..." gap. */
        private int[] items(int axis) {
            int n = shape[axis];
            if (summarise && n > 2 * EDGE_ITEMS) {
                int[] items = new int[2 * EDGE_ITEMS + 1];
                for (int i = 0; i < EDGE_ITEMS; i++) {
                    items[i] = i;
                    items[EDGE_ITEMS + 1 + i] = n - EDGE_ITEMS + i;
                }
                items[EDGE_ITEMS] = -1;
                return items;
            }
            int[] items = new int[n];
            for (int i = 0; i < n; i++) items[i] = i;
            return items;
        }

        /** Flat indices of every printed element, in order. */
        int[] shownIndices() {
            List<Integer> out = new ArrayList<>();
            collect(0, 0, out);
            return out.stream().mapToInt(Integer::intValue).toArray();
        }

        private void collect(int axis, int offset, List<Integer> out) {
            if (axis == shape.length) {
                out.add(offset);
                return;
            }
            for (int i : items(axis)) {
                if (i >= 0) collect(axis + 1, offset + i * strides[axis], out);
            }
        }

        String render(IntFunction<String> format) {
            return block(0, 0, " ", LINE_WIDTH, format);
        }

        /**
         * The bracketed text of the sub-array at {@code offset} spanning axes {@code axis..}.
         * Continuation lines start with {@code indent}; {@code width} is the room left on a line
         * for this sub-array including its closing bracket.
         */
        private String block(int axis, int offset, String indent, int width, IntFunction<String> format) {
            StringBuilder s = new StringBuilder();
            int[] items = items(axis);
            if (axis == shape.length - 1) {
                // NOTE: a row keeps one column free for its closing "]" (or the brackets of the
                // enclosing axes, via the shrinking width), and never wraps before its first word.
                int wordWidth = width - 1;
                StringBuilder line = new StringBuilder(indent);
                for (int k = 0; k < items.length; k++) {
                    String word = items[k] < 0 ? SUMMARY : format.apply(offset + items[k] * strides[axis]);
                    if (line.length() + word.length() > wordWidth && line.length() > indent.length()) {
                        s.append(stripTrailing(line)).append('\n');
                        line.setLength(0);
                        line.append(indent);
                    }
                    line.append(word);
                    if (k < items.length - 1) line.append(' ');
                }
                s.append(line);
            } else {
                // one newline per axis still below this one: 2-D blocks get a blank line between them
                String separator = "\n".repeat(shape.length - axis - 1);
                for (int k = 0; k < items.length; k++) {
                    s.append(indent);
                    if (items[k] < 0) {
                        s.append(SUMMARY);
                    } else {
                        s.append(block(axis + 1, offset + items[k] * strides[axis], indent + " ", width - 1, format));
                    }
                    if (k < items.length - 1) s.append(separator);
                }
            }
            return "[" + s.substring(indent.length()) + "]";
        }

        private static String stripTrailing(CharSequence line) {
            int end = line.length();
            while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) end--;
            return line.subSequence(0, end).toString();
        }
    }
}
