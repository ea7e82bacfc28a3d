package org.tapedeck.engine.ops;

import java.util.Arrays;

import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** Checks and shape arithmetic shared by the op families. */
final class OpSupport {
    private OpSupport() {}

    /** NumPy's broadcast of two shapes, or an error naming the op and both shapes. */
    static Shape broadcastShapes(String op, Shape a, Shape b) {
        if (a.equals(b)) return a;
        int[] x = a.dims();
        int[] y = b.dims();
        int r = Math.max(x.length, y.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int dx = i < r - x.length ? 1 : x[i - (r - x.length)];
            int dy = i < r - y.length ? 1 : y[i - (r - y.length)];
            if (dx != dy && dx != 1 && dy != 1) {
                throw new InvalidArgumentException(op + ": incompatible shapes " + a + " and " + b
                        + " (dimension " + dx + " vs " + dy + " cannot be broadcast)");
            }
            out[i] = dx == 1 ? dy : dx;
        }
        return Shape.of(out);
    }

    static void requireSameDType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new InvalidArgumentException(op + ": the inputs must have the same dtype, got " + a.dtype() + " "
                    + a.shape() + " and " + b.dtype() + " " + b.shape() + "; cast one of them first");
        }
    }

    static void requireFloating(String op, Tensor x) {
        if (!x.dtype().isFloating()) {
            throw new InvalidArgumentException(op + ": expected a float32 or float64 tensor, got " + x.dtype() + " of shape " + x.shape());
        }
    }

    static void requireNumeric(String op, Tensor x) {
        if (x.dtype().isBool()) {
            throw new InvalidArgumentException(op + ": expected a numeric tensor, got bool of shape " + x.shape());
        }
    }

    static void requireIntegerIndices(String op, Tensor indices) {
        if (indices.dtype() != DType.INT32 && indices.dtype() != DType.INT64) {
            throw new InvalidArgumentException(op + ": indices must be int32 or int64, got " + indices.dtype());
        }
    }

    /**
     * A scalar of {@code like}'s dtype, made from a Java number as TensorFlow converts a Python
     * number next to a tensor: a fractional number cannot become an integer tensor.
     */
    static Tensor scalarLike(String op, double v, Tensor like) {
        DType d = like.dtype();
        if (!d.isFloating() && v != Math.rint(v) && !Double.isNaN(v)) {
            throw new InvalidArgumentException(op + ": cannot convert " + v + " to a tensor of dtype " + d
                    + " (the dtype of the other input, shape " + like.shape() + ")");
        }
        if (!d.isFloating() && (Double.isNaN(v) || Double.isInfinite(v))) {
            throw new InvalidArgumentException(op + ": cannot convert " + v + " to a tensor of dtype " + d);
        }
        HostBuffer h = HostBuffer.allocate(d, 1);
        h.setDouble(0, v);
        return onDevice(Tensor.wrap(Shape.scalar(), h), like);
    }

    static Tensor scalarLike(String op, long v, Tensor like) {
        DType d = like.dtype();
        HostBuffer h = HostBuffer.allocate(d, 1);
        if (d.isFloating()) h.setDouble(0, v);
        else h.setLong(0, v);
        return onDevice(Tensor.wrap(Shape.scalar(), h), like);
    }

    /** A host-made constant moved next to {@code like} without an op event (it is a constant). */
    static Tensor onDevice(Tensor hostTensor, Tensor like) {
        if (like.device().equals(hostTensor.device())) return hostTensor;
        return like.backend().fromHost(hostTensor.shape(), hostTensor.host());
    }

    /** Normalised, sorted, distinct axes; null means every axis. */
    static int[] normalizeAxes(String op, Shape shape, int[] axes) {
        if (axes == null) {
            int[] all = new int[shape.rank()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i];
            if (a < -shape.rank() || a >= shape.rank()) {
                throw new InvalidArgumentException(op + ": axis " + a + " is out of range for a tensor of shape "
                        + shape + " (rank " + shape.rank() + ")");
            }
            out[i] = a < 0 ? a + shape.rank() : a;
        }
        Arrays.sort(out);
        for (int i = 1; i < out.length; i++) {
            if (out[i] == out[i - 1]) throw new InvalidArgumentException(op + ": axis " + out[i] + " is listed twice in " + Arrays.toString(axes));
        }
        return out;
    }

    /**
     * Sums a gradient over the dims broadcasting added, so it has the shape of the input it
     * belongs to. NOTE: dims are aligned on the right, as broadcasting aligns them.
     */
    static Tensor sumToShape(Tensor g, Shape target) {
        if (g.shape().equals(target)) return g;
        int gr = g.rank();
        int tr = target.rank();
        int[] gd = g.shape().dims();
        int[] td = target.dims();
        int[] axes = new int[gr];
        int n = 0;
        for (int i = 0; i < gr; i++) {
            int ti = i - (gr - tr);
            if (ti < 0 || (td[ti] == 1 && gd[i] != 1)) axes[n++] = i;
        }
        Tensor s = n == 0 ? g : ReductionOps.reduceSum(g, Arrays.copyOf(axes, n), true);
        return s.shape().equals(target) ? s : ArrayOps.reshape(s, td);
    }
}
