package org.tapedeck.engine.backend.cpu;

import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.tensor.Shape;

/**
 * NumPy broadcasting of one tensor to a larger shape by block copies, for any dtype: the trailing
 * dims the input holds whole are copied in one piece, and a broadcast dim repeats the block already
 * written by doubling it ({@code System.arraycopy} of 1, 2, 4, ... blocks), so no index map is built.
 * Large outputs split the blocks of their first dim across {@link Parallel}'s threads.
 *
 * <pre>{@code
 * // [32, 1, 1, 16] -> [32, 24, 24, 16]: per image, one copy of 16 and ten doublings
 * HostBuffer big = BroadcastCopy.of(host, Shape.of(32, 1, 1, 16), Shape.of(32, 24, 24, 16));
 * }</pre>
 */
final class BroadcastCopy {
    /** Outputs smaller than this are copied on the calling thread. */
    private static final int PARALLEL_ELEMENTS = 1 << 16;

    private BroadcastCopy() {}

    /** {@code x} (of shape {@code from}) broadcast to {@code to}, in a new buffer. */
    static HostBuffer of(HostBuffer x, Shape from, Shape to) {
        // Every element is written below: the tail copies cover the blocks the doublings fill.
        HostBuffer o = HostBuffer.allocateForOverwrite(x.dtype(), to.size());
        if (to.size() == 0) return o;
        int[] dims = to.dims();
        int[] in = IndexMaps.broadcastStrides(from, to);
        // The tail: trailing dims read straight through (dims of 1 need no stride).
        int tail = dims.length;
        int tailSize = 1;
        while (tail > 0 && (dims[tail - 1] == 1 || in[tail - 1] == tailSize)) {
            tailSize *= dims[tail - 1];
            tail--;
        }
        Object src = x.array();
        Object dst = o.array();
        int[] out = to.strides();
        if (tail > 0 && in[0] != 0 && to.size() >= PARALLEL_ELEMENTS) {
            // Blocks of the first dim are independent copies: split them across threads.
            int tailDim = tail;
            int block = tailSize;
            Parallel.forRange(dims[0], (first, end) -> {
                for (int i = first; i < end; i++) copy(src, dst, dims, in, out, tailDim, block, 1, i * in[0], i * out[0]);
            });
        } else {
            copy(src, dst, dims, in, out, tail, tailSize, 0, 0, 0);
        }
        return o;
    }

    /** Writes the block of dims {@code [d, rank)} at {@code outOff}, read from {@code inOff}. */
    private static void copy(Object x, Object o, int[] dims, int[] in, int[] out, int tail, int tailSize, int d, int inOff, int outOff) {
        if (d == tail) {
            System.arraycopy(x, inOff, o, outOff, tailSize);
            return;
        }
        if (in[d] != 0) {
            for (int i = 0; i < dims[d]; i++) copy(x, o, dims, in, out, tail, tailSize, d + 1, inOff + i * in[d], outOff + i * out[d]);
            return;
        }
        copy(x, o, dims, in, out, tail, tailSize, d + 1, inOff, outOff);
        int total = out[d] * dims[d];
        for (int done = out[d]; done < total; done *= 2) System.arraycopy(o, outOff, o, outOff + done, Math.min(done, total - done));
    }
}
