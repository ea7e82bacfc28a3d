package org.tapedeck.engine.optimizers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.backend.MemoryScope;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.errors.NotFoundException;
import org.tapedeck.engine.events.ExecutionEvents;
import org.tapedeck.engine.events.StepEvent;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * Updates variables from their gradients: Keras' {@code tf.keras.optimizers.Optimizer}. Each
 * {@link #applyGradients} is one training step: it updates every variable that has a gradient,
 * counts the step in {@link #iterations()} and tells listeners that a step ended.
 *
 * <pre>{@code
 * Optimizer optimizer = new Adam();
 * List<Tensor> grads = tape.gradient(loss, vars);
 * optimizer.applyGradients(grads, vars);   // optimizer.apply_gradients(zip(grads, vars))
 * Tensor m = optimizer.getSlot(vars.get(0), "m");
 * }</pre>
 *
 * Per-variable state (Adam's "m" and "v", SGD's "momentum") lives in named slots, created as
 * zeros the first time a variable gets a gradient, so runs are reproducible. The state is
 * readable at any time for the debugger: {@link #variables()}, {@link #slots(Variable)},
 * {@link #learningRate()}, {@link #iterations()}.
 */
public abstract class Optimizer {
    private static final System.Logger LOG = System.getLogger(Optimizer.class.getName());

    private final String name;
    private volatile double learningRate;
    private volatile long iterations;
    /** Per variable (identity, in the order first updated): slot name to current value. */
    private final Map<Variable, Map<String, Tensor>> state = new LinkedHashMap<>();

    protected Optimizer(String name, double learningRate) {
        if (name == null || name.isEmpty()) throw new InvalidArgumentException("an optimizer needs a non-empty name");
        this.name = name;
        this.learningRate = checkLearningRate(name, learningRate);
    }

    private static double checkLearningRate(String name, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new InvalidArgumentException(name + ": the learning rate must be a finite number >= 0, got " + lr);
        }
        return lr;
    }

    /** The optimizer's name ({@code Adam}, {@code SGD}), used in events and errors. */
    public String name() { return name; }

    public double learningRate() { return learningRate; }

    /** Changes the learning rate from the next step on (Keras: {@code optimizer.learning_rate = lr}). */
    public void setLearningRate(double learningRate) { this.learningRate = checkLearningRate(name, learningRate); }

    /** How many steps ({@link #applyGradients} calls) have been applied. */
    public long iterations() { return iterations; }

    /** The names of the slots this optimizer keeps per variable, e.g. {@code [m, v]} (Keras' {@code get_slot_names}). */
    public abstract List<String> getSlotNames();

    /**
     * The hyper-parameters, as Keras' {@code get_config()}: {@code name}, {@code learning_rate} and
     * the optimizer's own ({@code beta_1}, {@code momentum}, ...), in a stable order.
     */
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name);
        config.put("learning_rate", learningRate);
        addConfig(config);
        return Collections.unmodifiableMap(config);
    }

    /** Adds the subclass's hyper-parameters to {@link #getConfig()}. */
    protected abstract void addConfig(Map<String, Object> config);

    /** The variables that have state, in the order they were first updated. */
    public synchronized List<Variable> variables() { return List.copyOf(state.keySet()); }

    /** {@code var}'s slots by name (empty before its first update); a snapshot. */
    public synchronized Map<String, Tensor> slots(Variable var) {
        Map<String, Tensor> s = state.get(var);
        return s == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(s));
    }

    /** One slot of {@code var} (Keras' {@code get_slot}); an error naming what exists if there is none. */
    public synchronized Tensor getSlot(Variable var, String slotName) {
        Map<String, Tensor> s = state.get(var);
        if (s == null) {
            throw new NotFoundException(name + ": variable '" + var.name() + "' has no slots yet (it has never been updated)");
        }
        Tensor t = s.get(slotName);
        if (t == null) {
            throw new NotFoundException(name + ": no slot '" + slotName + "' for variable '" + var.name() + "'; the slots are "
                    + getSlotNames());
        }
        return t;
    }

    /** {@code apply_gradients(zip(grads, vars))}: see {@link #applyGradients(List)}. */
    public void applyGradients(List<Tensor> gradients, List<Variable> variables) {
        applyGradients(GradAndVar.zip(gradients, variables));
    }

    /**
     * Applies one step: each variable with a gradient is updated; a null gradient is skipped with
     * a warning, as in Keras. Everything is checked before anything changes: a gradient whose
     * dtype or shape differs from its variable's, a variable listed twice, or no gradient at all is
     * an error naming the variable(s). Afterwards {@link #iterations()} has grown by one and
     * listeners have heard {@code onStepEnded}.
     */
    public void applyGradients(List<GradAndVar> gradsAndVars) {
        List<GradAndVar> present = new ArrayList<>(gradsAndVars.size());
        List<String> missing = new ArrayList<>();
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (GradAndVar gv : gradsAndVars) {
            Variable var = gv.variable();
            if (var == null) throw new InvalidArgumentException(name + ": applyGradients got a null variable");
            if (!seen.add(var)) {
                throw new InvalidArgumentException(name + ": variable '" + var.name() + "' is listed twice in one applyGradients call");
            }
            if (gv.gradient() == null) {
                missing.add(var.name());
                continue;
            }
            checkGradient(var, gv.gradient());
            present.add(gv);
        }
        if (present.isEmpty()) {
            throw new InvalidArgumentException(name + ": no gradients provided for any variable: " + missing);
        }
        if (!missing.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "{0}: gradients do not exist for variables {1} when minimizing the loss; "
                    + "they were not updated", name, missing);
        }
        long step = iterations + 1;
        for (GradAndVar gv : present) {
            Variable var = gv.variable();
            Map<String, Tensor> slots = slotsForUpdate(var);
            Map<String, Tensor> before = Map.copyOf(slots);
            Tensor updated = updateStep(var.peek(), gv.gradient(), slots, step);
            var.assign(updated);
            // Slots outlive the step's memory scope, as a variable's value does: keep the new
            // ones, and let the replaced ones go with the scope open now.
            for (Map.Entry<String, Tensor> e : slots.entrySet()) {
                Tensor old = before.get(e.getKey());
                if (e.getValue() != old) {
                    MemoryScope.retain(e.getValue());
                    MemoryScope.release(old);
                }
            }
            synchronized (this) {
                state.put(var, slots);
            }
        }
        iterations = step;
        int count = present.size();
        if (ExecutionEvents.hasListeners()) {
            StepEvent event = new StepEvent(name, step, count);
            ExecutionEvents.emit(l -> l.onStepEnded(event));
        }
    }

    private void checkGradient(Variable var, Tensor grad) {
        if (!var.dtype().isFloating()) {
            throw new InvalidArgumentException(name + ": variable '" + var.name() + "' is " + var.dtype()
                    + "; only float32 and float64 variables can be trained");
        }
        if (grad.dtype() != var.dtype()) {
            throw new InvalidArgumentException(name + ": the gradient for variable '" + var.name() + "' is " + grad.dtype()
                    + " of shape " + grad.shape() + " but the variable is " + var.dtype() + " of shape " + var.shape());
        }
        if (!grad.shape().equals(var.shape())) {
            throw new InvalidArgumentException(name + ": the gradient for variable '" + var.name() + "' has shape "
                    + grad.shape() + " but the variable has shape " + var.shape());
        }
    }

    /** A fresh map holding {@code var}'s slots, created as zeros on its first update. */
    private Map<String, Tensor> slotsForUpdate(Variable var) {
        Map<String, Tensor> current;
        synchronized (this) {
            current = state.get(var);
        }
        Map<String, Tensor> slots = new LinkedHashMap<>();
        for (String slot : getSlotNames()) {
            Tensor t = current == null ? null : current.get(slot);
            slots.put(slot, t != null ? t : TF.zerosLike(var.peek()));
        }
        return slots;
    }

    /**
     * Computes one variable's update for step {@code step} (1 for the first): returns the new
     * value and puts the new slot values into {@code slots}, which holds the current ones.
     */
    protected abstract Tensor updateStep(Tensor value, Tensor gradient, Map<String, Tensor> slots, long step);

    @Override
    public String toString() { return getClass().getSimpleName() + getConfig(); }
}
