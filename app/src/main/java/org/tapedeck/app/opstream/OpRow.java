package org.tapedeck.app.opstream;

import java.util.List;
import java.util.Locale;

import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * One line of the op stream: what stays of an op once its tensors are let go, its sequence
 * number, its {@link OpSite} (name, scope, shapes, dtype, device, phase) and its time. Immutable;
 * equal rows are the same op. Its text is formatted only when a cell shows it (or a search reads it).
 *
 * @param micros kernel time in microseconds, negative when unknown
 */
public record OpRow(long sequence, OpSite site, double micros) {

    public static OpRow of(OpEvent e) {
        List<Tensor> in = e.inputs();
        Shape[] shapes = new Shape[in.size()];
        for (int i = 0; i < shapes.length; i++) shapes[i] = in.get(i) == null ? null : in.get(i).shape();
        Tensor out = e.output();
        DType dtype = out != null ? out.dtype() : in.isEmpty() || in.get(0) == null ? null : in.get(0).dtype();
        OpSite site = new OpSite(e.opName(), e.scope(), shapes, out == null ? null : out.shape(), dtype, e.device(),
                e.phase(), e.failure() != null);
        return new OpRow(e.sequence(), site, e.durationNanos() < 0 ? -1 : e.durationNanos() / 1000.0);
    }

    public String opName() { return site.opName(); }

    /** The name scope the op ran in ({@code sequential/conv2d}), empty when none. */
    public String scope() { return site.scope(); }

    /** The inputs' shapes (a null entry for a missing input); not to be changed. */
    public Shape[] inputs() { return site.inputs(); }

    /** The output's shape, null before the op ran or when it failed. */
    public Shape output() { return site.output(); }

    /** The output's dtype (the first input's before it ran), or null. */
    public DType dtype() { return site.dtype(); }

    public Device device() { return site.device(); }

    public Phase phase() { return site.phase(); }

    public boolean failed() { return site.failed(); }

    /** {@code Conv2D} or, inside a layer, {@code conv2d_1/Conv2D}: the op's name with its layer's. */
    public String qualifiedName() {
        String scope = site.scope();
        if (scope.isEmpty()) return site.opName();
        int at = scope.lastIndexOf('/');
        return scope.substring(at + 1) + "/" + site.opName();
    }

    /** {@code (32, 784), (784, 10)}. */
    public String inputShapes() {
        StringBuilder sb = new StringBuilder();
        for (Shape s : site.inputs()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(s == null ? "-" : s.toString());
        }
        return sb.toString();
    }

    /** {@code (32, 10)}; "failed" or "" when there is no output. */
    public String outputShape() { return output() != null ? output().toString() : failed() ? "failed" : ""; }

    public String dtypeName() { return dtype() == null ? "" : dtype().toString(); }

    /** {@code (32, 784), (784, 10) → (32, 10)}. */
    public String signature() { return inputShapes() + " \u2192 " + outputShape(); }

    /** Whether the text search matches: op name (as shown, {@code conv2d/Relu}), scope, shapes, dtype or sequence number, ignoring case. */
    public boolean matches(String lowerCaseQuery) {
        if (lowerCaseQuery.isEmpty()) return true;
        return qualifiedName().toLowerCase(Locale.ROOT).contains(lowerCaseQuery)
                || site.scope().toLowerCase(Locale.ROOT).contains(lowerCaseQuery)
                || Long.toString(sequence).equals(lowerCaseQuery)
                || ("#" + sequence).equals(lowerCaseQuery)
                || dtypeName().contains(lowerCaseQuery)
                || signature().contains(lowerCaseQuery);
    }
}
