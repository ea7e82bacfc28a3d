package org.tapedeck.engine.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

import org.tapedeck.engine.errors.InvalidArgumentException;

/** {@code dataset.take(count)}: the first {@code count} elements, or all for -1. */
final class TakeDataset<T> extends Reordering<T> {
    private final long count;

    TakeDataset(Dataset<T> input, long count) {
        super(input);
        if (count < -1) throw new InvalidArgumentException("take: count must be >= -1 (-1 takes everything), got " + count);
        this.count = count;
    }

    @Override
    <E> Iterator<E> reorder(Supplier<Iterator<E>> passes) {
        Iterator<E> in = passes.get();
        if (count < 0) return in;
        return new Iterator<>() {
            private long taken;

            @Override public boolean hasNext() { return taken < count && in.hasNext(); }

            @Override
            public E next() {
                if (!hasNext()) throw new NoSuchElementException();
                taken++;
                return in.next();
            }
        };
    }

    @Override
    public long cardinality() {
        long n = input.cardinality();
        if (count < 0) return n;
        if (n == INFINITE) return count;
        if (n == UNKNOWN) return count == 0 ? 0 : UNKNOWN;
        return Math.min(n, count);
    }

    @Override
    public String toString() { return input + ".take(" + count + ")"; }
}
