package org.tapedeck.engine.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The rows of one or more tensors with a common first dimension; an element puts row i of each
 * tensor together (a tensor, or a {@link Pair}). Rows are copied out of the source only when an
 * element or a batch is made.
 */
final class TensorSlices<T> extends Dataset<T> {
    private final Tensor[] components;
    private final Function<Tensor[], T> assemble;
    private final int count;

    TensorSlices(Tensor[] components, Function<Tensor[], T> assemble) {
        for (int i = 0; i < components.length; i++) {
            Tensor c = components[i];
            if (c == null) throw new InvalidArgumentException("fromTensorSlices: component " + i + " is null");
            if (c.rank() == 0) {
                throw new InvalidArgumentException("fromTensorSlices: component " + i + " is a scalar (shape ()); "
                        + "slicing needs a tensor of rank >= 1");
            }
            if (c.shape().dim(0) != components[0].shape().dim(0)) {
                throw new InvalidArgumentException("fromTensorSlices: all components need the same first dimension, but "
                        + "component 0 has shape " + components[0].shape() + " and component " + i + " has shape " + c.shape());
            }
        }
        this.components = components.clone();
        this.assemble = assemble;
        this.count = components[0].shape().dim(0);
    }

    /** Row {@code i} of every component, as one element. */
    T row(int i) {
        Tensor[] parts = new Tensor[components.length];
        for (int c = 0; c < parts.length; c++) parts[c] = Rows.row(components[c], i);
        return assemble.apply(parts);
    }

    /** Rows {@code indices} of every component, stacked into one batch element. */
    T rows(int[] indices) {
        Tensor[] parts = new Tensor[components.length];
        for (int c = 0; c < parts.length; c++) parts[c] = Rows.gather(components[c], indices);
        return assemble.apply(parts);
    }

    @Override
    public long cardinality() { return count; }

    @Override
    Iterator<T> elements() {
        Iterator<Integer> indices = rowIndices();
        return new Iterator<>() {
            @Override public boolean hasNext() { return indices.hasNext(); }
            @Override public T next() { return row(indices.next()); }
        };
    }

    @Override
    TensorSlices<T> rowSource() { return this; }

    @Override
    Iterator<Integer> rowIndices() {
        return new Iterator<>() {
            private int next;

            @Override public boolean hasNext() { return next < count; }

            @Override
            public Integer next() {
                if (next >= count) throw new NoSuchElementException();
                return next++;
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("fromTensorSlices(");
        for (int c = 0; c < components.length; c++) {
            if (c > 0) sb.append(", ");
            sb.append(components[c].dtype()).append(components[c].shape());
        }
        return sb.append(')').toString();
    }
}
