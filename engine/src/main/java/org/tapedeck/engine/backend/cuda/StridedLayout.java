package org.tapedeck.engine.backend.cuda;

import java.util.Arrays;

import org.tapedeck.engine.errors.UnimplementedException;
import org.tapedeck.engine.tensor.Shape;

/**
 * The Java side of {@code struct Layout} in common.cuh: an iteration space (row-major dims) and,
 * for up to three operands, the element stride of each dim. The kernels find operand offsets of
 * element i with {@code td_offsets}; {@link #offsets} is the same arithmetic, so tests can run a
 * kernel's indexing on the host against the CPU backend.
 *
 * <p>Layouts are simplified before launch: dims of size 1 are dropped, and neighbouring dims that
 * every operand walks as one are merged. An elementwise op on tensors of one shape becomes a single
 * dim however many it had; adding a {@code (10,)} bias to a {@code (32, 10)} tensor keeps two dims,
 * since the bias repeats.
 *
 * <pre>{@code
 * StridedLayout l = StridedLayout.broadcast(Shape.of(32, 10), Shape.of(32, 10), Shape.of(10));
 * l.offsets(13);   // {13, 3}: a[13] and b[3]
 * }</pre>
 */
final class StridedLayout {
    static final int MAX_RANK = 8;
    static final int OPERANDS = 3;
    /** Ints in the packed struct: rank, dims[8], strides[3][8]. */
    static final int PACKED_INTS = 1 + MAX_RANK + OPERANDS * MAX_RANK;

    private final int[] dims;
    private final int[][] strides;

    private StridedLayout(int[] dims, int[][] strides) {
        this.dims = dims;
        this.strides = strides;
    }

    /**
     * The simplified layout of {@code dims} walked with {@code operandStrides} (one array per
     * operand, one stride per dim).
     */
    static StridedLayout of(int[] dims, int[]... operandStrides) {
        if (operandStrides.length > OPERANDS) throw new IllegalArgumentException("at most " + OPERANDS + " operands");
        int ops = operandStrides.length;
        int[] d = new int[dims.length];
        int[][] s = new int[ops][dims.length];
        int rank = 0;
        // Walk from the innermost dim out, merging dim i into the current outermost merged dim when
        // every operand steps over it exactly as if the two were one.
        for (int i = dims.length - 1; i >= 0; i--) {
            if (dims[i] == 1) continue;
            if (rank > 0 && mergeable(operandStrides, i, s, d[rank - 1], rank - 1)) {
                d[rank - 1] *= dims[i];
                continue;
            }
            d[rank] = dims[i];
            for (int k = 0; k < ops; k++) s[k][rank] = operandStrides[k][i];
            rank++;
        }
        if (rank > MAX_RANK) {
            throw new UnimplementedException("the GPU kernels index at most " + MAX_RANK + " dims that cannot be merged; this op needs "
                    + rank + " (dims " + Arrays.toString(dims) + ")");
        }
        // Built innermost first; reverse into row-major order.
        int[] outDims = new int[rank];
        int[][] outStrides = new int[ops][rank];
        for (int j = 0; j < rank; j++) {
            outDims[j] = d[rank - 1 - j];
            for (int k = 0; k < ops; k++) outStrides[k][j] = s[k][rank - 1 - j];
        }
        return new StridedLayout(outDims, outStrides);
    }

    private static boolean mergeable(int[][] operandStrides, int i, int[][] merged, int mergedDim, int m) {
        for (int k = 0; k < operandStrides.length; k++) {
            if ((long) operandStrides[k][i] != (long) merged[k][m] * mergedDim) return false;
        }
        return true;
    }

    /**
     * Elementwise over {@code out}: each input read with NumPy broadcasting (dims aligned on the
     * right; a dim of size 1 or a missing one gets stride 0).
     */
    static StridedLayout broadcast(Shape out, Shape... inputs) {
        int[][] s = new int[inputs.length][];
        for (int k = 0; k < inputs.length; k++) s[k] = broadcastStrides(inputs[k], out);
        return of(out.dims(), s);
    }

    /** Strides to read {@code in} as if it had {@code out}'s shape (as CpuBackend's IndexMaps does). */
    static int[] broadcastStrides(Shape in, Shape out) {
        int[] inDims = in.dims();
        int[] inStrides = in.strides();
        int r = out.rank();
        int[] s = new int[r];
        int shift = r - inDims.length;
        for (int i = 0; i < inDims.length; i++) s[i + shift] = inDims[i] == 1 ? 0 : inStrides[i];
        return s;
    }

    /** The output of a transpose of {@code in} by {@code perm}, read from the input. */
    static StridedLayout permute(Shape in, int[] perm) {
        int[] inDims = in.dims();
        int[] inStrides = in.strides();
        int[] d = new int[perm.length];
        int[] s = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            d[i] = inDims[perm[i]];
            s[i] = inStrides[perm[i]];
        }
        return of(d, s);
    }

    /** A box of {@code size} inside {@code outer}, walked with the outer tensor's strides (slice reads, pad writes). */
    static StridedLayout box(Shape outer, int[] size) {
        return of(size, outer.strides());
    }

    /** The flat offset of {@code index} (one coordinate per dim) in a tensor of {@code shape}. */
    static int offsetOf(Shape shape, int[] index) {
        int[] st = shape.strides();
        int off = 0;
        for (int i = 0; i < index.length; i++) off += index[i] * st[i];
        return off;
    }

    int rank() { return dims.length; }

    int[] dims() { return dims.clone(); }

    int stride(int operand, int dim) { return strides[operand][dim]; }

    /** Number of elements of the iteration space. */
    int size() {
        int n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    /**
     * The offsets of element {@code i} in each operand: td_offsets of common.cuh, step for step
     * (innermost dim first, unsigned division).
     */
    int[] offsets(int i) {
        int[] off = new int[strides.length];
        int rest = i;
        for (int d = dims.length - 1; d > 0; d--) {
            int c = Integer.remainderUnsigned(rest, dims[d]);
            rest = Integer.divideUnsigned(rest, dims[d]);
            for (int k = 0; k < off.length; k++) off[k] += c * strides[k][d];
        }
        if (dims.length > 0) {
            for (int k = 0; k < off.length; k++) off[k] += rest * strides[k][0];
        }
        return off;
    }

    /** The struct as the kernels receive it: rank, dims[8], strides[3][8]. */
    int[] pack() {
        int[] p = new int[PACKED_INTS];
        p[0] = dims.length;
        System.arraycopy(dims, 0, p, 1, dims.length);
        for (int k = 0; k < strides.length; k++) {
            System.arraycopy(strides[k], 0, p, 1 + MAX_RANK + k * MAX_RANK, dims.length);
        }
        return p;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Layout").append(Arrays.toString(dims));
        for (int[] s : strides) sb.append(' ').append(Arrays.toString(s));
        return sb.toString();
    }
}
