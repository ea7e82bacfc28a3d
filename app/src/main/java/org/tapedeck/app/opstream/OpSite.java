package org.tapedeck.app.opstream;

import java.util.Arrays;
import java.util.Objects;

import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;

/**
 * What an op was, apart from when it ran and how long it took: its name, layer scope, shapes,
 * dtype, device and phase. A training step makes the same sites step after step, so the op
 * stream's history keeps each site once and a row per op is a sequence number, a site and a time
 * ({@link OpHistory}). Equal when every part is equal (the input shapes element by element).
 *
 * @param inputs the inputs' shapes (a null entry for a missing input); not to be changed
 * @param output the output's shape, null before the op ran or when it failed
 * @param dtype the output's dtype (the first input's before it ran), or null
 * @param scope the name scope the op ran in ({@code sequential/conv2d}), empty when none
 */
public record OpSite(String opName, String scope, Shape[] inputs, Shape output, DType dtype, Device device,
                     Phase phase, boolean failed) {

    @Override
    public boolean equals(Object o) {
        return o instanceof OpSite s && failed == s.failed && phase == s.phase && dtype == s.dtype
                && Objects.equals(opName, s.opName) && Objects.equals(scope, s.scope) && Arrays.equals(inputs, s.inputs)
                && Objects.equals(output, s.output) && Objects.equals(device, s.device);
    }

    @Override
    public int hashCode() {
        return Objects.hash(opName, scope, Arrays.hashCode(inputs), output, dtype, device, phase, failed);
    }

    @Override
    public String toString() {
        return "OpSite[" + opName + " in '" + scope + "', " + Arrays.toString(inputs) + " -> " + output + ", "
                + dtype + ", " + device + ", " + phase + (failed ? ", failed" : "") + "]";
    }
}
