package org.tapedeck.engine.ops;

/**
 * An op: its TensorFlow name, its forward kernel and its gradient (null when the op is not
 * differentiable, like comparisons or argMax).
 */
public record OpDef(String name, Kernel kernel, GradFn gradient) {

    public static OpDef of(String name, Kernel kernel, GradFn gradient) { return new OpDef(name, kernel, gradient); }

    /** An op with no gradient. */
    public static OpDef notDifferentiable(String name, Kernel kernel) { return new OpDef(name, kernel, null); }
}
