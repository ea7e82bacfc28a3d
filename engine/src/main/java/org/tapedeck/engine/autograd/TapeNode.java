package org.tapedeck.engine.autograd;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.tapedeck.engine.ops.Attrs;
import org.tapedeck.engine.ops.GradFn;
import org.tapedeck.engine.tensor.Tensor;

/**
 * One recorded op on a {@link GradientTape}: what it consumed, what it produced and how to send a
 * gradient back through it. Its {@link #id()} is the op's sequence number in the execution events,
 * so the debugger can join the tape with the op stream.
 */
public final class TapeNode {
    private final long id;
    private final String opName;
    private final Attrs attrs;
    private final Tensor[] inputs;
    private final Tensor output;
    private final GradFn gradFn;
    private final String scope;

    TapeNode(long id, String opName, Attrs attrs, Tensor[] inputs, Tensor output, GradFn gradFn, String scope) {
        this.id = id;
        this.opName = opName;
        this.attrs = attrs;
        this.inputs = inputs;
        this.output = output;
        this.gradFn = gradFn;
        this.scope = scope;
    }

    /** The name scope the op ran in (e.g. {@code sequential/conv2d}); empty when none. */
    public String scope() { return scope; }

    public long id() { return id; }

    public String opName() { return opName; }

    public Attrs attrs() { return attrs; }

    public Tensor input(int i) { return inputs[i]; }

    public int inputCount() { return inputs.length; }

    public List<Tensor> inputs() { return Arrays.asList(inputs); }

    public Tensor output() { return output; }

    public Map<String, Object> attributes() { return attrs.asMap(); }

    GradFn gradFn() { return gradFn; }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("node ").append(id).append(' ').append(opName).append('(');
        for (int i = 0; i < inputs.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(inputs[i].shape());
        }
        return sb.append(") -> ").append(output.shape()).toString();
    }
}
