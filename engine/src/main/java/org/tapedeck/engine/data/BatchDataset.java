package org.tapedeck.engine.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.Tensor;

/**
 * {@code dataset.batch(size, dropRemainder)}: consecutive elements stacked along a new first axis.
 * Over rows of a source (possibly shuffled, taken, skipped or repeated) the batch is gathered from
 * the source directly; otherwise the elements are stacked, which works for tensors and pairs.
 */
final class BatchDataset<T> extends Dataset<T> {
    private final Dataset<T> input;
    private final int size;
    private final boolean dropRemainder;

    BatchDataset(Dataset<T> input, int size, boolean dropRemainder) {
        if (size <= 0) throw new InvalidArgumentException("batch: size must be greater than zero, got " + size);
        this.input = input;
        this.size = size;
        this.dropRemainder = dropRemainder;
    }

    @Override
    Iterator<T> elements() {
        TensorSlices<T> source = input.rowSource();
        if (source != null) {
            Iterator<Integer> rows = input.rowIndices();
            return batches(rows, group -> source.rows(group.stream().mapToInt(Integer::intValue).toArray()));
        }
        return batches(input.elements(), this::stack);
    }

    private <E> Iterator<T> batches(Iterator<E> in, java.util.function.Function<List<E>, T> make) {
        return new Iterator<>() {
            private List<E> group;

            @Override
            public boolean hasNext() {
                if (group == null) {
                    List<E> g = new ArrayList<>(size);
                    while (g.size() < size && in.hasNext()) g.add(in.next());
                    if (!g.isEmpty() && (g.size() == size || !dropRemainder)) group = g;
                }
                return group != null;
            }

            @Override
            public T next() {
                if (!hasNext()) throw new NoSuchElementException();
                List<E> g = group;
                group = null;
                return make.apply(g);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private T stack(List<T> elements) {
        Object first = elements.get(0);
        if (first instanceof Tensor) {
            List<Tensor> tensors = new ArrayList<>(elements.size());
            for (int i = 0; i < elements.size(); i++) tensors.add(as(Tensor.class, elements, i));
            return (T) Rows.stack(tensors, "element");
        }
        if (first instanceof Pair) {
            List<Tensor> firsts = new ArrayList<>(elements.size());
            List<Tensor> seconds = new ArrayList<>(elements.size());
            for (int i = 0; i < elements.size(); i++) {
                Pair p = as(Pair.class, elements, i);
                firsts.add(p.first());
                seconds.add(p.second());
            }
            return (T) new Pair(Rows.stack(firsts, "first tensor of element"), Rows.stack(seconds, "second tensor of element"));
        }
        throw new InvalidArgumentException("batch: cannot stack elements of type " + typeName(first)
                + "; batch works on Tensor and Pair elements (batch before a map that makes other types)");
    }

    private static <E> E as(Class<E> type, List<?> elements, int i) {
        Object e = elements.get(i);
        if (!type.isInstance(e)) {
            throw new InvalidArgumentException("batch: element " + i + " is a " + typeName(e) + " but element 0 is a "
                    + type.getSimpleName() + "; a batch needs elements of one structure");
        }
        return type.cast(e);
    }

    private static String typeName(Object o) { return o == null ? "null" : o.getClass().getName(); }

    @Override
    public long cardinality() {
        long n = input.cardinality();
        if (n < 0) return n;
        return dropRemainder ? n / size : (n + size - 1) / size;
    }

    @Override
    public String toString() {
        return input + ".batch(" + size + (dropRemainder ? ", dropRemainder=true" : "") + ")";
    }
}
