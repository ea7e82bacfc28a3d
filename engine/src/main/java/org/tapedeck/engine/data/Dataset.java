package org.tapedeck.engine.data;

import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.tapedeck.engine.backend.MemoryScope;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.events.EpochEvent;
import org.tapedeck.engine.events.ExecutionEvents;
import org.tapedeck.engine.ops.RandomOps;
import org.tapedeck.engine.tensor.Tensor;

/**
 * A sequence of elements built as a pipeline of stages, after TensorFlow's {@code tf.data.Dataset}.
 * A dataset is a description: nothing is read until it is iterated, and each iteration (a Java
 * for-each loop) is a new pass over the data, an <em>epoch</em>.
 *
 * <pre>{@code
 * Mnist.Data mnist = Mnist.loadData();
 * Dataset<Pair> dataset = Dataset.fromTensorSlices(mnist.train().images(), mnist.train().labels())
 *         .shuffle(1000, 42)
 *         .batch(32)
 *         .map(b -> new Pair(TF.expandDims(TF.cast(b.first(), DType.FLOAT32).div(255), -1),
 *                            TF.cast(b.second(), DType.INT64)));
 * for (Pair batch : dataset) {
 *     Tensor images = batch.first();   // float32 (32, 28, 28, 1)
 *     Tensor labels = batch.second();  // int64 (32,)
 * }
 * }</pre>
 *
 * Elements are {@link Tensor}s, {@link Pair}s of tensors, or whatever a {@link #map} returns
 * ({@link #batch} needs tensors or pairs). Rows of {@link #fromTensorSlices} stay in the source
 * tensor's dtype and are copied out only when an element or a batch is made: batching rows gathers
 * them straight from the source, so a pass never copies the whole source.
 *
 * <p>Each for-each loop over a dataset tells the engine's listeners that an epoch began
 * ({@link org.tapedeck.engine.events.ExecutionListener#onEpochBegan}), numbered from 0 per dataset
 * object; the stages inside it stay silent.
 */
public abstract class Dataset<T> implements Iterable<T> {
    /** {@link #cardinality()} of a dataset that never ends ({@code tf.data.INFINITE_CARDINALITY}). */
    public static final long INFINITE = -1;

    /** {@link #cardinality()} when the size cannot be known before iterating ({@code tf.data.UNKNOWN_CARDINALITY}). */
    public static final long UNKNOWN = -2;

    private final AtomicInteger epochs = new AtomicInteger();

    Dataset() {}

    // ---- sources ------------------------------------------------------------------------------

    /**
     * One element per row of {@code tensor} (its first axis): {@code tf.data.Dataset.from_tensor_slices(x)}.
     * A tensor of shape (60000, 28, 28) gives 60000 elements of shape (28, 28).
     */
    public static Dataset<Tensor> fromTensorSlices(Tensor tensor) {
        return new TensorSlices<>(new Tensor[] {tensor}, parts -> parts[0]);
    }

    /**
     * Pairs of rows of two tensors with the same first dimension:
     * {@code tf.data.Dataset.from_tensor_slices((images, labels))}.
     */
    public static Dataset<Pair> fromTensorSlices(Tensor first, Tensor second) {
        return new TensorSlices<>(new Tensor[] {first, second}, parts -> new Pair(parts[0], parts[1]));
    }

    /** int64 scalars {@code 0, 1, ..., count-1}: {@code tf.data.Dataset.range(count)}. */
    public static Dataset<Tensor> range(long count) {
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw new InvalidArgumentException("Dataset.range: count must be in [0, 2^31-1], got " + count);
        }
        long[] values = new long[(int) count];
        for (int i = 0; i < values.length; i++) values[i] = i;
        return fromTensorSlices(Rows.hostTensor(values));
    }

    // ---- transformations ----------------------------------------------------------------------

    /** Applies {@code fn} to each element as it is produced: {@code dataset.map(fn)}. */
    public <U> Dataset<U> map(Function<? super T, ? extends U> fn) { return new MapDataset<>(this, fn); }

    /**
     * Shuffles with a buffer of {@code bufferSize} elements, as {@code dataset.shuffle(buffer_size, seed)}:
     * the buffer is filled from the input, then each output is a random element of the buffer whose
     * place the next input element takes. A buffer at least as large as the dataset gives a uniform
     * permutation; a buffer of 1 keeps the order. Each pass reshuffles (differently, but
     * reproducibly for a given seed).
     */
    public Dataset<T> shuffle(int bufferSize, long seed) { return shuffle(bufferSize, seed, true); }

    /** Like {@link #shuffle(int, long)}; with {@code reshuffleEachIteration} false every pass has the same order. */
    public Dataset<T> shuffle(int bufferSize, long seed, boolean reshuffleEachIteration) {
        return new ShuffleDataset<>(this, bufferSize, seed, reshuffleEachIteration);
    }

    /**
     * Like {@link #shuffle(int, long)} with a seed drawn from the engine's global generator, so
     * {@code TF.random.setSeed} makes it reproducible (as in TensorFlow).
     */
    public Dataset<T> shuffle(int bufferSize) { return shuffle(bufferSize, RandomOps.nextSeed(), true); }

    /**
     * Stacks consecutive elements into batches along a new first axis: {@code dataset.batch(size)}.
     * The last batch may be smaller.
     */
    public Dataset<T> batch(int size) { return batch(size, false); }

    /** Like {@link #batch(int)}; with {@code dropRemainder} a last batch smaller than {@code size} is dropped. */
    public Dataset<T> batch(int size, boolean dropRemainder) { return new BatchDataset<>(this, size, dropRemainder); }

    /** The first {@code count} elements ({@code -1}: all of them): {@code dataset.take(count)}. */
    public Dataset<T> take(long count) { return new TakeDataset<>(this, count); }

    /** All but the first {@code count} elements ({@code -1}: skip everything): {@code dataset.skip(count)}. */
    public Dataset<T> skip(long count) { return new SkipDataset<>(this, count); }

    /** The elements {@code count} times over ({@code -1}: forever); each round is a new pass of the input. */
    public Dataset<T> repeat(long count) { return new RepeatDataset<>(this, count); }

    /** The elements over and over, forever: {@code dataset.repeat()}. */
    public Dataset<T> repeat() { return repeat(-1); }

    // ---- facts --------------------------------------------------------------------------------

    /**
     * The number of elements, or {@link #INFINITE} or {@link #UNKNOWN}:
     * {@code dataset.cardinality()}.
     */
    public abstract long cardinality();

    /** How this dataset was built, e.g. {@code fromTensorSlices(uint8(60000, 28, 28)).shuffle(1000).batch(32)}. */
    @Override
    public abstract String toString();

    // ---- iteration ----------------------------------------------------------------------------

    /**
     * Starts a new pass over the elements (an epoch) and tells the engine's listeners so. A pass
     * that is abandoned early needs no closing.
     */
    @Override
    public final Iterator<T> iterator() {
        int epoch = epochs.getAndIncrement();
        String description = toString();
        ExecutionEvents.emit(l -> l.onEpochBegan(new EpochEvent(description, epoch)));
        Iterator<T> elements = elements();
        // Elements outlive the step that asks for them (a shuffle buffer holds them across steps), so
        // they are made outside the caller's MemoryScope and left to the garbage collector.
        return new Iterator<>() {
            @Override
            public boolean hasNext() { return MemoryScope.unscoped(elements::hasNext); }

            @Override
            public T next() { return MemoryScope.unscoped(elements::next); }
        };
    }

    /** A new pass over the elements, without telling anyone: what stages call on their input. */
    abstract Iterator<T> elements();

    /**
     * When this dataset's elements are rows of one {@link TensorSlices} source, picked in the order
     * of {@link #rowIndices()}: that source; otherwise null. Batching then gathers rows straight from
     * the source instead of stacking element copies.
     */
    TensorSlices<T> rowSource() { return null; }

    /** A new pass over the source rows this dataset's elements are, when {@link #rowSource()} is not null. */
    Iterator<Integer> rowIndices() {
        throw new IllegalStateException(this + " is not made of source rows");
    }
}
