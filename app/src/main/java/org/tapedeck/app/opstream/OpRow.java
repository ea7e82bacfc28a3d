package org.tapedeck.app.opstream;

import java.util.Locale;

import org.tapedeck.app.ui.Formats;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.tensor.Tensor;

/**
 * One line of the op stream: what stays of an op once its tensors are let go. Small and
 * immutable, so the stream can keep a hundred thousand of them.
 *
 * @param micros kernel time in microseconds, negative when unknown
 */
public record OpRow(long sequence, String opName, String inputShapes, String outputShape, String dtype,
                    String device, double micros, Phase phase, boolean failed) {

    public static OpRow of(OpEvent e) {
        Tensor out = e.output();
        String dtype = out != null ? out.dtype().toString()
                : e.inputs().isEmpty() || e.inputs().get(0) == null ? "" : e.inputs().get(0).dtype().toString();
        return new OpRow(e.sequence(), e.opName(), Formats.shapes(e.inputs()),
                out == null ? (e.failure() != null ? "failed" : "") : out.shape().toString(), dtype,
                String.valueOf(e.device()), e.durationNanos() < 0 ? -1 : e.durationNanos() / 1000.0, e.phase(),
                e.failure() != null);
    }

    /** Whether the text search matches: op name, shapes or sequence number, ignoring case. */
    public boolean matches(String lowerCaseQuery) {
        if (lowerCaseQuery.isEmpty()) return true;
        return opName.toLowerCase(Locale.ROOT).contains(lowerCaseQuery)
                || inputShapes.contains(lowerCaseQuery)
                || outputShape.contains(lowerCaseQuery)
                || dtype.contains(lowerCaseQuery)
                || Long.toString(sequence).equals(lowerCaseQuery)
                || ("#" + sequence).equals(lowerCaseQuery);
    }

    /** {@code (32, 784), (784, 10) → (32, 10)}. */
    public String signature() { return inputShapes + " \u2192 " + outputShape; }
}
