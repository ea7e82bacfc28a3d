package org.tapedeck.app.inspector;

import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.backend.TensorStats;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Everything the inspector shows about one tensor, read once on the engine thread: statistics
 * from the tensor's own backend, a copy of its values in host memory, and a histogram of them.
 * The UI reads only this copy: the tensor itself may be freed, its memory reused, once the
 * training step that made it ends.
 *
 * <pre>{@code
 * TensorSnapshot s = session.onEngine(() -> TensorSnapshot.capture(ref)).get();
 * }</pre>
 */
public record TensorSnapshot(TensorRef ref, Shape shape, DType dtype, Device device, TensorStats stats,
                             HostBuffer values, Histogram histogram) {
    public static final int HISTOGRAM_BINS = 40;

    /**
     * Reads {@code ref}'s tensor (on the engine thread: a GPU tensor is summarised and copied
     * there); throws when the debugger no longer holds it.
     */
    public static TensorSnapshot capture(TensorRef ref) {
        if (!ref.readable().getAsBoolean()) {
            throw new IllegalStateException(ref.label() + " is no longer kept: only the most recent ops keep their tensors");
        }
        Tensor t = ref.tensor();
        TensorStats stats = t.backend().stats(t);
        HostBuffer host = copyOf(t.host());
        return new TensorSnapshot(ref, t.shape(), t.dtype(), t.device(), stats, host, Histogram.of(host, HISTOGRAM_BINS));
    }

    private static HostBuffer copyOf(HostBuffer h) {
        HostBuffer copy = HostBuffer.allocate(h.dtype(), h.size());
        h.copyTo(0, copy, 0, h.size());
        return copy;
    }
}
