package org.tapedeck.engine.backend.cpu;

import java.lang.reflect.Field;

import sun.misc.Unsafe;

/**
 * Reads of float array elements without the JVM's per-access bounds check, for the innermost
 * loops of {@link VectorKernels} whose indices come from offset tables (the JIT cannot hoist those
 * checks out of the loop: with six of them per step the convolution ran at 40 GFLOP/s on one core
 * instead of 80). Callers prove the whole index range once, with {@link #checkRange}, before the
 * loop; only then may they read with {@link #get} or {@link #getAt}.
 */
final class UncheckedFloats {
    private static final Unsafe U;
    private static final long BASE;
    private static final long SCALE;

    static {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            U = (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        BASE = U.arrayBaseOffset(float[].class);
        SCALE = U.arrayIndexScale(float[].class);
    }

    private UncheckedFloats() {}

    /** {@code a[i]}, unchecked: {@code i} must lie in a range {@link #checkRange} accepted for {@code a}. */
    static float get(float[] a, int i) { return U.getFloat(a, BASE + SCALE * i); }

    /**
     * Where element {@code i} of a float array sits, for {@link #getAt}. NOTE: the sum is taken in
     * {@code long}, so that {@code getAt(a, address(i) + 4 * d)} for a constant {@code d} compiles
     * to one load with a constant displacement (an {@code int} sum {@code i + d} would have to be
     * sign-extended after the add, one more instruction per read).
     */
    static long address(int i) { return BASE + SCALE * i; }

    /** The float at {@code address} of {@code a}: {@code a[i]} for {@code address(i)}, unchecked like {@link #get}. */
    static float getAt(float[] a, long address) { return U.getFloat(a, address); }

    /**
     * Fails unless every index {@code base + x + y} with {@code x} an offset of {@code xs} and
     * {@code y} one of {@code ys} lies inside {@code a}. Constant time: it reads the offsets'
     * extremes that {@link RowBlocks} keeps.
     */
    static void checkRange(float[] a, int base, RowBlocks xs, RowBlocks ys) {
        if (xs.size() == 0 || ys.size() == 0) return;
        long lo = (long) base + xs.min + ys.min;
        long hi = (long) base + xs.max + ys.max;
        if (lo < 0 || hi >= a.length) {
            throw new IllegalStateException("a convolution would read elements " + lo + ".." + hi
                    + " of an array of " + a.length + " (its offset tables do not fit the image)");
        }
    }
}
