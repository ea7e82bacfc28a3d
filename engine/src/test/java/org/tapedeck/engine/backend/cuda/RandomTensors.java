package org.tapedeck.engine.backend.cuda;

import java.util.SplittableRandom;

import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** Seeded host tensors for kernel tests: floats in [-2, 2), integers in [-50, 50), uint8 in [0, 256), bools. */
final class RandomTensors {
    private final SplittableRandom random;

    RandomTensors(long seed) { this.random = new SplittableRandom(seed); }

    Tensor of(DType dtype, int... dims) { return of(dtype, Shape.of(dims)); }

    Tensor of(DType dtype, Shape shape) {
        HostBuffer h = HostBuffer.allocate(dtype, shape.size());
        for (int i = 0; i < h.size(); i++) {
            switch (dtype) {
                case FLOAT32, FLOAT64 -> h.setDouble(i, random.nextDouble(-2, 2));
                case INT32, INT64 -> h.setLong(i, random.nextLong(-50, 50));
                case UINT8 -> h.setLong(i, random.nextInt(256));
                case BOOL -> h.setLong(i, random.nextBoolean() ? 1 : 0);
            }
        }
        return Tensor.wrap(shape, h);
    }

    /** Integers in [lo, hi) of an integer dtype. */
    Tensor ints(DType dtype, int lo, int hi, int... dims) {
        Shape shape = Shape.of(dims);
        HostBuffer h = HostBuffer.allocate(dtype, shape.size());
        for (int i = 0; i < h.size(); i++) h.setLong(i, random.nextInt(lo, hi));
        return Tensor.wrap(shape, h);
    }

    int nextInt(int lo, int hi) { return random.nextInt(lo, hi); }

    boolean nextBoolean() { return random.nextBoolean(); }

    /** A random shape of the given rank with dims in [1, maxDim]. */
    int[] dims(int rank, int maxDim) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) d[i] = random.nextInt(1, maxDim + 1);
        return d;
    }

    /** A random permutation of 0..n-1. */
    int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
