package org.tapedeck.engine.tensor;

import java.util.concurrent.atomic.AtomicInteger;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.Tapes;
import org.tapedeck.engine.backend.MemoryScope;
import org.tapedeck.engine.errors.InvalidArgumentException;

/**
 * Mutable state holding a tensor: TensorFlow's {@code tf.Variable}. Using a variable in an op reads
 * its current value; {@link #assign} and friends replace the value (dtype and shape are fixed).
 * Trainable variables read inside a {@code GradientTape} are watched automatically.
 *
 * <pre>{@code
 * Variable w = new Variable(TF.ones(2, 2), "w");
 * w.assignSub(TF.fill(Shape.of(2, 2), 0.5f));
 * System.out.println(w.value());   // [[0.5 0.5] [0.5 0.5]]
 * }</pre>
 */
public final class Variable implements Operand {
    private static final AtomicInteger UNNAMED = new AtomicInteger();

    private final String name;
    private final boolean trainable;
    private volatile Tensor value;

    public Variable(Operand initialValue) { this(initialValue, null, true); }

    public Variable(Operand initialValue, String name) { this(initialValue, name, true); }

    /**
     * @param name shown by the debugger and in errors; {@code Variable}, {@code Variable_1}, ... when null
     * @param trainable whether tapes watch it automatically and optimizers update it
     */
    public Variable(Operand initialValue, String name, boolean trainable) {
        Tensor init = initialValue.asTensor();
        int n = UNNAMED.getAndIncrement();
        this.name = name != null ? name : (n == 0 ? "Variable" : "Variable_" + n);
        this.trainable = trainable;
        // A tensor object of its own, so the variable's value is never the caller's tensor object.
        this.value = Tensor.wrap(init.shape(), init.buffer());
        // A variable's value outlives the MemoryScope (training step) that made it.
        MemoryScope.retain(this.value);
    }

    public String name() { return name; }

    public boolean trainable() { return trainable; }

    public DType dtype() { return value.dtype(); }

    public Shape shape() { return value.shape(); }

    /** Reads the current value (and lets open tapes watch it, as any use in an op does). */
    public Tensor value() {
        Tensor v = value;
        Tapes.variableRead(this, v);
        return v;
    }

    @Override
    public Tensor asTensor() { return value(); }

    /** The current value without notifying tapes (for the debugger and the optimizer's bookkeeping). */
    public Tensor peek() { return value; }

    /**
     * Replaces the value; {@code newValue} must have this variable's dtype and shape. The new value
     * outlives the current {@link MemoryScope}; the old one, if a scope made it, is freed with the
     * scope open now.
     */
    public Variable assign(Operand newValue) {
        Tensor v = newValue.asTensor();
        if (v.dtype() != value.dtype() || !v.shape().equals(value.shape())) {
            throw new InvalidArgumentException("assign to variable '" + name + "': expected a " + value.dtype()
                    + " tensor of shape " + value.shape() + ", got " + v.dtype() + " of shape " + v.shape());
        }
        if (v == value) return this;
        Tensor old = value;
        Tensor next = Tensor.wrap(v.shape(), v.buffer());
        MemoryScope.retain(next);
        value = next;
        MemoryScope.release(old);
        return this;
    }

    /** {@code value += delta}. */
    public Variable assignAdd(Operand delta) { return assign(TF.add(peek(), delta)); }

    /** {@code value -= delta}. */
    public Variable assignSub(Operand delta) { return assign(TF.subtract(peek(), delta)); }

    /** The current value as nested Java arrays (see {@link Tensor#numpy()}). */
    public Object numpy() { return value.numpy(); }

    @Override
    public String toString() {
        String values = value.format();
        String sep = values.indexOf('\n') >= 0 ? "\n" : "";
        return "Variable '" + name + "' shape=" + value.shape() + " dtype=" + value.dtype() + ", numpy=" + sep + values;
    }
}
