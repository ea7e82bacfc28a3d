package org.tapedeck.engine.nn;

import java.util.Arrays;
import java.util.Objects;

import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.Shape;

/**
 * A shape whose dims may be unknown ({@code null}): what Keras shows as {@code (None, 26, 26, 16)},
 * the first dim usually being the batch. Layers compute their output shapes on it, so that a model
 * declared for {@code inputShape(null, null, 1)} can print its summary before it ever sees data.
 *
 * <pre>{@code
 * PartialShape s = PartialShape.of(null, null, null, 16);
 * s.toString();              // "(None, None, None, 16)"
 * s.dim(-1);                 // 16
 * PartialShape.batchOf(Shape.of(32, 28, 28, 1));  // (None, 28, 28, 1)
 * }</pre>
 */
public final class PartialShape {
    private final Integer[] dims;

    private PartialShape(Integer[] dims) { this.dims = dims; }

    /** The given dims; {@code null} is unknown, others must be {@code >= 0}. */
    public static PartialShape of(Integer... dims) {
        Integer[] copy = dims.clone();
        for (Integer d : copy) {
            if (d != null && d < 0) throw new InvalidArgumentException("dimensions must be non-negative or None, got " + Arrays.toString(dims));
        }
        return new PartialShape(copy);
    }

    /** A concrete shape, every dim known. */
    static PartialShape known(Shape shape) {
        Integer[] d = new Integer[shape.rank()];
        for (int i = 0; i < d.length; i++) d[i] = shape.dim(i);
        return new PartialShape(d);
    }

    /** A concrete shape with its first (batch) dim made unknown. */
    public static PartialShape batchOf(Shape shape) {
        Integer[] d = new Integer[shape.rank()];
        for (int i = 1; i < d.length; i++) d[i] = shape.dim(i);
        return new PartialShape(d);
    }

    /** These dims after an unknown batch dim: {@code inputShape(28, 28, 1)} becomes {@code (None, 28, 28, 1)}. */
    PartialShape withBatch() {
        Integer[] d = new Integer[dims.length + 1];
        System.arraycopy(dims, 0, d, 1, dims.length);
        return new PartialShape(d);
    }

    public int rank() { return dims.length; }

    /** Dim {@code axis} (negative counts from the end), or null when unknown. */
    public Integer dim(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new InvalidArgumentException("axis " + axis + " is out of range for shape " + this + " (rank " + dims.length + ")");
        }
        return dims[a];
    }

    /** A copy of the dims (nulls where unknown). */
    public Integer[] dims() { return dims.clone(); }

    /** This shape with dim {@code axis} replaced. */
    PartialShape with(int axis, Integer value) {
        Integer[] d = dims.clone();
        d[axis < 0 ? axis + d.length : axis] = value;
        return new PartialShape(d);
    }

    /** True when every dim is known. */
    public boolean isFullyDefined() {
        for (Integer d : dims) if (d == null) return false;
        return true;
    }

    /** The product of the dims from {@code from} on, or null if one of them is unknown. */
    Integer product(int from) {
        long p = 1;
        for (int i = from; i < dims.length; i++) {
            if (dims[i] == null) return null;
            p *= dims[i];
        }
        return (int) p;
    }

    @Override
    public boolean equals(Object o) { return o instanceof PartialShape s && Arrays.equals(dims, s.dims); }

    @Override
    public int hashCode() { return Arrays.hashCode(dims); }

    /** As Python prints the tuple: {@code (None, 10)}, {@code (None,)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(Objects.toString(dims[i], "None"));
        }
        return sb.append(dims.length == 1 ? ",)" : ")").toString();
    }
}
