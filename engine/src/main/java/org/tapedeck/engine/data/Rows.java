package org.tapedeck.engine.data;

import java.util.Arrays;
import java.util.List;

import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Copies rows (slices along the first axis) between host buffers. The input pipeline works here,
 * below the op dispatcher, as tf.data does below eager execution: making batches runs no ops, so
 * the debugger's op stream shows the model's work, not the data loader's.
 */
final class Rows {
    private Rows() {}

    /** A CPU tensor over {@code values}, without a copy. */
    static Tensor hostTensor(long[] values) {
        return Tensor.wrap(Shape.of(values.length), HostBuffer.wrap(values));
    }

    /** The shape of one row of {@code t}: its shape without the first dim. */
    static Shape rowShape(Tensor t) {
        int[] d = t.shape().dims();
        return Shape.of(Arrays.copyOfRange(d, 1, d.length));
    }

    /** Row {@code i} of {@code source}, a CPU tensor of shape {@code rowShape(source)}. */
    static Tensor row(Tensor source, int i) {
        return gather(source, new int[] {i}, rowShape(source));
    }

    /** Rows {@code indices} of {@code source}, stacked: shape {@code (indices.length, ...rowShape)}. */
    static Tensor gather(Tensor source, int[] indices) {
        return gather(source, indices, prepend(indices.length, rowShape(source)));
    }

    private static Tensor gather(Tensor source, int[] indices, Shape outShape) {
        HostBuffer src = source.host();
        int rowSize = rowShape(source).size();
        HostBuffer out = HostBuffer.allocate(source.dtype(), indices.length * rowSize);
        for (int j = 0; j < indices.length; j++) src.copyTo(indices[j] * rowSize, out, j * rowSize, rowSize);
        return Tensor.wrap(outShape, out);
    }

    /**
     * Tensors of one shape and dtype stacked along a new first axis, as {@code tf.stack}. The
     * {@code what} names the component in errors ("element", "first of the pair").
     */
    static Tensor stack(List<Tensor> elements, String what) {
        Tensor first = elements.get(0);
        Shape shape = first.shape();
        int size = shape.size();
        HostBuffer out = HostBuffer.allocate(first.dtype(), elements.size() * size);
        for (int j = 0; j < elements.size(); j++) {
            Tensor t = elements.get(j);
            if (!t.shape().equals(shape) || t.dtype() != first.dtype()) {
                throw new InvalidArgumentException("batch: cannot stack " + what + " " + j + " of dtype " + t.dtype()
                        + " and shape " + t.shape() + " with " + what + " 0 of dtype " + first.dtype() + " and shape "
                        + shape + "; every element of a batch needs the same shape and dtype");
            }
            t.host().copyTo(0, out, j * size, size);
        }
        return Tensor.wrap(prepend(elements.size(), shape), out);
    }

    private static Shape prepend(int n, Shape rest) {
        int[] r = rest.dims();
        int[] d = new int[r.length + 1];
        d[0] = n;
        System.arraycopy(r, 0, d, 1, r.length);
        return Shape.of(d);
    }
}
