package org.tapedeck.app.inspector;

import java.util.ArrayList;
import java.util.List;

import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.tensor.Shape;

/**
 * Which two axes of a tensor the heatmap and the value grid show, and which axes are chosen by
 * selectors. Scalars and vectors show as one row; a matrix as itself; rank 3 as {@code (d1, d2)}
 * for a chosen index of axis 0; rank 4 as an NHWC image batch: {@code (H, W)} for a chosen batch
 * index and channel; higher ranks as the last two axes for chosen indices of the others.
 *
 * <pre>{@code
 * SliceLayout l = SliceLayout.of(Shape.of(32, 28, 28, 3));   // selectors: batch (32), channel (3)
 * Slice2D img = l.slice(values, new int[] {5, 0});          // image 5, channel 0: 28 x 28
 * }</pre>
 */
public final class SliceLayout {
    /** One selector: the axis it indexes, a label, and how many indices it has. */
    public record Selector(int axis, String label, int size) {}

    private final int[] dims;
    private final int rowAxis;
    private final int colAxis;
    private final List<Selector> selectors;

    private SliceLayout(int[] dims, int rowAxis, int colAxis, List<Selector> selectors) {
        this.dims = dims;
        this.rowAxis = rowAxis;
        this.colAxis = colAxis;
        this.selectors = List.copyOf(selectors);
    }

    public static SliceLayout of(Shape shape) {
        int[] d = shape.dims();
        int r = d.length;
        List<Selector> sel = new ArrayList<>();
        switch (r) {
            case 0:
                return new SliceLayout(d, -1, -1, sel);
            case 1:
                return new SliceLayout(d, -1, 0, sel);
            case 2:
                return new SliceLayout(d, 0, 1, sel);
            case 3:
                sel.add(new Selector(0, "index", d[0]));
                return new SliceLayout(d, 1, 2, sel);
            case 4:
                sel.add(new Selector(0, "batch", d[0]));
                sel.add(new Selector(3, "channel", d[3]));
                return new SliceLayout(d, 1, 2, sel);
            default:
                for (int a = 0; a < r - 2; a++) sel.add(new Selector(a, "axis " + a, d[a]));
                return new SliceLayout(d, r - 2, r - 1, sel);
        }
    }

    public List<Selector> selectors() { return selectors; }

    public int rows() { return rowAxis < 0 ? 1 : dims[rowAxis]; }

    public int cols() { return colAxis < 0 ? 1 : dims[colAxis]; }

    /** The slice for {@code selection} (one index per selector, clamped into range). */
    public Slice2D slice(HostBuffer values, int[] selection) {
        if (selection.length != selectors.size()) {
            throw new IllegalArgumentException("expected " + selectors.size() + " selector indices, got " + selection.length);
        }
        int[] strides = new int[dims.length];
        int s = 1;
        for (int a = dims.length - 1; a >= 0; a--) {
            strides[a] = s;
            s *= dims[a];
        }
        int base = 0;
        for (int i = 0; i < selection.length; i++) {
            Selector sel = selectors.get(i);
            int idx = Math.max(0, Math.min(sel.size() - 1, selection[i]));
            base += idx * strides[sel.axis()];
        }
        int rowStride = rowAxis < 0 ? 0 : strides[rowAxis];
        int colStride = colAxis < 0 ? 0 : strides[colAxis];
        return new Slice2D(values, rows(), cols(), base, rowStride, colStride);
    }
}
