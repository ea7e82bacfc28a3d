package org.tapedeck.engine.ops;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Operand;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Tensors from Java values: scalars, (nested) primitive arrays, nested {@code Object[]} and lists.
 * The shape is inferred from the nesting; the dtype from the element type (float → float32,
 * double → float64, int/short → int32, long → int64, byte → uint8 read unsigned, boolean → bool).
 */
public final class Constants {
    private Constants() {}

    /**
     * A scalar of {@code like}'s dtype on {@code like}'s device, from a Java number, as TensorFlow
     * converts a Python number next to a tensor: a fractional number cannot become an integer tensor.
     */
    public static Tensor scalarLike(String op, double v, Tensor like) { return OpSupport.scalarLike(op, v, like); }

    /** A scalar of {@code like}'s dtype on {@code like}'s device, from a Java integer. */
    public static Tensor scalarLike(long v, Tensor like) { return OpSupport.scalarLike("constant", v, like); }

    /** {@code tf.constant(value)}. */
    public static Tensor constant(Object value) { return constant(value, null); }

    /** {@code tf.constant(value, dtype)}: the values converted to {@code dtype} (null: inferred). */
    public static Tensor constant(Object value, DType dtype) {
        if (value instanceof Operand o) {
            Tensor t = o.asTensor();
            return dtype == null || dtype == t.dtype() ? t : MathOps.cast(t, dtype);
        }
        if (value == null) throw new InvalidArgumentException("constant: cannot make a tensor from null");
        List<Integer> dims = new ArrayList<>();
        Class<?> leaf = inferShape(value, dims, "value");
        DType inferred = dtypeOf(leaf, value);
        DType target = dtype == null ? inferred : dtype;
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        Shape s = Shape.of(shape);
        HostBuffer h = HostBuffer.allocate(target, s.size());
        int[] pos = {0};
        fillFrom(value, h, target, pos, "value");
        return ArrayOps.placeConstant(Tensor.wrap(s, h));
    }

    /** A tensor of {@code shape} over a flat array (float[], double[], int[], long[], byte[] or boolean[]). */
    public static Tensor fromFlat(Object flat, Shape shape) {
        int n = Array.getLength(flat);
        if (n != shape.size()) {
            throw new InvalidArgumentException("constant: " + n + " values cannot fill shape " + shape + " (" + shape.size() + " elements)");
        }
        HostBuffer h;
        if (flat instanceof boolean[] b) {
            byte[] bytes = new byte[b.length];
            for (int i = 0; i < b.length; i++) bytes[i] = (byte) (b[i] ? 1 : 0);
            h = HostBuffer.wrapBytes(DType.BOOL, bytes);
        } else {
            h = HostBuffer.wrap(cloneArray(flat));
        }
        return ArrayOps.placeConstant(Tensor.wrap(shape, h));
    }

    private static Object cloneArray(Object a) {
        if (a instanceof float[] x) return x.clone();
        if (a instanceof double[] x) return x.clone();
        if (a instanceof int[] x) return x.clone();
        if (a instanceof long[] x) return x.clone();
        if (a instanceof byte[] x) return x.clone();
        throw new InvalidArgumentException("constant: unsupported flat array type " + a.getClass().getSimpleName());
    }

    private static boolean isSequence(Object v) { return v.getClass().isArray() || v instanceof List; }

    private static int length(Object v) { return v instanceof List<?> l ? l.size() : Array.getLength(v); }

    private static Object element(Object v, int i) { return v instanceof List<?> l ? l.get(i) : Array.get(v, i); }

    /** Records the dims of {@code value}, checking that every level is rectangular; returns the leaf class. */
    private static Class<?> inferShape(Object value, List<Integer> dims, String path) {
        if (!isSequence(value)) return leafClass(value, path);
        int n = length(value);
        dims.add(n);
        if (n == 0) {
            Class<?> c = value.getClass().getComponentType();
            while (c != null && c.isArray()) {
                dims.add(0);
                c = c.getComponentType();
            }
            return c == null || c == Object.class ? float.class : c;
        }
        List<Integer> firstDims = new ArrayList<>();
        Class<?> leaf = inferShape(element(value, 0), firstDims, path + "[0]");
        for (int i = 1; i < n; i++) {
            List<Integer> di = new ArrayList<>();
            Class<?> li = inferShape(element(value, i), di, path + "[" + i + "]");
            if (!di.equals(firstDims)) {
                throw new InvalidArgumentException("constant: ragged nested array: " + path + "[" + i + "] has shape "
                        + Shape.of(di.stream().mapToInt(Integer::intValue).toArray()) + " but " + path + "[0] has shape "
                        + Shape.of(firstDims.stream().mapToInt(Integer::intValue).toArray()));
            }
            leaf = widen(leaf, li);
        }
        dims.addAll(firstDims);
        return leaf;
    }

    private static Class<?> leafClass(Object v, String path) {
        if (v instanceof Float) return float.class;
        if (v instanceof Double) return double.class;
        if (v instanceof Integer || v instanceof Short) return int.class;
        if (v instanceof Long) return long.class;
        if (v instanceof Byte) return byte.class;
        if (v instanceof Boolean) return boolean.class;
        throw new InvalidArgumentException("constant: " + path + " is a " + v.getClass().getName()
                + ", which cannot be a tensor element (use numbers, booleans or arrays of them)");
    }

    /** The common element class of mixed boxed leaves: any float makes it floating, as in NumPy. */
    private static Class<?> widen(Class<?> a, Class<?> b) {
        if (a == b) return a;
        if (a == boolean.class || b == boolean.class) {
            throw new InvalidArgumentException("constant: cannot mix booleans and numbers in one tensor");
        }
        if (a == double.class || b == double.class) return double.class;
        if (a == float.class || b == float.class) return float.class;
        if (a == long.class || b == long.class) return long.class;
        return int.class;
    }

    private static DType dtypeOf(Class<?> leaf, Object value) {
        if (leaf == float.class) return DType.FLOAT32;
        if (leaf == double.class) return DType.FLOAT64;
        if (leaf == int.class || leaf == short.class) return DType.INT32;
        if (leaf == long.class) return DType.INT64;
        if (leaf == byte.class) return DType.UINT8;
        if (leaf == boolean.class) return DType.BOOL;
        if (leaf == Float.class) return DType.FLOAT32;
        if (leaf == Double.class) return DType.FLOAT64;
        if (leaf == Integer.class || leaf == Short.class) return DType.INT32;
        if (leaf == Long.class) return DType.INT64;
        if (leaf == Byte.class) return DType.UINT8;
        if (leaf == Boolean.class) return DType.BOOL;
        throw new InvalidArgumentException("constant: arrays of " + leaf.getName() + " cannot become tensors");
    }

    private static void fillFrom(Object v, HostBuffer h, DType target, int[] pos, String path) {
        if (isSequence(v)) {
            int n = length(v);
            for (int i = 0; i < n; i++) fillFrom(element(v, i), h, target, pos, path);
            return;
        }
        int i = pos[0]++;
        if (v instanceof Boolean b) {
            h.setLong(i, b ? 1 : 0);
        } else if (v instanceof Byte b) {
            h.setLong(i, b & 0xFF);
        } else if (v instanceof Float || v instanceof Double) {
            double d = ((Number) v).doubleValue();
            if (target.isFloating()) {
                h.setDouble(i, d);
            } else {
                if (d != Math.rint(d)) {
                    throw new InvalidArgumentException("constant: cannot convert " + d + " to dtype " + target + " without losing its fraction");
                }
                h.setLong(i, checkedInteger((long) d, d, target));
            }
        } else {
            long l = ((Number) v).longValue();
            if (target.isFloating()) h.setDouble(i, l);
            else h.setLong(i, checkedInteger(l, l, target));
        }
    }

    /** {@code value} if {@code target} can hold it; a value that would wrap is an error, as in TensorFlow. */
    private static long checkedInteger(long value, double original, DType target) {
        boolean fits = switch (target) {
            case INT32 -> value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE && original == value;
            case UINT8 -> value >= 0 && value <= 255 && original == value;
            case BOOL -> value == 0 || value == 1;
            default -> original == value || Math.abs(original) < 0x1p63;
        };
        if (!fits) {
            String shown = original == value ? Long.toString(value) : Double.toString(original);
            throw new InvalidArgumentException("constant: " + shown + " is out of range for dtype " + target
                    + (target == DType.BOOL ? " (only 0 and 1 convert to bool)" : ""));
        }
        return value;
    }
}
