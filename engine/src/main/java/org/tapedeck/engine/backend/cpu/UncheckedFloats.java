package org.tapedeck.engine.backend.cpu;

import java.lang.reflect.Field;

import sun.misc.Unsafe;

/**
 * Reads of float array elements without the JVM's per-access bounds check, for the innermost
 * loops of {@link VectorKernels} whose indices come from offset tables (the JIT cannot hoist those
 * checks out of the loop: with six of them per step the convolution ran at 40 GFLOP/s on one core
 * instead of 80). Callers prove the whole index range once, with {@link #checkRange}, before the
 * loop; only then may they read with {@link #get}.
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
     * Fails unless every index {@code base + x + y} with {@code x} from {@code xs} and {@code y}
     * from {@code ys} lies inside {@code a} (all entries are non-negative offsets).
     */
    static void checkRange(float[] a, int base, int[] xs, int[] ys) {
        long lo = (long) base + min(xs) + min(ys);
        long hi = (long) base + max(xs) + max(ys);
        if (lo < 0 || hi >= a.length) {
            throw new IllegalStateException("a convolution would read elements " + lo + ".." + hi
                    + " of an array of " + a.length + " (its offset tables do not fit the image)");
        }
    }

    private static int min(int[] v) {
        int m = Integer.MAX_VALUE;
        for (int x : v) m = Math.min(m, x);
        return m;
    }

    private static int max(int[] v) {
        int m = Integer.MIN_VALUE;
        for (int x : v) m = Math.max(m, x);
        return m;
    }
}
