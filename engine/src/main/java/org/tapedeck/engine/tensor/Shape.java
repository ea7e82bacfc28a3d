package org.tapedeck.engine.tensor;

import java.util.Arrays;

import org.tapedeck.engine.errors.InvalidArgumentException;

/**
 * The dimensions of a tensor: an immutable list of non-negative sizes. Prints as TensorFlow
 * prints a fully known shape: {@code (2, 2)}, {@code (3,)}, {@code ()}.
 *
 * <pre>{@code
 * Shape s = Shape.of(32, 28, 28, 1);
 * s.rank();   // 4
 * s.size();   // 25088
 * s.equals(Shape.of(32, 28, 28, 1));  // true
 * }</pre>
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final long size;

    private Shape(int[] dims) {
        this.dims = dims;
        long n = 1;
        for (int d : dims) n *= d;
        this.size = n;
    }

    /** A shape with the given dimensions; each must be {@code >= 0}. */
    public static Shape of(int... dims) {
        if (dims.length == 0) return SCALAR;
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new InvalidArgumentException("dimensions must be non-negative, got " + Arrays.toString(dims));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new InvalidArgumentException("a tensor of shape " + Arrays.toString(dims)
                        + " has more than 2^31-1 elements, which Tapedeck does not support");
            }
        }
        return new Shape(dims.clone());
    }

    /** The shape of a scalar: {@code ()}. */
    public static Shape scalar() { return SCALAR; }

    public int rank() { return dims.length; }

    /** Size of dimension {@code axis}; a negative axis counts from the end, as in NumPy. */
    public int dim(int axis) { return dims[normalizeAxis(axis)]; }

    /** Number of elements (1 for a scalar). */
    public int size() { return (int) size; }

    /** A copy of the dimensions. */
    public int[] dims() { return dims.clone(); }

    /** The dimensions of this shape without a copy; callers must not modify the array. */
    int[] dimsUnsafe() { return dims; }

    /** Maps {@code axis} in {@code [-rank, rank)} to {@code [0, rank)}, or throws naming the shape. */
    public int normalizeAxis(int axis) {
        int r = dims.length;
        if (axis < -r || axis >= r) {
            throw new InvalidArgumentException("axis " + axis + " is out of range for a tensor of shape "
                    + this + " (rank " + r + ")");
        }
        return axis < 0 ? axis + r : axis;
    }

    /** Row-major strides in elements: {@code strides()[i]} is the distance between neighbours along axis i. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** True when {@code other} has the same dimensions as this shape. */
    public boolean equals(int... other) { return Arrays.equals(dims, other); }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(dims); }

    /** {@code (2, 3)}, {@code (5,)} or {@code ()}, as Python prints a tuple. */
    @Override
    public String toString() {
        if (dims.length == 1) return "(" + dims[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dims[i]);
        }
        return sb.append(')').toString();
    }
}
