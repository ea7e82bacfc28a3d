package org.tapedeck.engine.nn;

import java.util.Locale;

import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.ops.ConvOps;

/** Checks and shape arithmetic shared by the windowed layers (Conv2D, MaxPooling2D). */
final class LayerSupport {
    private LayerSupport() {}

    /** {@code "valid"} or {@code "same"}, any case, as Keras accepts them. */
    static String padding(String layer, String padding) {
        String p = padding == null ? "" : padding.toLowerCase(Locale.ROOT);
        if (!p.equals("valid") && !p.equals("same")) {
            throw new InvalidArgumentException(layer + ": padding must be \"valid\" or \"same\", got " + (padding == null ? "null" : "\"" + padding + "\""));
        }
        return p;
    }

    /** The output size along {@code axis} of {@code in}, or null if the input size is unknown there. */
    static Integer outputDim(Layer layer, PartialShape in, int axis, int window, int stride, String padding) {
        Integer size = in.dim(axis);
        if (size == null) return null;
        if (padding.equals("valid") && window > size) {
            throw new InvalidArgumentException("Layer \"" + layer.name() + "\": the window of size " + window + " along axis " + axis
                    + " does not fit the input shape " + in + " with padding \"valid\"");
        }
        return ConvOps.outputSize(size, window, stride, padding);
    }
}
