package org.tapedeck.engine.data;

import java.util.Iterator;
import java.util.function.Function;

/** {@code dataset.map(fn)}: {@code fn} applied to each element as it is produced. */
final class MapDataset<T, U> extends Dataset<U> {
    private final Dataset<T> input;
    private final Function<? super T, ? extends U> fn;

    MapDataset(Dataset<T> input, Function<? super T, ? extends U> fn) {
        if (fn == null) throw new NullPointerException("map: the function is null");
        this.input = input;
        this.fn = fn;
    }

    @Override
    Iterator<U> elements() {
        Iterator<T> in = input.elements();
        return new Iterator<>() {
            @Override public boolean hasNext() { return in.hasNext(); }
            @Override public U next() { return fn.apply(in.next()); }
        };
    }

    @Override
    public long cardinality() { return input.cardinality(); }

    @Override
    public String toString() { return input + ".map(...)"; }
}
