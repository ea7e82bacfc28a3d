package org.tapedeck.engine.backend;

/**
 * What the debugger shows about a tensor without reading all of it: counts of elements, NaNs,
 * infinities and zeros, and min, max, mean and (population) standard deviation of the finite
 * elements (NaN when there are none).
 */
public record TensorStats(long count, double min, double max, double mean, double std,
                          long nanCount, long infCount, long zeroCount) {

    /** True when some element is NaN or infinite. */
    public boolean hasNonFinite() { return nanCount > 0 || infCount > 0; }
}
