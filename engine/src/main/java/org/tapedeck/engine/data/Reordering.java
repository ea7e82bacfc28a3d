package org.tapedeck.engine.data;

import java.util.Iterator;
import java.util.function.Supplier;

/**
 * A stage that picks and orders its input's elements without changing them (shuffle, take, skip,
 * repeat). It is written once over any element type, so it can run on the source row numbers
 * instead of the elements: a batch after it then gathers its rows straight from the source.
 */
abstract class Reordering<T> extends Dataset<T> {
    final Dataset<T> input;

    Reordering(Dataset<T> input) { this.input = input; }

    /** This stage applied to a stream of anything; {@code passes} starts a new pass of the input. */
    abstract <E> Iterator<E> reorder(Supplier<Iterator<E>> passes);

    @Override
    final Iterator<T> elements() { return reorder(input::elements); }

    @Override
    final TensorSlices<T> rowSource() { return input.rowSource(); }

    @Override
    final Iterator<Integer> rowIndices() { return reorder(input::rowIndices); }
}
