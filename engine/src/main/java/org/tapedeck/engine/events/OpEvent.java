package org.tapedeck.engine.events;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.tapedeck.engine.autograd.TapeNode;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.tensor.Tensor;

/**
 * One execution of one op, as listeners see it. The same object is passed to
 * {@link ExecutionListener#beforeOp} (inputs known, output still {@code null}) and then to
 * {@link ExecutionListener#afterOp} (output, duration and tape node filled in). Tensors are held by
 * reference; they are immutable, so keeping them is safe, but keeping many costs memory.
 */
public final class OpEvent {
    private final long sequence;
    private final String opName;
    private final Map<String, Object> attributes;
    private final Tensor[] inputs;
    private final Device device;
    private final Phase phase;
    private final StackTraceElement source;
    private final String scope;
    private Tensor output;
    private long durationNanos = -1;
    private TapeNode tapeNode;
    private Throwable failure;

    public OpEvent(long sequence, String opName, Map<String, Object> attributes, Tensor[] inputs, Device device,
                   Phase phase, StackTraceElement source) {
        this(sequence, opName, attributes, inputs, device, phase, source, "");
    }

    /** @param scope the name scope the op ran in ({@code sequential/conv2d_1}), empty when none */
    public OpEvent(long sequence, String opName, Map<String, Object> attributes, Tensor[] inputs, Device device,
                   Phase phase, StackTraceElement source, String scope) {
        this.sequence = sequence;
        this.opName = opName;
        this.attributes = attributes;
        this.inputs = inputs;
        this.device = device;
        this.phase = phase;
        this.source = source;
        this.scope = scope;
    }

    /** Position of this op in the engine's order of execution (increasing, unique per process). */
    public long sequence() { return sequence; }

    /** TensorFlow's op name: {@code AddV2}, {@code MatMul}, {@code Conv2D}, ... */
    public String opName() { return opName; }

    /** The op's attributes (e.g. {@code transpose_a}), in a stable order. */
    public Map<String, Object> attributes() { return attributes; }

    public List<Tensor> inputs() { return Arrays.asList(inputs); }

    public Device device() { return device; }

    public Phase phase() { return phase; }

    /** The caller's frame outside the engine, or null unless a listener asked for it. */
    public StackTraceElement source() { return source; }

    /**
     * The name scope the op ran in, e.g. {@code sequential/conv2d_1} for an op of a Keras layer
     * (see {@code TF.nameScope}); empty when none.
     */
    public String scope() { return scope; }

    /** The result; null before the op ran, or if it failed. */
    public Tensor output() { return output; }

    /** Wall time of the kernel in ns; -1 before the op ran. */
    public long durationNanos() { return durationNanos; }

    /** The node the op added to the recording tape(s), or null when no tape recorded it. */
    public TapeNode tapeNode() { return tapeNode; }

    /** The error the op threw, or null. */
    public Throwable failure() { return failure; }

    /** Called by the engine once the op has run. */
    public void complete(Tensor output, long durationNanos, TapeNode tapeNode) {
        this.output = output;
        this.durationNanos = durationNanos;
        this.tapeNode = tapeNode;
    }

    /** Called by the engine when the op threw. */
    public void fail(Throwable failure, long durationNanos) {
        this.failure = failure;
        this.durationNanos = durationNanos;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append('#').append(sequence).append(' ');
        if (!scope.isEmpty()) sb.append(scope).append('/');
        sb.append(opName).append('(');
        for (int i = 0; i < inputs.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(inputs[i].dtype()).append(inputs[i].shape());
        }
        sb.append(')');
        if (output != null) sb.append(" -> ").append(output.dtype()).append(output.shape());
        sb.append(" on ").append(device).append(' ').append(phase);
        return sb.toString();
    }
}
