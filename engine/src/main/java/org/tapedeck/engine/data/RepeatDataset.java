package org.tapedeck.engine.data;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

import org.tapedeck.engine.errors.InvalidArgumentException;

/**
 * {@code dataset.repeat(count)}: the input {@code count} times over, or forever for -1. Each
 * round is a new pass of the input, so a shuffle inside reshuffles. An input that turns out empty
 * ends the repetition (as in tf.data), even a "forever" one.
 */
final class RepeatDataset<T> extends Reordering<T> {
    private final long count;

    RepeatDataset(Dataset<T> input, long count) {
        super(input);
        if (count < -1) throw new InvalidArgumentException("repeat: count must be >= -1 (-1 repeats forever), got " + count);
        this.count = count;
    }

    @Override
    <E> Iterator<E> reorder(Supplier<Iterator<E>> passes) {
        return new Iterator<>() {
            private long round;
            private Iterator<E> current = Collections.emptyIterator();
            private boolean ended;

            @Override
            public boolean hasNext() {
                while (!ended && !current.hasNext()) {
                    if (count >= 0 && round >= count) {
                        ended = true;
                    } else {
                        current = passes.get();
                        round++;
                        if (!current.hasNext()) ended = true;
                    }
                }
                return !ended;
            }

            @Override
            public E next() {
                if (!hasNext()) throw new NoSuchElementException();
                return current.next();
            }
        };
    }

    @Override
    public long cardinality() {
        long n = input.cardinality();
        if (n == 0 || count == 0) return 0;
        if (n == UNKNOWN) return UNKNOWN;
        if (count < 0 || n == INFINITE) return INFINITE;
        return n * count;
    }

    @Override
    public String toString() { return input + ".repeat(" + (count < 0 ? "" : count) + ")"; }
}
