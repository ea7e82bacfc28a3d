package org.tapedeck.engine.ops;

import org.tapedeck.engine.backend.Backend;
import org.tapedeck.engine.backend.Backends;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.tensor.Tensor;

/** Moving tensors between devices, as an op the tape can differentiate (the gradient moves back). */
final class Copies {
    private Copies() {}

    private static final OpDef COPY = OpDef.of("Copy",
            (backend, in, attrs) -> backend.fromHost(in[0].shape(), in[0].host()),
            (node, g, needed) -> new Tensor[] {copy(g, node.input(0).device())});

    /** {@code x} on {@code device}; {@code x} itself if it is there already. */
    static Tensor copy(Tensor x, Device device) {
        if (x.device().equals(device)) return x;
        Backend target = Backends.forDevice(device);
        return Exec.runOn(target, COPY, Attrs.of("device", device.toString()), x);
    }
}
