package org.tapedeck.engine.backend.cpu;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * Working rows a thread reuses from one kernel call to the next, so that a training step's
 * convolutions allocate their outputs and little else. Each thread (the caller and every worker of
 * {@link Parallel}) has its own; a kernel asks for numbered slots, which it must not hold past its
 * call.
 *
 * <pre>{@code
 * Object[] col = Scratch.local().rows(RowMath.of(DType.FLOAT32), 0, 96, 144);   // >= 96 rows of >= 144
 * }</pre>
 */
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);
    private static final int SLOTS = 4;

    private final Object[][] slots = new Object[SLOTS][];

    private Scratch() {}

    /** This thread's scratch. */
    static Scratch local() { return LOCAL.get(); }

    /**
     * At least {@code count} rows of at least {@code len} elements of {@code math}'s dtype, with
     * arbitrary contents: the ones last handed out from {@code slot}, each grown where too short.
     * NOTE: rows grow one by one, so a slot used for many short rows and then for a few long ones
     * holds about the larger of the two, not their product.
     */
    Object[] rows(RowMath math, int slot, int count, int len) {
        Object[] r = slots[slot];
        if (r == null || !math.owns(r)) r = math.newRows(count, len);
        else if (r.length < count) r = Arrays.copyOf(r, count);
        for (int i = 0; i < count; i++) {
            if (r[i] == null || Array.getLength(r[i]) < len) r[i] = math.newRow(len);
        }
        slots[slot] = r;
        return r;
    }
}
