package org.tapedeck.engine.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.FailedPreconditionException;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.events.ExecutionEvents;
import org.tapedeck.engine.events.GradientEvent;
import org.tapedeck.engine.ops.NameScope;
import org.tapedeck.engine.tensor.Operand;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * Records the ops run on watched tensors so that gradients can be computed by replaying them
 * backwards: TensorFlow's {@code tf.GradientTape}. Trainable variables read while the tape is open
 * are watched automatically; other tensors with {@link #watch}.
 *
 * <pre>{@code
 * Tensor x = TF.ones(2, 2);
 * Tensor grad;
 * try (GradientTape tape = new GradientTape()) {
 *     tape.watch(x);
 *     Tensor y = TF.reduceSum(x);
 *     Tensor z = TF.multiply(y, y);
 *     grad = tape.gradient(z, x);   // [[8. 8.] [8. 8.]]
 * }
 * }</pre>
 *
 * A tape records from construction until {@link #close()}; {@code gradient} may be called during or
 * after. A non-persistent tape answers one {@code gradient} call and then frees what it recorded;
 * a persistent one answers any number. A tape open while another computes gradients records those
 * gradient ops too, which gives gradients of gradients.
 */
public final class GradientTape implements AutoCloseable {
    private final boolean persistent;
    private final boolean watchAccessedVariables;
    private final Set<Tensor> tracked = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Variable, List<Tensor>> variableReads = new LinkedHashMap<>();
    private List<TapeNode> nodes = new ArrayList<>();
    private boolean open = true;
    private boolean paused;
    private boolean used;

    /** A non-persistent tape that watches the trainable variables it sees read. */
    public GradientTape() { this(false, true); }

    public GradientTape(boolean persistent) { this(persistent, true); }

    public GradientTape(boolean persistent, boolean watchAccessedVariables) {
        this.persistent = persistent;
        this.watchAccessedVariables = watchAccessedVariables;
        Tapes.push(this);
    }

    /** A tape whose {@link #gradient} may be called more than once. */
    public static GradientTape persistent() { return new GradientTape(true, true); }

    public boolean isPersistent() { return persistent; }

    /** Starts tracking tensors or variables, so that gradients with respect to them can be taken. */
    public void watch(Operand... sources) {
        for (Operand s : sources) {
            if (s instanceof Variable v) {
                watchVariable(v, v.peek());
            } else {
                Tensor t = s.asTensor();
                requireFloating("GradientTape.watch", t);
                tracked.add(t);
            }
        }
    }

    private void watchVariable(Variable v, Tensor value) {
        requireFloating("GradientTape.watch(" + v.name() + ")", value);
        tracked.add(value);
        List<Tensor> reads = variableReads.computeIfAbsent(v, k -> new ArrayList<>(1));
        for (Tensor r : reads) if (r == value) return;
        reads.add(value);
    }

    void variableRead(Variable v, Tensor value) {
        if (!open || paused || !value.dtype().isFloating()) return;
        if (watchAccessedVariables && v.trainable()) {
            watchVariable(v, value);
        } else if (variableReads.containsKey(v)) {
            // Explicitly watched earlier (e.g. non-trainable): keep following its new values.
            watchVariable(v, value);
        }
    }

    private static void requireFloating(String what, Tensor t) {
        if (!t.dtype().isFloating()) {
            throw new InvalidArgumentException(what + ": a " + t.dtype() + " tensor of shape " + t.shape()
                    + " is not differentiable; only float32 and float64 tensors have gradients");
        }
    }

    /** The variables this tape has watched, in the order first seen. */
    public List<Variable> watchedVariables() { return List.copyOf(variableReads.keySet()); }

    /** The ops recorded so far, in execution order (empty once a non-persistent tape was used). */
    public List<TapeNode> nodes() { return Collections.unmodifiableList(nodes); }

    boolean tracksAny(Tensor[] inputs) {
        if (!open || paused) return false;
        for (Tensor t : inputs) if (tracked.contains(t)) return true;
        return false;
    }

    void add(TapeNode node) {
        nodes.add(node);
        tracked.add(node.output());
    }

    /** d target / d source; null when unconnected. */
    public Tensor gradient(Operand target, Operand source) {
        return gradient(target, List.of(source), UnconnectedGradients.NONE).get(0);
    }

    /** The gradient for each source, in order; null for an unconnected source. */
    public List<Tensor> gradient(Operand target, Operand... sources) {
        return gradient(target, Arrays.asList(sources), UnconnectedGradients.NONE);
    }

    public List<Tensor> gradient(Operand target, List<? extends Operand> sources) {
        return gradient(target, sources, UnconnectedGradients.NONE);
    }

    /**
     * The gradient of {@code target} (of its sum, if it is not a scalar) with respect to each
     * source, computed by walking the recorded ops backwards.
     */
    public List<Tensor> gradient(Operand target, List<? extends Operand> sources, UnconnectedGradients unconnected) {
        if (used && !persistent) {
            throw new FailedPreconditionException("GradientTape.gradient can only be called once on a non-persistent tape; "
                    + "create the tape with new GradientTape(true) to call it more than once");
        }
        used = true;
        Tensor y = target.asTensor();
        if (!y.dtype().isFloating()) {
            throw new InvalidArgumentException("GradientTape.gradient: the target is a " + y.dtype() + " tensor of shape "
                    + y.shape() + "; only float32 and float64 targets are differentiable");
        }
        List<Tensor[]> sourceTensors = new ArrayList<>(sources.size());
        for (Operand s : sources) sourceTensors.add(tensorsOf(s));

        Map<Tensor, Tensor> grads = backprop(y, sourceTensors);

        List<Tensor> result = new ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++) {
            Tensor sum = null;
            for (Tensor t : sourceTensors.get(i)) {
                Tensor g = grads.get(t);
                if (g != null) sum = sum == null ? g : TF.add(sum, g);
            }
            if (sum == null && unconnected == UnconnectedGradients.ZERO) sum = TF.zerosLike(sources.get(i));
            result.add(sum);
        }
        if (!persistent) release();
        if (ExecutionEvents.hasListeners()) {
            GradientEvent event = new GradientEvent(y, List.copyOf(sources), Collections.unmodifiableList(new ArrayList<>(result)));
            ExecutionEvents.emit(l -> l.onGradient(event));
        }
        return result;
    }

    private Tensor[] tensorsOf(Operand s) {
        if (s instanceof Variable v) {
            List<Tensor> reads = variableReads.get(v);
            if (reads == null) requireFloating("GradientTape.gradient(source " + v.name() + ")", v.peek());
            return reads == null ? new Tensor[0] : reads.toArray(new Tensor[0]);
        }
        Tensor t = s.asTensor();
        requireFloating("GradientTape.gradient(source)", t);
        // NOTE: as in TensorFlow, a tensor the tape neither watched nor computed is unconnected,
        // even if a recorded op used it.
        return tracked.contains(t) ? new Tensor[] {t} : new Tensor[0];
    }

    private Map<Tensor, Tensor> backprop(Tensor target, List<Tensor[]> sourceTensors) {
        Set<Tensor> relevant = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor[] ts : sourceTensors) relevant.addAll(Arrays.asList(ts));
        Set<Tensor> sourceSet = Collections.newSetFromMap(new IdentityHashMap<>());
        sourceSet.addAll(relevant);
        // Forward sweep: which recorded values depend on a source at all.
        for (TapeNode n : nodes) {
            for (int i = 0; i < n.inputCount(); i++) {
                if (relevant.contains(n.input(i))) {
                    relevant.add(n.output());
                    break;
                }
            }
        }
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        if (!relevant.contains(target)) return grads;

        boolean wasPaused = paused;
        paused = true;
        Tapes.enterBackward();
        try {
            grads.put(target, TF.onesLike(target));
            for (int k = nodes.size() - 1; k >= 0; k--) {
                TapeNode n = nodes.get(k);
                Tensor g = sourceSet.contains(n.output()) ? grads.get(n.output()) : grads.remove(n.output());
                if (g == null) continue;
                boolean[] needed = new boolean[n.inputCount()];
                boolean any = false;
                for (int i = 0; i < needed.length; i++) {
                    needed[i] = relevant.contains(n.input(i)) && n.input(i).dtype().isFloating();
                    any |= needed[i];
                }
                if (!any) continue;
                Tensor[] inputGrads;
                // Backward ops are named after the op they differentiate, as TensorFlow's gradients/... ops.
                try (NameScope.Scope scope = NameScope.openPath(n.scope().isEmpty() ? "gradients" : "gradients/" + n.scope())) {
                    inputGrads = n.gradFn().apply(n, g, needed);
                }
                for (int i = 0; i < needed.length; i++) {
                    Tensor gi = inputGrads[i];
                    if (!needed[i] || gi == null) continue;
                    Tensor x = n.input(i);
                    if (!gi.shape().equals(x.shape())) {
                        throw new IllegalStateException("gradient of " + n.opName() + " input " + i + " has shape " + gi.shape()
                                + " but the input has shape " + x.shape());
                    }
                    Tensor prev = grads.get(x);
                    grads.put(x, prev == null ? gi : TF.add(prev, gi));
                }
            }
        } finally {
            Tapes.exitBackward();
            paused = wasPaused;
        }
        return grads;
    }

    private void release() {
        nodes = new ArrayList<>();
        tracked.clear();
    }

    /** Stops recording. Gradients may still be taken afterwards. */
    @Override
    public void close() {
        if (!open) return;
        open = false;
        Tapes.pop(this);
    }
}
