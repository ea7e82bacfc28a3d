package org.tapedeck.engine.backend.cuda;

import org.tapedeck.engine.tensor.Shape;

/**
 * A tensor viewed as {@code [outer, length, inner]} around one axis: the view of gather,
 * scatterAdd, argmax/argmin and concat. Element (p, j, q) sits at {@code (p * length + j) * inner + q}.
 *
 * <pre>{@code
 * AxisSplit s = AxisSplit.of(Shape.of(4, 10, 3), 1);   // outer 4, length 10, inner 3
 * }</pre>
 */
record AxisSplit(int outer, int length, int inner) {

    static AxisSplit of(Shape shape, int axis) {
        int[] d = shape.dims();
        int outer = 1;
        for (int i = 0; i < axis; i++) outer *= d[i];
        int inner = 1;
        for (int i = axis + 1; i < d.length; i++) inner *= d[i];
        return new AxisSplit(outer, d[axis], inner);
    }

    int offset(int p, int j, int q) { return (p * length + j) * inner + q; }
}
