package org.tapedeck.engine.tensor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Array;
import java.util.concurrent.atomic.AtomicLong;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.backend.Backend;
import org.tapedeck.engine.backend.Backends;
import org.tapedeck.engine.backend.Buffer;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.errors.InvalidArgumentException;

/**
 * An immutable n-dimensional array with a {@link DType} and a {@link Shape}, living on one
 * {@link Device}: TensorFlow's {@code EagerTensor}. Ops return new tensors; nothing changes a tensor
 * once it exists, so holding one (as the debugger does) is always safe.
 *
 * <pre>{@code
 * Tensor a = TF.constant(new int[][] {{1, 2}, {3, 4}});
 * System.out.println(a);
 * // Tensor(
 * // [[1 2]
 * //  [3 4]], shape=(2, 2), dtype=int32)
 * int[][] values = (int[][]) a.numpy();
 * }</pre>
 */
public final class Tensor implements Operand {
    private static final AtomicLong IDS = new AtomicLong();
    private static final VarHandle ID;

    static {
        try {
            ID = MethodHandles.lookup().findVarHandle(Tensor.class, "id", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Shape shape;
    private final Buffer buffer;
    private volatile HostBuffer hostCopy;
    @SuppressWarnings("unused") // through ID
    private volatile long id;

    private Tensor(Shape shape, Buffer buffer) {
        this.shape = shape;
        this.buffer = buffer;
    }

    /**
     * A tensor over an existing buffer, for backends and ops; {@code buffer} must hold exactly
     * {@code shape.size()} elements and must not be written afterwards.
     */
    public static Tensor wrap(Shape shape, Buffer buffer) {
        if (buffer.size() != shape.size()) {
            throw new IllegalArgumentException("a buffer of " + buffer.size() + " elements cannot have shape " + shape);
        }
        return new Tensor(shape, buffer);
    }

    @Override
    public Tensor asTensor() { return this; }

    public DType dtype() { return buffer.dtype(); }

    /**
     * A number that names this tensor and no other in this JVM (1, 2, 3...), handed out on the
     * first call from any thread, so that an observer can tell which op produced which input
     * without holding the tensors themselves. Tensors nobody asks about never get one.
     */
    public long id() {
        long i = (long) ID.getVolatile(this);
        if (i != 0) return i;
        long fresh = IDS.incrementAndGet();
        return ID.compareAndSet(this, 0L, fresh) ? fresh : (long) ID.getVolatile(this);
    }

    public Shape shape() { return shape; }

    public int rank() { return shape.rank(); }

    /** Number of elements. */
    public int size() { return shape.size(); }

    public Device device() { return buffer.device(); }

    /** Whether the {@link org.tapedeck.engine.backend.MemoryScope} it was made in has freed its memory. */
    public boolean isFreed() { return buffer.isFreed(); }

    /** The memory behind this tensor (for backends). */
    public Buffer buffer() { return buffer; }

    /** The backend of this tensor's device. */
    public Backend backend() { return Backends.forDevice(buffer.device()); }

    /**
     * The elements in host memory. On the CPU this is the tensor's own buffer; on a GPU the first
     * call copies it to the host (and synchronises), later calls reuse the copy.
     */
    public HostBuffer host() {
        buffer.checkLive();
        if (buffer instanceof HostBuffer h) return h;
        HostBuffer h = hostCopy;
        if (h == null) {
            h = backend().toHost(this);
            hostCopy = h;
        }
        return h;
    }

    // ---- reading values -----------------------------------------------------------------------

    /**
     * The values as nested Java arrays, like NumPy's {@code ndarray}: {@code float[][]} for a 2-D
     * float32 tensor, {@code int[]} for 1-D int32, a boxed scalar for rank 0. uint8 reads as
     * {@code int} (Java's byte is signed) and bool as {@code boolean}.
     */
    public Object numpy() {
        HostBuffer h = host();
        if (shape.rank() == 0) return scalarObject(h, 0);
        return nested(h, shape.dims(), 0, 0);
    }

    private Object nested(HostBuffer h, int[] dims, int axis, int offset) {
        int n = dims[axis];
        if (axis == dims.length - 1) {
            Object row = Array.newInstance(elementClass(), n);
            for (int i = 0; i < n; i++) Array.set(row, i, scalarObject(h, offset + i));
            return row;
        }
        int stride = 1;
        for (int i = axis + 1; i < dims.length; i++) stride *= dims[i];
        int[] rest = new int[dims.length - axis - 1];
        Object out = Array.newInstance(elementClass(), prepend(n, rest));
        for (int i = 0; i < n; i++) Array.set(out, i, nested(h, dims, axis + 1, offset + i * stride));
        return out;
    }

    private static int[] prepend(int n, int[] zeros) {
        int[] d = new int[zeros.length + 1];
        d[0] = n;
        return d;
    }

    private Class<?> elementClass() {
        return switch (dtype()) {
            case FLOAT32 -> float.class;
            case FLOAT64 -> double.class;
            case INT32, UINT8 -> int.class;
            case INT64 -> long.class;
            case BOOL -> boolean.class;
        };
    }

    private Object scalarObject(HostBuffer h, int i) {
        return switch (dtype()) {
            case FLOAT32 -> (float) h.getDouble(i);
            case FLOAT64 -> h.getDouble(i);
            case INT32, UINT8 -> (int) h.getLong(i);
            case INT64 -> h.getLong(i);
            case BOOL -> h.getBoolean(i);
        };
    }

    /** All elements, row-major, converted to float. */
    public float[] toFloatArray() {
        HostBuffer h = host();
        if (h instanceof HostBuffer.F32 f) return f.a.clone();
        float[] out = new float[h.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) h.getDouble(i);
        return out;
    }

    /** All elements, row-major, converted to double. */
    public double[] toDoubleArray() {
        HostBuffer h = host();
        double[] out = new double[h.size()];
        for (int i = 0; i < out.length; i++) out[i] = h.getDouble(i);
        return out;
    }

    /** All elements, row-major, converted to int (floating values truncate toward zero). */
    public int[] toIntArray() {
        HostBuffer h = host();
        int[] out = new int[h.size()];
        for (int i = 0; i < out.length; i++) out[i] = (int) h.getLong(i);
        return out;
    }

    /** All elements, row-major, converted to long. */
    public long[] toLongArray() {
        HostBuffer h = host();
        long[] out = new long[h.size()];
        for (int i = 0; i < out.length; i++) out[i] = h.getLong(i);
        return out;
    }

    /** All elements, row-major; non-zero is true. */
    public boolean[] toBooleanArray() {
        HostBuffer h = host();
        boolean[] out = new boolean[h.size()];
        for (int i = 0; i < out.length; i++) out[i] = h.getBoolean(i);
        return out;
    }

    /** The element at {@code index} (one coordinate per dim), as a double. */
    public double getDouble(int... index) { return host().getDouble(flatIndex(index)); }

    /** The element at {@code index} (one coordinate per dim), as a long. */
    public long getLong(int... index) { return host().getLong(flatIndex(index)); }

    private int flatIndex(int[] index) {
        if (index.length != shape.rank()) {
            throw new InvalidArgumentException("index of " + index.length + " coordinates for a tensor of shape " + shape);
        }
        int flat = 0;
        int[] dims = shape.dimsUnsafe();
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= dims[i]) {
                throw new InvalidArgumentException("index " + index[i] + " is out of range for dim " + i
                        + " of a tensor of shape " + shape);
            }
            flat = flat * dims[i] + index[i];
        }
        return flat;
    }

    private HostBuffer single(String what) {
        if (shape.size() != 1) {
            throw new InvalidArgumentException(what + "() needs a tensor with exactly one element, got shape " + shape);
        }
        return host();
    }

    public float floatValue() { return (float) single("floatValue").getDouble(0); }

    public double doubleValue() { return single("doubleValue").getDouble(0); }

    public int intValue() { return (int) single("intValue").getLong(0); }

    public long longValue() { return single("longValue").getLong(0); }

    public boolean booleanValue() { return single("booleanValue").getBoolean(0); }

    // ---- operators not shared with Variable ----------------------------------------------------

    /**
     * Rows {@code [start, end)} along the first axis, as {@code images[0:1]} in Python; negative
     * bounds count from the end and bounds are clipped to the axis, as in Python slicing.
     */
    public Tensor slice(int start, int end) { return TF.sliceRange(this, start, end); }

    /** Element {@code i} along the first axis, as {@code x[i]} in Python (the axis is removed). */
    public Tensor get(int i) { return TF.index(this, i); }

    // ---- printing -----------------------------------------------------------------------------

    /**
     * The values as NumPy's {@code str()} prints them: what {@code '{}'.format(tensor)} gives in
     * TensorFlow.
     */
    public String format() {
        return NumpyFormat.str(dtype(), shape.dims(), host().array());
    }

    /**
     * {@code Tensor(<values>, shape=(2, 2), dtype=int32)}, with a newline after {@code Tensor(} when
     * the values span several lines, as TensorFlow prints an {@code EagerTensor}.
     */
    @Override
    public String toString() {
        String values = format();
        String sep = values.indexOf('\n') >= 0 ? "\n" : "";
        return "Tensor(" + sep + values + ", shape=" + shape + ", dtype=" + dtype() + ")";
    }
}
