package org.tapedeck.engine.backend;

import org.tapedeck.engine.tensor.DType;

/**
 * Elements in host memory, backed by the Java array that fits the dtype: {@code float[]} for
 * float32, {@code double[]} for float64, {@code int[]} for int32, {@code long[]} for int64 and
 * {@code byte[]} for uint8 (read unsigned) and bool (0 or 1).
 *
 * <p>The typed accessors ({@link #getDouble}, {@link #getLong}, ...) are the one place that knows
 * about every dtype; kernels that are not specialised for a dtype go through them, floating types as
 * {@code double} and integer types as {@code long}.
 */
public abstract sealed class HostBuffer extends Buffer
        permits HostBuffer.F32, HostBuffer.F64, HostBuffer.I32, HostBuffer.I64, HostBuffer.Bytes {

    /** Whether the array came from {@link HostArrays} and goes back there when a scope frees the buffer. */
    private boolean pooled;

    private HostBuffer(DType dtype, int size) { super(dtype, size); }

    @Override
    protected final void free() {
        if (pooled) HostArrays.give(dtype, array(), size);
    }

    @Override
    public final Device device() { return Device.CPU; }

    /** The backing array (float[], double[], int[], long[] or byte[]); callers must not modify it. */
    public abstract Object array();

    public abstract double getDouble(int i);

    public abstract long getLong(int i);

    public abstract void setDouble(int i, double v);

    /** Stores {@code v}, wrapping as the dtype's arithmetic does (int32 keeps the low 32 bits, uint8 the low 8). */
    public abstract void setLong(int i, long v);

    /** Element i as a boolean: non-zero is true. */
    public boolean getBoolean(int i) { return getDouble(i) != 0; }

    /** A new buffer with {@code out[j] = this[index[j]]}. */
    public abstract HostBuffer gather(int[] index);

    /** Writes this buffer's elements into {@code dst}: {@code dst[index[j]] = this[j]}. */
    public abstract void scatterInto(HostBuffer dst, int[] index);

    /** Copies {@code length} elements to {@code dst} (same dtype). */
    public final void copyTo(int srcPos, HostBuffer dst, int dstPos, int length) {
        System.arraycopy(array(), srcPos, dst.array(), dstPos, length);
    }

    /**
     * A zero-filled buffer for an op's result. Inside a {@link MemoryScope}, its array comes from the
     * host pool when one of the right size is free there, and goes back to it when the innermost
     * open scope closes (unless the tensor was kept or is held by a variable).
     */
    public static HostBuffer allocate(DType dtype, int size) { return allocate(dtype, size, true); }

    /**
     * {@link #allocate} for a kernel that writes every element itself: a reused array keeps whatever
     * the step before left in it (zeroing it again would be wasted work).
     */
    public static HostBuffer allocateForOverwrite(DType dtype, int size) { return allocate(dtype, size, false); }

    private static HostBuffer allocate(DType dtype, int size, boolean zeroed) {
        // Outside any scope nothing is ever given back to the pool: plain arrays, no bookkeeping.
        MemoryScope scope = MemoryScope.current();
        Object array = scope != null ? HostArrays.take(dtype, size, zeroed) : HostArrays.newArray(dtype, size);
        HostBuffer b = dtype == DType.UINT8 || dtype == DType.BOOL ? new Bytes(dtype, (byte[]) array) : wrap(array);
        if (scope != null) {
            b.pooled = true;
            scope.adoptHost(b);
        }
        return b;
    }

    /** Wraps an array without copying; the dtype is read from the array type (byte[] is uint8). */
    public static HostBuffer wrap(Object array) {
        if (array instanceof float[] a) return new F32(a);
        if (array instanceof double[] a) return new F64(a);
        if (array instanceof int[] a) return new I32(a);
        if (array instanceof long[] a) return new I64(a);
        if (array instanceof byte[] a) return new Bytes(DType.UINT8, a);
        throw new IllegalArgumentException("no dtype for a " + array.getClass().getSimpleName());
    }

    /** Wraps bytes as bool (0 or 1) or uint8. */
    public static HostBuffer wrapBytes(DType dtype, byte[] array) {
        if (dtype != DType.UINT8 && dtype != DType.BOOL) throw new IllegalArgumentException(dtype + " is not a byte dtype");
        return new Bytes(dtype, array);
    }

    public static final class F32 extends HostBuffer {
        public final float[] a;

        public F32(float[] a) { super(DType.FLOAT32, a.length); this.a = a; }

        @Override public Object array() { return a; }
        @Override public double getDouble(int i) { return a[i]; }
        @Override public long getLong(int i) { return (long) a[i]; }
        @Override public void setDouble(int i, double v) { a[i] = (float) v; }
        @Override public void setLong(int i, long v) { a[i] = v; }

        @Override
        public HostBuffer gather(int[] index) {
            float[] out = new float[index.length];
            for (int j = 0; j < out.length; j++) out[j] = a[index[j]];
            return new F32(out);
        }

        @Override
        public void scatterInto(HostBuffer dst, int[] index) {
            float[] d = (float[]) dst.array();
            for (int j = 0; j < index.length; j++) d[index[j]] = a[j];
        }
    }

    public static final class F64 extends HostBuffer {
        public final double[] a;

        public F64(double[] a) { super(DType.FLOAT64, a.length); this.a = a; }

        @Override public Object array() { return a; }
        @Override public double getDouble(int i) { return a[i]; }
        @Override public long getLong(int i) { return (long) a[i]; }
        @Override public void setDouble(int i, double v) { a[i] = v; }
        @Override public void setLong(int i, long v) { a[i] = v; }

        @Override
        public HostBuffer gather(int[] index) {
            double[] out = new double[index.length];
            for (int j = 0; j < out.length; j++) out[j] = a[index[j]];
            return new F64(out);
        }

        @Override
        public void scatterInto(HostBuffer dst, int[] index) {
            double[] d = (double[]) dst.array();
            for (int j = 0; j < index.length; j++) d[index[j]] = a[j];
        }
    }

    public static final class I32 extends HostBuffer {
        public final int[] a;

        public I32(int[] a) { super(DType.INT32, a.length); this.a = a; }

        @Override public Object array() { return a; }
        @Override public double getDouble(int i) { return a[i]; }
        @Override public long getLong(int i) { return a[i]; }
        @Override public void setDouble(int i, double v) { a[i] = (int) v; }
        @Override public void setLong(int i, long v) { a[i] = (int) v; }

        @Override
        public HostBuffer gather(int[] index) {
            int[] out = new int[index.length];
            for (int j = 0; j < out.length; j++) out[j] = a[index[j]];
            return new I32(out);
        }

        @Override
        public void scatterInto(HostBuffer dst, int[] index) {
            int[] d = (int[]) dst.array();
            for (int j = 0; j < index.length; j++) d[index[j]] = a[j];
        }
    }

    public static final class I64 extends HostBuffer {
        public final long[] a;

        public I64(long[] a) { super(DType.INT64, a.length); this.a = a; }

        @Override public Object array() { return a; }
        @Override public double getDouble(int i) { return a[i]; }
        @Override public long getLong(int i) { return a[i]; }
        @Override public void setDouble(int i, double v) { a[i] = (long) v; }
        @Override public void setLong(int i, long v) { a[i] = v; }

        @Override
        public HostBuffer gather(int[] index) {
            long[] out = new long[index.length];
            for (int j = 0; j < out.length; j++) out[j] = a[index[j]];
            return new I64(out);
        }

        @Override
        public void scatterInto(HostBuffer dst, int[] index) {
            long[] d = (long[]) dst.array();
            for (int j = 0; j < index.length; j++) d[index[j]] = a[j];
        }
    }

    /** uint8 (unsigned) or bool (0/1) elements. */
    public static final class Bytes extends HostBuffer {
        public final byte[] a;
        private final boolean bool;

        Bytes(DType dtype, byte[] a) {
            super(dtype, a.length);
            this.a = a;
            this.bool = dtype == DType.BOOL;
        }

        @Override public Object array() { return a; }
        @Override public double getDouble(int i) { return a[i] & 0xFF; }
        @Override public long getLong(int i) { return a[i] & 0xFF; }
        @Override public void setDouble(int i, double v) { a[i] = bool ? (byte) (v != 0 ? 1 : 0) : (byte) (long) v; }
        @Override public void setLong(int i, long v) { a[i] = bool ? (byte) (v != 0 ? 1 : 0) : (byte) v; }
        @Override public boolean getBoolean(int i) { return a[i] != 0; }

        @Override
        public HostBuffer gather(int[] index) {
            byte[] out = new byte[index.length];
            for (int j = 0; j < out.length; j++) out[j] = a[index[j]];
            return new Bytes(dtype, out);
        }

        @Override
        public void scatterInto(HostBuffer dst, int[] index) {
            byte[] d = (byte[]) dst.array();
            for (int j = 0; j < index.length; j++) d[index[j]] = a[j];
        }
    }
}
