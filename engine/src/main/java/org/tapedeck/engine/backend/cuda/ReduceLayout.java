package org.tapedeck.engine.backend.cuda;

import org.tapedeck.engine.tensor.Shape;

/**
 * How reduce.cu walks a reduction over some axes: output element {@code o} (row-major over the kept
 * dims) reduces input elements {@code outMap(o) + redMap(k)} for k over the reduced dims. A block
 * of 256 threads is {@code threadsPerOutput x (256 / threadsPerOutput)}: each row of threads
 * reduces one output.
 *
 * <pre>{@code
 * ReduceLayout r = ReduceLayout.of(Shape.of(32, 24, 24, 16), new int[] {1, 2});  // global average pooling
 * r.outputs();   // 512 = 32 * 16
 * r.length();    // 576 = 24 * 24
 * }</pre>
 */
final class ReduceLayout {
    static final int BLOCK = 256;

    final StridedLayout outMap;
    final StridedLayout redMap;
    private final int outputs;
    private final int length;
    private final int threadsPerOutput;

    private ReduceLayout(StridedLayout outMap, StridedLayout redMap, int outputs, int length, int threadsPerOutput) {
        this.outMap = outMap;
        this.redMap = redMap;
        this.outputs = outputs;
        this.length = length;
        this.threadsPerOutput = threadsPerOutput;
    }

    /** The layout of reducing {@code in} over {@code axes} (distinct, normalised). */
    static ReduceLayout of(Shape in, int[] axes) {
        int[] dims = in.dims();
        int[] strides = in.strides();
        boolean[] reduced = new boolean[dims.length];
        for (int a : axes) reduced[a] = true;
        int kept = dims.length - axes.length;
        int[] keptDims = new int[kept];
        int[] keptStrides = new int[kept];
        int[] redDims = new int[axes.length];
        int[] redStrides = new int[axes.length];
        int k = 0;
        int r = 0;
        int outputs = 1;
        int length = 1;
        for (int i = 0; i < dims.length; i++) {
            if (reduced[i]) {
                redDims[r] = dims[i];
                redStrides[r++] = strides[i];
                length *= dims[i];
            } else {
                keptDims[k] = dims[i];
                keptStrides[k++] = strides[i];
                outputs *= dims[i];
            }
        }
        boolean innermostKept = dims.length > 0 && !reduced[dims.length - 1] && dims[dims.length - 1] > 1;
        return new ReduceLayout(StridedLayout.of(keptDims, keptStrides), StridedLayout.of(redDims, redStrides),
                outputs, length, threadsPerOutput(outputs, length, innermostKept));
    }

    /**
     * Threads cooperating on one output: enough to cover the reduced length (a power of two up to
     * 256). NOTE: when the innermost dim is kept and there are many outputs, one thread per output
     * is better: neighbouring threads then read neighbouring addresses.
     */
    static int threadsPerOutput(int outputs, int length, boolean innermostKept) {
        if (innermostKept && outputs >= 4096) return 1;
        int t = 1;
        while (t < length && t < BLOCK) t <<= 1;
        return t;
    }

    int outputs() { return outputs; }

    int length() { return length; }

    int threadsPerOutput() { return threadsPerOutput; }

    int outputsPerBlock() { return BLOCK / threadsPerOutput; }

    int blocks() { return (outputs + outputsPerBlock() - 1) / outputsPerBlock(); }

    /** The input offset of element {@code k} of output {@code o}'s reduction (as the kernel computes it). */
    int inputOffset(int o, int k) { return outMap.offsets(o)[0] + redMap.offsets(k)[0]; }
}
