package org.tapedeck.engine.nn;

import java.util.SplittableRandom;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Keras' {@code Dropout}: while training, zeroes each element with probability {@code rate} and
 * scales the rest by {@code 1 / (1 - rate)} (inverted dropout), so inference needs no rescaling;
 * at inference it passes the input through unchanged.
 *
 * <pre>{@code
 * Dropout drop = new Dropout(0.5).seed(42);
 * Tensor y = drop.call(x, true);    // about half of x, doubled
 * Tensor z = drop.call(x, false);   // x itself
 * }</pre>
 *
 * With a seed, the sequence of masks is the same on every run; without one, masks come from the
 * global generator, which {@code TF.random.setSeed} makes reproducible.
 */
public final class Dropout extends Layer {
    private final double rate;
    private SplittableRandom seeds;

    public Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) throw new InvalidArgumentException("Dropout: rate must be in [0, 1), got " + rate);
        this.rate = rate;
    }

    /** Makes the masks reproducible, as {@code Dropout(rate, seed=...)}. */
    public Dropout seed(long seed) {
        this.seeds = new SplittableRandom(seed);
        return this;
    }

    // The Layer settings, returning this Dropout so that calls chain.
    @Override public Dropout name(String name) { super.name(name); return this; }
    @Override public Dropout inputShape(Integer... dims) { super.inputShape(dims); return this; }
    @Override public Dropout dtype(DType dtype) { super.dtype(dtype); return this; }

    public double rate() { return rate; }

    @Override
    public PartialShape computeOutputShape(PartialShape in) { return in; }

    @Override
    protected Tensor forward(Tensor x, boolean training) {
        if (!training || rate == 0) return x;
        if (!x.dtype().isFloating()) {
            throw new InvalidArgumentException("Layer \"" + name() + "\": dropout needs a floating input, got " + x.dtype() + " of shape " + x.shape());
        }
        Long seed = seeds != null ? seeds.nextLong() : null;
        Tensor u = TF.random.uniform(x.shape(), 0, 1, x.dtype(), seed);
        // Keep where u >= rate (probability 1 - rate), scaled so the expected value is unchanged.
        Tensor keep = TF.cast(TF.greaterEqual(u, rate), x.dtype());
        return TF.multiply(x, TF.multiply(keep, 1 / (1 - rate)));
    }
}
