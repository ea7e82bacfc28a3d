package org.tapedeck.engine.ops;

import java.util.SplittableRandom;

import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Seeded random tensors. A call with an explicit seed gives the same values every time; without
 * one, values come from a global generator that {@link #setSeed} makes reproducible (like
 * {@code tf.random.set_seed}).
 */
public final class RandomOps {
    private static SplittableRandom global = new SplittableRandom();

    private RandomOps() {}

    /** Makes the unseeded random ops reproducible from here on. */
    public static synchronized void setSeed(long seed) { global = new SplittableRandom(seed); }

    /**
     * A seed from the global generator, for seeded work outside the ops (a dataset's shuffle):
     * reproducible after {@link #setSeed}, as TensorFlow derives op seeds from the global seed.
     */
    public static synchronized long nextSeed() { return global.nextLong(); }

    static final OpDef UNIFORM = OpDef.notDifferentiable("RandomUniform", (backend, in, attrs) -> {
        Shape shape = Shape.of(attrs.ints("shape"));
        DType dtype = DType.of((String) attrs.get("dtype"));
        double lo = attrs.number("minval");
        double hi = attrs.number("maxval");
        SplittableRandom r = new SplittableRandom(((Number) attrs.get("seed")).longValue());
        HostBuffer h = HostBuffer.allocate(dtype, shape.size());
        for (int i = 0; i < h.size(); i++) {
            if (dtype.isFloating()) {
                double v = lo + (hi - lo) * r.nextDouble();
                // NOTE: rounding to float32 can land on hi itself; keep the interval half-open.
                if (dtype == DType.FLOAT32 && (float) v >= (float) hi) v = Math.nextDown((float) hi);
                h.setDouble(i, v);
            } else {
                h.setLong(i, r.nextLong((long) lo, (long) hi));
            }
        }
        return backend.fromHost(shape, h);
    });

    static final OpDef NORMAL = OpDef.notDifferentiable("RandomStandardNormal", (backend, in, attrs) -> {
        Shape shape = Shape.of(attrs.ints("shape"));
        DType dtype = DType.of((String) attrs.get("dtype"));
        double mean = attrs.number("mean");
        double stddev = attrs.number("stddev");
        SplittableRandom r = new SplittableRandom(((Number) attrs.get("seed")).longValue());
        HostBuffer h = HostBuffer.allocate(dtype, shape.size());
        for (int i = 0; i < h.size(); i++) h.setDouble(i, mean + stddev * gaussian(r));
        return backend.fromHost(shape, h);
    });

    /** Marsaglia's polar method. */
    private static double gaussian(SplittableRandom r) {
        double u;
        double v;
        double s;
        do {
            u = 2 * r.nextDouble() - 1;
            v = 2 * r.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /** Uniform in {@code [minval, maxval)}; integers need {@code minval < maxval}. */
    public static Tensor uniform(Shape shape, double minval, double maxval, DType dtype, Long seed) {
        if (dtype.isBool()) throw new InvalidArgumentException("RandomUniform: dtype bool is not supported");
        if (!(minval < maxval)) throw new InvalidArgumentException("RandomUniform: need minval < maxval, got " + minval + " and " + maxval);
        long s = seed != null ? seed : nextSeed();
        return Exec.run(UNIFORM, Attrs.of("shape", shape.dims(), "dtype", dtype.tfName(), "minval", minval, "maxval", maxval, "seed", s));
    }

    /** Normal with the given mean and standard deviation. */
    public static Tensor normal(Shape shape, double mean, double stddev, DType dtype, Long seed) {
        if (!dtype.isFloating()) throw new InvalidArgumentException("RandomStandardNormal: dtype must be floating, got " + dtype);
        long s = seed != null ? seed : nextSeed();
        return Exec.run(NORMAL, Attrs.of("shape", shape.dims(), "dtype", dtype.tfName(), "mean", mean, "stddev", stddev, "seed", s));
    }
}
