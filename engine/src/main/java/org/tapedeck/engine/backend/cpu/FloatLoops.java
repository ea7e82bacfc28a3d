package org.tapedeck.engine.backend.cpu;

import org.tapedeck.engine.backend.BinaryOp;

/**
 * The float32 loops of the elementwise kernels that training runs on large tensors: arithmetic of
 * two whole tensors, of a tensor and a scalar, of a tensor and a row repeated along its leading
 * dims (a bias), and the Relu gradient. Each loop covers {@code [from, to)} of the output, so
 * {@link Parallel} can split it.
 *
 * <p>NOTE: HotSpot's C2 (JDK 17) turns a loop into SIMD code only when every array in it is indexed
 * by the same expression: {@code z[i] = x[i] + y[i]} runs at about 6 G elements/s on one core, but
 * {@code z[off + k] = x[off + k] + y[k]} (a bias) or {@code z[off + k] = x[ao + k] + y[bo + k]}
 * element by element, about 3x slower, because it cannot prove that stores to one float[] do not
 * overwrite the next loads from another. So the bias loop copies a block of the input into a
 * scratch array, adds a tile of the repeated row to it at the same index, and copies it out; with
 * {@link CpuSimd} on, it and the Relu gradient (a select, which C2 does not vectorise at all) run
 * on {@link VectorLoops} instead.
 *
 * <pre>{@code
 * FloatLoops.both(BinaryOp.ADD, x, y, z, 0, z.length);          // z = x + y
 * FloatLoops.withRow(BinaryOp.ADD, x, bias, z, 0, z.length);    // z = x + bias, bias.length | z.length
 * }</pre>
 */
final class FloatLoops {
    /** Elements per block of the bias loop: a few KB, so the block and its tile stay in L1. */
    private static final int BLOCK = 2048;

    private FloatLoops() {}

    /** Whether the loops here compute {@code op}: +, -, *, / (other ops take the generic loops). */
    static boolean handles(BinaryOp op) {
        return op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL || op == BinaryOp.DIV;
    }

    /** {@code z[i] = x[i] op y[i]}. */
    static void both(BinaryOp op, float[] x, float[] y, float[] z, int from, int to) {
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) z[i] = x[i] + y[i]; }
            case SUB -> { for (int i = from; i < to; i++) z[i] = x[i] - y[i]; }
            case MUL -> { for (int i = from; i < to; i++) z[i] = x[i] * y[i]; }
            case DIV -> { for (int i = from; i < to; i++) z[i] = x[i] / y[i]; }
            default -> throw new IllegalArgumentException(op + " has no float32 loop");
        }
    }

    /** {@code z[i] = x[i] op s}. */
    static void withScalar(BinaryOp op, float[] x, float s, float[] z, int from, int to) {
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) z[i] = x[i] + s; }
            case SUB -> { for (int i = from; i < to; i++) z[i] = x[i] - s; }
            case MUL -> { for (int i = from; i < to; i++) z[i] = x[i] * s; }
            case DIV -> { for (int i = from; i < to; i++) z[i] = x[i] / s; }
            default -> throw new IllegalArgumentException(op + " has no float32 loop");
        }
    }

    /** {@code z[i] = s op y[i]}. */
    static void scalarWith(BinaryOp op, float s, float[] y, float[] z, int from, int to) {
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) z[i] = s + y[i]; }
            case SUB -> { for (int i = from; i < to; i++) z[i] = s - y[i]; }
            case MUL -> { for (int i = from; i < to; i++) z[i] = s * y[i]; }
            case DIV -> { for (int i = from; i < to; i++) z[i] = s / y[i]; }
            default -> throw new IllegalArgumentException(op + " has no float32 loop");
        }
    }

    /**
     * {@code z[i] = x[i] op row[i % row.length]}; {@code from} and {@code to} are multiples of the
     * row's length.
     */
    static void withRow(BinaryOp op, float[] x, float[] row, float[] z, int from, int to) {
        int m = row.length;
        if (CpuSimd.enabled() && VectorLoops.takesRow(m)) {
            VectorLoops.withRow(op, x, row, z, from, to);
            return;
        }
        int block = Math.max(1, BLOCK / m) * m;
        float[] tile = new float[block];
        for (int k = 0; k < block; k += m) System.arraycopy(row, 0, tile, k, m);
        float[] scratch = new float[block];
        for (int off = from; off < to; off += block) {
            int len = Math.min(block, to - off);
            System.arraycopy(x, off, scratch, 0, len);
            both(op, scratch, tile, scratch, 0, len);
            System.arraycopy(scratch, 0, z, off, len);
        }
    }

    /**
     * {@code r[i] = f[i] > 0 ? g[i] : 0}, on {@link VectorLoops} when {@link CpuSimd} is on, else
     * element by element. NOTE: C2 (JDK 17) neither vectorises a float select nor
     * has a branch-free move for floats, and a branch on the signs of activations mispredicts half
     * the time (measured 8x slower), so the choice is a mask on the bits: {@code f > 0} exactly
     * when its bits {@code b}, read as an int, are in {@code [1, 0x7f800000]} (+0 is 0, negatives
     * and -0 are negative ints, NaNs lie above +inf's 0x7f800000). Then {@code -b} and
     * {@code b - 0x7f800001} are both negative, so their AND shifted right 31 is all ones; for any
     * other {@code b} one of the two is non-negative (for -0, {@code b - 0x7f800001} wraps to
     * 0x007fffff), giving 0.
     */
    static void reluGrad(float[] g, float[] f, float[] r, int from, int to) {
        if (CpuSimd.enabled()) VectorLoops.reluGrad(g, f, r, from, to);
        else reluGradScalar(g, f, r, from, to);
    }

    /** {@link #reluGrad} one element at a time (see there). */
    static void reluGradScalar(float[] g, float[] f, float[] r, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = Float.floatToRawIntBits(f[i]);
            int mask = (-b & (b - 0x7f800001)) >> 31;
            r[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & mask);
        }
    }
}
