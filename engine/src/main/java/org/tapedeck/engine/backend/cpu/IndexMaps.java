package org.tapedeck.engine.backend.cpu;

import org.tapedeck.engine.tensor.Shape;

/**
 * Index arithmetic shared by the CPU kernels: walking an output in row-major order while another
 * array is read with its own strides (0 along broadcast dims, permuted for a transpose, offset for
 * a slice).
 */
final class IndexMaps {
    private IndexMaps() {}

    /**
     * Strides (in elements) to read {@code in} as if it had {@code out}'s shape under NumPy
     * broadcasting: dims are aligned on the right, and a dim of size 1 (or a missing one) gets
     * stride 0.
     */
    static int[] broadcastStrides(Shape in, Shape out) {
        int[] inDims = in.dims();
        int[] inStrides = in.strides();
        int r = out.rank();
        int[] s = new int[r];
        int shift = r - inDims.length;
        for (int i = 0; i < inDims.length; i++) {
            s[i + shift] = inDims[i] == 1 ? 0 : inStrides[i];
        }
        return s;
    }

    /**
     * For each element of an array of shape {@code outDims} in row-major order, the flat position
     * {@code offset + sum(index[d] * strides[d])}.
     */
    static int[] map(int[] outDims, int[] strides, int offset) {
        int n = 1;
        for (int d : outDims) n *= d;
        int[] map = new int[n];
        if (n == 0) return map;
        int r = outDims.length;
        if (r == 0) {
            map[0] = offset;
            return map;
        }
        int last = outDims[r - 1];
        int step = strides[r - 1];
        int[] idx = new int[r];
        int base = offset;
        for (int o = 0; o < n; o += last) {
            for (int k = 0; k < last; k++) map[o + k] = base + k * step;
            base = advance(idx, outDims, strides, base, r - 2);
        }
        return map;
    }

    /**
     * Moves an odometer over dims {@code [0, from]} one step and returns the new base offset; the
     * innermost dim is walked by the caller.
     */
    static int advance(int[] idx, int[] dims, int[] strides, int base, int from) {
        for (int d = from; d >= 0; d--) {
            idx[d]++;
            base += strides[d];
            if (idx[d] < dims[d]) return base;
            base -= strides[d] * dims[d];
            idx[d] = 0;
        }
        return base;
    }
}
