package org.tapedeck.app.feed;

import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.tensor.Tensor;

/**
 * L2 norms read straight from a tensor's host values: no op runs, so the debugger's measuring
 * never shows up in the op stream. Call on the engine thread (a GPU tensor is copied to the host).
 */
final class Norms {
    private Norms() {}

    /** {@code sqrt(sum x^2)}; NaN for a null tensor. */
    static double l2(Tensor t) {
        if (t == null) return Double.NaN;
        HostBuffer h = t.host();
        double s = 0;
        for (int i = 0, n = h.size(); i < n; i++) {
            double v = h.getDouble(i);
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** {@code ||a - b||} for tensors of the same size; NaN when they differ or one is null. */
    static double l2Distance(Tensor a, Tensor b) {
        if (a == null || b == null || a.size() != b.size()) return Double.NaN;
        if (a == b) return 0;
        HostBuffer x = a.host();
        HostBuffer y = b.host();
        double s = 0;
        for (int i = 0, n = x.size(); i < n; i++) {
            double d = x.getDouble(i) - y.getDouble(i);
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
