package org.tapedeck.engine.data;

import java.util.Iterator;
import java.util.function.Supplier;

import org.tapedeck.engine.errors.InvalidArgumentException;

/** {@code dataset.skip(count)}: everything after the first {@code count} elements; -1 skips all. */
final class SkipDataset<T> extends Reordering<T> {
    private final long count;

    SkipDataset(Dataset<T> input, long count) {
        super(input);
        if (count < -1) throw new InvalidArgumentException("skip: count must be >= -1 (-1 skips everything), got " + count);
        this.count = count;
    }

    @Override
    <E> Iterator<E> reorder(Supplier<Iterator<E>> passes) {
        Iterator<E> in = passes.get();
        return new Iterator<>() {
            private boolean skipped;

            @Override
            public boolean hasNext() {
                if (!skipped) {
                    skipped = true;
                    for (long i = 0; (count < 0 || i < count) && in.hasNext(); i++) in.next();
                }
                return in.hasNext();
            }

            @Override
            public E next() {
                hasNext();
                return in.next();
            }
        };
    }

    @Override
    public long cardinality() {
        long n = input.cardinality();
        if (n == INFINITE) return count < 0 ? 0 : INFINITE;
        if (n == UNKNOWN) return count < 0 ? 0 : UNKNOWN;
        return count < 0 ? 0 : Math.max(0, n - count);
    }

    @Override
    public String toString() { return input + ".skip(" + count + ")"; }
}
