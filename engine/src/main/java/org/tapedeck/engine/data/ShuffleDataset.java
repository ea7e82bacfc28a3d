package org.tapedeck.engine.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.tapedeck.engine.errors.InvalidArgumentException;

/**
 * {@code dataset.shuffle(bufferSize, seed)} with tf.data's buffer semantics: fill a buffer with the
 * first {@code bufferSize} elements, then repeatedly emit a uniformly chosen buffered element and
 * put the next input element in its place; once the input ends, drain the buffer in random order.
 *
 * <p>NOTE: so an element can leave at most {@code bufferSize - 1} places earlier than it came in
 * (element i is read only after {@code i - bufferSize + 1} elements were emitted). Only a buffer at
 * least as large as the dataset gives every permutation.
 */
final class ShuffleDataset<T> extends Reordering<T> {
    private final int bufferSize;
    private final long seed;
    private final boolean reshuffleEachIteration;
    private final AtomicLong passes = new AtomicLong();

    ShuffleDataset(Dataset<T> input, int bufferSize, long seed, boolean reshuffleEachIteration) {
        super(input);
        if (bufferSize <= 0) throw new InvalidArgumentException("shuffle: bufferSize must be greater than zero, got " + bufferSize);
        this.bufferSize = bufferSize;
        this.seed = seed;
        this.reshuffleEachIteration = reshuffleEachIteration;
    }

    @Override
    <E> Iterator<E> reorder(Supplier<Iterator<E>> inputPasses) {
        long pass = passes.getAndIncrement();
        SplittableRandom random = new SplittableRandom(passSeed(seed, reshuffleEachIteration ? pass : 0));
        Iterator<E> in = inputPasses.get();
        return new Iterator<>() {
            private final ArrayList<E> buffer = new ArrayList<>();

            @Override
            public boolean hasNext() {
                while (buffer.size() < bufferSize && in.hasNext()) buffer.add(in.next());
                return !buffer.isEmpty();
            }

            @Override
            public E next() {
                if (!hasNext()) throw new NoSuchElementException();
                int pick = random.nextInt(buffer.size());
                E out = buffer.get(pick);
                if (in.hasNext()) {
                    buffer.set(pick, in.next());
                } else {
                    buffer.set(pick, buffer.get(buffer.size() - 1));
                    buffer.remove(buffer.size() - 1);
                }
                return out;
            }
        };
    }

    /**
     * The seed of pass {@code pass}: the user's seed and the pass number mixed (murmur3's
     * finaliser), so consecutive passes get unrelated orders rather than shifted copies.
     */
    static long passSeed(long seed, long pass) {
        return mix(seed ^ mix(pass + 0x9E3779B97F4A7C15L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    @Override
    public long cardinality() { return input.cardinality(); }

    @Override
    public String toString() { return input + ".shuffle(" + bufferSize + ")"; }
}
