package org.tapedeck.app.inspector;

import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.backend.TensorStats;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Everything the inspector shows about one tensor, read once on the engine thread: statistics
 * from the tensor's own backend, its values in host memory, and a histogram of them.
 *
 * <pre>{@code
 * TensorSnapshot s = session.onEngine(() -> TensorSnapshot.capture(ref)).get();
 * }</pre>
 */
public record TensorSnapshot(TensorRef ref, Shape shape, DType dtype, Device device, TensorStats stats,
                             HostBuffer values, Histogram histogram) {
    public static final int HISTOGRAM_BINS = 40;

    /** Reads {@code ref}'s tensor (on the engine thread: a GPU tensor is summarised and copied there). */
    public static TensorSnapshot capture(TensorRef ref) {
        Tensor t = ref.tensor();
        TensorStats stats = t.backend().stats(t);
        HostBuffer host = t.host();
        return new TensorSnapshot(ref, t.shape(), t.dtype(), t.device(), stats, host, Histogram.of(host, HISTOGRAM_BINS));
    }
}
