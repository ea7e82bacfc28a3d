package org.tapedeck.app.feed;

import java.util.IdentityHashMap;
import java.util.Map;

import org.tapedeck.engine.tensor.Tensor;

/** A {@link TensorKeeper} that counts: how often each tensor is retained now, and every imbalance. */
final class CountingKeeper implements TensorKeeper {
    final Map<Tensor, Integer> retained = new IdentityHashMap<>();
    int retains;
    int releases;

    @Override
    public void retain(Tensor t) {
        retains++;
        retained.merge(t, 1, Integer::sum);
    }

    @Override
    public void release(Tensor t) {
        releases++;
        Integer n = retained.get(t);
        if (n == null) throw new AssertionError("released a tensor that is not retained: " + t.dtype() + t.shape());
        if (n == 1) retained.remove(t);
        else retained.put(t, n - 1);
    }

    int count(Tensor t) { return retained.getOrDefault(t, 0); }
}
