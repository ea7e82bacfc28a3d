package org.tapedeck.engine.ops;

import static org.tapedeck.engine.ops.OpSupport.requireIntegerIndices;
import static org.tapedeck.engine.ops.OpSupport.sumToShape;

import java.util.Arrays;
import java.util.List;

import org.tapedeck.engine.backend.Backend;
import org.tapedeck.engine.backend.Backends;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Shape and data movement: reshape, transpose, expandDims, squeeze, broadcastTo, slice, pad,
 * concat, stack, gather, oneHot, and tensor creation (fill, zeros, ones, range).
 */
public final class ArrayOps {
    private ArrayOps() {}

    // ---- reshaping --------------------------------------------------------------------------

    // A reshape shares the buffer: tensors are immutable, so no copy is needed.
    static final OpDef RESHAPE = OpDef.of("Reshape",
            (backend, in, attrs) -> Tensor.wrap(Shape.of(attrs.ints("shape")), in[0].buffer()),
            (n, g, need) -> new Tensor[] {reshape(g, n.input(0).shape().dims())});

    /** The same elements with a new shape; one dim may be -1 and is then inferred. */
    public static Tensor reshape(Tensor x, int... shape) {
        int[] dims = shape.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (unknown >= 0) throw new InvalidArgumentException("Reshape: only one dimension may be -1, got " + Arrays.toString(shape));
                unknown = i;
            } else if (dims[i] < 0) {
                throw new InvalidArgumentException("Reshape: invalid dimension " + dims[i] + " in " + Arrays.toString(shape));
            } else {
                known *= dims[i];
            }
        }
        int size = x.size();
        if (unknown >= 0) {
            if (known == 0 || size % known != 0) {
                throw new InvalidArgumentException("Reshape: cannot reshape a tensor of shape " + x.shape() + " (" + size
                        + " elements) to " + Arrays.toString(shape));
            }
            dims[unknown] = (int) (size / known);
        } else if (known != size) {
            throw new InvalidArgumentException("Reshape: cannot reshape a tensor of shape " + x.shape() + " (" + size
                    + " elements) to shape " + Shape.of(dims) + " (" + known + " elements)");
        }
        if (x.shape().equals(dims)) return x;
        return Exec.run(RESHAPE, Attrs.of("shape", dims), x);
    }

    static final OpDef TRANSPOSE = OpDef.of("Transpose",
            (backend, in, attrs) -> backend.transpose(in[0], attrs.ints("perm")),
            (n, g, need) -> new Tensor[] {transpose(g, inverse(n.attrs().ints("perm")))});

    private static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) inv[perm[i]] = i;
        return inv;
    }

    /** Permutes dims; with no {@code perm}, reverses them (a matrix transpose for rank 2). */
    public static Tensor transpose(Tensor x, int... perm) {
        int r = x.rank();
        int[] p = perm.length == 0 ? reversed(r) : perm.clone();
        boolean[] seen = new boolean[r];
        if (p.length != r) {
            throw new InvalidArgumentException("Transpose: perm " + Arrays.toString(perm) + " has " + p.length
                    + " entries but the tensor has rank " + r + " (shape " + x.shape() + ")");
        }
        for (int i = 0; i < r; i++) {
            int a = p[i] < 0 ? p[i] + r : p[i];
            if (a < 0 || a >= r || seen[a]) {
                throw new InvalidArgumentException("Transpose: " + Arrays.toString(perm) + " is not a permutation of the "
                        + r + " dims of a tensor of shape " + x.shape());
            }
            seen[a] = true;
            p[i] = a;
        }
        return Exec.run(TRANSPOSE, Attrs.of("perm", p), x);
    }

    private static int[] reversed(int r) {
        int[] p = new int[r];
        for (int i = 0; i < r; i++) p[i] = r - 1 - i;
        return p;
    }

    /** Inserts a dim of size 1 at {@code axis} (in {@code [-rank-1, rank]}), like indexing with {@code tf.newaxis}. */
    public static Tensor expandDims(Tensor x, int axis) {
        int r = x.rank();
        if (axis < -r - 1 || axis > r) {
            throw new InvalidArgumentException("ExpandDims: axis " + axis + " is out of range [" + (-r - 1) + ", " + r
                    + "] for a tensor of shape " + x.shape());
        }
        int a = axis < 0 ? axis + r + 1 : axis;
        int[] d = x.shape().dims();
        int[] out = new int[r + 1];
        for (int i = 0, j = 0; i <= r; i++) out[i] = i == a ? 1 : d[j++];
        return reshape(x, out);
    }

    /** Removes the given dims, which must have size 1; with no axes, removes every dim of size 1. */
    public static Tensor squeeze(Tensor x, int... axes) {
        int[] d = x.shape().dims();
        boolean[] drop = new boolean[d.length];
        if (axes.length == 0) {
            for (int i = 0; i < d.length; i++) drop[i] = d[i] == 1;
        } else {
            for (int a : OpSupport.normalizeAxes("Squeeze", x.shape(), axes)) {
                if (d[a] != 1) {
                    throw new InvalidArgumentException("Squeeze: cannot squeeze dim " + a + " of size " + d[a] + " (shape " + x.shape() + ")");
                }
                drop[a] = true;
            }
        }
        int[] out = new int[d.length];
        int n = 0;
        for (int i = 0; i < d.length; i++) if (!drop[i]) out[n++] = d[i];
        return reshape(x, Arrays.copyOf(out, n));
    }

    static final OpDef BROADCAST_TO = OpDef.of("BroadcastTo",
            (backend, in, attrs) -> backend.broadcastTo(in[0], Shape.of(attrs.ints("shape"))),
            (n, g, need) -> new Tensor[] {sumToShape(g, n.input(0).shape())});

    public static Tensor broadcastTo(Tensor x, Shape shape) {
        Shape out = OpSupport.broadcastShapes("BroadcastTo", x.shape(), shape);
        if (!out.equals(shape)) {
            throw new InvalidArgumentException("BroadcastTo: a tensor of shape " + x.shape() + " cannot be broadcast to " + shape);
        }
        if (x.shape().equals(shape)) return x;
        return Exec.run(BROADCAST_TO, Attrs.of("shape", shape.dims()), x);
    }

    // ---- slicing and padding ----------------------------------------------------------------

    static final OpDef SLICE = OpDef.of("Slice",
            (backend, in, attrs) -> backend.slice(in[0], attrs.ints("begin"), attrs.ints("size")),
            (n, g, need) -> {
                int[] begin = n.attrs().ints("begin");
                int[] size = n.attrs().ints("size");
                int[] d = n.input(0).shape().dims();
                int[] after = new int[d.length];
                for (int i = 0; i < d.length; i++) after[i] = d[i] - begin[i] - size[i];
                return new Tensor[] {pad(g, begin, after)};
            });

    /** The box starting at {@code begin} of extent {@code size} (-1: to the end), TensorFlow's {@code tf.slice}. */
    public static Tensor slice(Tensor x, int[] begin, int[] size) {
        int[] d = x.shape().dims();
        if (begin.length != d.length || size.length != d.length) {
            throw new InvalidArgumentException("Slice: begin " + Arrays.toString(begin) + " and size " + Arrays.toString(size)
                    + " must each have one entry per dim of a tensor of shape " + x.shape());
        }
        int[] s = size.clone();
        for (int i = 0; i < d.length; i++) {
            if (s[i] == -1) s[i] = d[i] - begin[i];
            if (begin[i] < 0 || s[i] < 0 || begin[i] + s[i] > d[i]) {
                throw new InvalidArgumentException("Slice: begin " + Arrays.toString(begin) + " with size " + Arrays.toString(size)
                        + " does not fit in a tensor of shape " + x.shape() + " (dim " + i + ")");
            }
        }
        if (Arrays.equals(s, d)) return x;
        return Exec.run(SLICE, Attrs.of("begin", begin.clone(), "size", s), x);
    }

    /** Rows {@code [start, end)} of the first axis with Python's slicing rules (negative counts from the end, clipped). */
    public static Tensor sliceRange(Tensor x, int start, int end) {
        if (x.rank() == 0) throw new InvalidArgumentException("StridedSlice: cannot slice a scalar (shape ())");
        int n = x.shape().dim(0);
        int s = clip(start < 0 ? start + n : start, n);
        int e = clip(end < 0 ? end + n : end, n);
        int[] begin = new int[x.rank()];
        int[] size = x.shape().dims();
        begin[0] = s;
        size[0] = Math.max(0, e - s);
        return slice(x, begin, size);
    }

    private static int clip(int v, int n) { return Math.max(0, Math.min(v, n)); }

    /** Element {@code i} of the first axis (negative counts from the end), the axis removed. */
    public static Tensor index(Tensor x, int i) {
        if (x.rank() == 0) throw new InvalidArgumentException("StridedSlice: cannot index a scalar (shape ())");
        int n = x.shape().dim(0);
        int k = i < 0 ? i + n : i;
        if (k < 0 || k >= n) {
            throw new InvalidArgumentException("StridedSlice: index " + i + " is out of bounds for axis 0 with size " + n + " (shape " + x.shape() + ")");
        }
        int[] begin = new int[x.rank()];
        int[] size = x.shape().dims();
        begin[0] = k;
        size[0] = 1;
        return reshape(slice(x, begin, size), Arrays.copyOfRange(x.shape().dims(), 1, x.rank()));
    }

    static final OpDef PAD = OpDef.of("Pad",
            (backend, in, attrs) -> backend.pad(in[0], attrs.ints("before"), attrs.ints("after")),
            (n, g, need) -> new Tensor[] {slice(g, n.attrs().ints("before"), n.input(0).shape().dims())});

    /** Zero padding: {@code before[i]} zeros before and {@code after[i]} after along dim i. */
    public static Tensor pad(Tensor x, int[] before, int[] after) {
        if (before.length != x.rank() || after.length != x.rank()) {
            throw new InvalidArgumentException("Pad: paddings need one entry per dim of a tensor of shape " + x.shape());
        }
        for (int i = 0; i < before.length; i++) {
            if (before[i] < 0 || after[i] < 0) {
                throw new InvalidArgumentException("Pad: paddings must be non-negative, got " + Arrays.toString(before) + ", " + Arrays.toString(after));
            }
        }
        return Exec.run(PAD, Attrs.of("before", before, "after", after), x);
    }

    // ---- joining ----------------------------------------------------------------------------

    // Each input gets back the slice of the gradient that lines up with it.
    static final OpDef CONCAT = OpDef.of("ConcatV2", (backend, in, attrs) -> {
        int axis = attrs.integer("axis");
        int[] d = in[0].shape().dims();
        int total = 0;
        for (Tensor t : in) total += t.shape().dim(axis);
        d[axis] = total;
        return backend.concat(in, axis, Shape.of(d));
    }, (n, g, need) -> {
        int axis = n.attrs().integer("axis");
        Tensor[] grads = new Tensor[n.inputCount()];
        int offset = 0;
        for (int i = 0; i < grads.length; i++) {
            Tensor x = n.input(i);
            if (need[i]) {
                int[] begin = new int[x.rank()];
                begin[axis] = offset;
                grads[i] = slice(g, begin, x.shape().dims());
            }
            offset += x.shape().dim(axis);
        }
        return grads;
    });

    public static Tensor concat(List<Tensor> values, int axis) {
        if (values.isEmpty()) throw new InvalidArgumentException("ConcatV2: needs at least one tensor");
        Tensor first = values.get(0);
        if (first.rank() == 0) throw new InvalidArgumentException("ConcatV2: cannot concatenate scalars; use stack");
        int a = OpSupport.normalizeAxes("ConcatV2", first.shape(), new int[] {axis})[0];
        for (int i = 1; i < values.size(); i++) {
            Tensor t = values.get(i);
            OpSupport.requireSameDType("ConcatV2", first, t);
            boolean ok = t.rank() == first.rank();
            for (int k = 0; ok && k < t.rank(); k++) ok = k == a || t.shape().dim(k) == first.shape().dim(k);
            if (!ok) {
                throw new InvalidArgumentException("ConcatV2: input " + i + " has shape " + t.shape() + " but input 0 has shape "
                        + first.shape() + "; all dims except axis " + a + " must match");
            }
        }
        if (values.size() == 1) return first;
        return Exec.run(CONCAT, Attrs.of("axis", a, "N", values.size()), values.toArray(new Tensor[0]));
    }

    /** Joins tensors of one shape along a new axis. */
    public static Tensor stack(List<Tensor> values, int axis) {
        if (values.isEmpty()) throw new InvalidArgumentException("Pack: needs at least one tensor");
        Shape s = values.get(0).shape();
        int r = s.rank();
        if (axis < -r - 1 || axis > r) {
            throw new InvalidArgumentException("Pack: axis " + axis + " is out of range for tensors of shape " + s);
        }
        Tensor[] expanded = new Tensor[values.size()];
        for (int i = 0; i < expanded.length; i++) {
            Tensor t = values.get(i);
            if (!t.shape().equals(s)) {
                throw new InvalidArgumentException("Pack: all tensors must have one shape; input " + i + " has shape " + t.shape()
                        + " but input 0 has shape " + s);
            }
            expanded[i] = expandDims(t, axis);
        }
        int a = axis < 0 ? axis + r + 1 : axis;
        return concat(Arrays.asList(expanded), a);
    }

    // ---- gathering --------------------------------------------------------------------------

    static final OpDef SCATTER_ADD = OpDef.of("UnsortedSegmentSum",
            (backend, in, attrs) -> backend.scatterAdd(in[0], in[1], attrs.integer("axis"), Shape.of(attrs.ints("shape"))),
            (n, g, need) -> new Tensor[] {gather(g, n.input(1), n.attrs().integer("axis")), null});

    // Gather's adjoint adds each gradient slice back where it was picked from.
    static final OpDef GATHER = OpDef.of("GatherV2", (backend, in, attrs) -> {
        Tensor params = in[0];
        Tensor indices = in[1];
        int axis = attrs.integer("axis");
        int[] pd = params.shape().dims();
        int[] id = indices.shape().dims();
        int[] out = new int[pd.length - 1 + id.length];
        System.arraycopy(pd, 0, out, 0, axis);
        System.arraycopy(id, 0, out, axis, id.length);
        System.arraycopy(pd, axis + 1, out, axis + id.length, pd.length - axis - 1);
        return backend.gather(params, indices, axis, Shape.of(out));
    }, (n, g, need) -> {
        Tensor params = n.input(0);
        int axis = n.attrs().integer("axis");
        Tensor idx = n.input(1);
        int[] gd = g.shape().dims();
        // Flatten the index dims so the scatter sees one index axis.
        int[] flat = new int[params.rank()];
        System.arraycopy(gd, 0, flat, 0, axis);
        flat[axis] = idx.size();
        System.arraycopy(gd, axis + idx.rank(), flat, axis + 1, params.rank() - axis - 1);
        Tensor g2 = reshape(g, flat);
        Tensor i2 = reshape(idx, idx.size());
        return new Tensor[] {Exec.run(SCATTER_ADD, Attrs.of("axis", axis, "shape", params.shape().dims()), g2, i2), null};
    });

    /** Slices of {@code params} along {@code axis} at {@code indices}: {@code tf.gather}. */
    public static Tensor gather(Tensor params, Tensor indices, int axis) {
        requireIntegerIndices("GatherV2", indices);
        if (params.rank() == 0) throw new InvalidArgumentException("GatherV2: params must have rank >= 1, got a scalar");
        int a = OpSupport.normalizeAxes("GatherV2", params.shape(), new int[] {axis})[0];
        return Exec.run(GATHER, Attrs.of("axis", a), params, indices);
    }

    /**
     * A one-hot encoding along a new last axis: {@code onValue} where the index matches, else
     * {@code offValue}; indices outside {@code [0, depth)} give a row of {@code offValue}.
     */
    public static Tensor oneHot(Tensor indices, int depth, double onValue, double offValue, DType dtype) {
        requireIntegerIndices("OneHot", indices);
        if (depth < 0) throw new InvalidArgumentException("OneHot: depth must be non-negative, got " + depth);
        Tensor positions = range(0, depth, 1, indices.dtype());
        Tensor hit = MathOps.equal(expandDims(indices, -1), positions);
        Tensor on = OpSupport.scalarLike("OneHot", onValue, fill(dtype, Shape.scalar(), 0));
        Tensor off = OpSupport.scalarLike("OneHot", offValue, on);
        return MathOps.where(hit, on, off);
    }

    // ---- creation ---------------------------------------------------------------------------

    static final OpDef FILL = OpDef.notDifferentiable("Fill", (backend, in, attrs) ->
            backend.fill(DType.of((String) attrs.get("dtype")), Shape.of(attrs.ints("shape")), attrs.number("value")));

    /** A tensor of {@code shape} filled with {@code value}, on the current device. */
    public static Tensor fill(DType dtype, Shape shape, double value) {
        return Exec.run(FILL, Attrs.of("dtype", dtype.tfName(), "shape", shape.dims(), "value", value));
    }

    public static Tensor zerosLike(Tensor x) {
        return onDeviceOf(x, () -> fill(x.dtype(), x.shape(), 0));
    }

    public static Tensor onesLike(Tensor x) {
        return onDeviceOf(x, () -> fill(x.dtype(), x.shape(), 1));
    }

    private static Tensor onDeviceOf(Tensor x, java.util.function.Supplier<Tensor> make) {
        if (x.device().equals(Placement.current())) return make.get();
        try (Placement.Scope s = Placement.scope(x.device())) {
            return make.get();
        }
    }

    static final OpDef RANGE = OpDef.notDifferentiable("Range", (backend, in, attrs) -> {
        double start = attrs.number("start");
        double limit = attrs.number("limit");
        double delta = attrs.number("delta");
        DType dtype = DType.of((String) attrs.get("dtype"));
        int n = (int) Math.max(0, Math.ceil((limit - start) / delta));
        HostBuffer h = HostBuffer.allocate(dtype, n);
        for (int i = 0; i < n; i++) {
            if (dtype.isFloating()) h.setDouble(i, start + i * delta);
            else h.setLong(i, (long) start + (long) i * (long) delta);
        }
        return backend.fromHost(Shape.of(n), h);
    });

    /** {@code start, start + delta, ...} below {@code limit}, TensorFlow's {@code tf.range}. */
    public static Tensor range(double start, double limit, double delta, DType dtype) {
        if (delta == 0) throw new InvalidArgumentException("Range: delta must not be 0");
        // NOTE: TensorFlow refuses a range that runs away from its limit, where Python and NumPy give
        // an empty one.
        if (delta > 0 ? start > limit : start < limit) {
            throw new InvalidArgumentException("Range: requires start " + (delta > 0 ? "<=" : ">=") + " limit when delta is "
                    + (delta > 0 ? "positive" : "negative") + ", got start " + start + ", limit " + limit + ", delta " + delta);
        }
        if (dtype.isBool()) throw new InvalidArgumentException("Range: dtype bool is not supported");
        if (!dtype.isFloating() && (start != Math.rint(start) || delta != Math.rint(delta))) {
            throw new InvalidArgumentException("Range: start and delta must be integers for dtype " + dtype);
        }
        return Exec.run(RANGE, Attrs.of("start", start, "limit", limit, "delta", delta, "dtype", dtype.tfName()));
    }

    /** A host tensor moved to the current device, without an op (it is a constant). */
    static Tensor placeConstant(Tensor host) {
        Device d = Placement.current();
        if (d.equals(host.device())) return host;
        Backend b = Backends.forDevice(d);
        return b.fromHost(host.shape(), host.host());
    }
}
