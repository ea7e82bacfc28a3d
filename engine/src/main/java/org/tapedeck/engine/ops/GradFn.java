package org.tapedeck.engine.ops;

import org.tapedeck.engine.autograd.TapeNode;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The backward rule of an op: given the node (its inputs, output and attributes) and the gradient
 * of the target with respect to the output, the gradient with respect to each input. It is written
 * with ordinary ops, so it is itself recorded when an outer tape watches, which gives gradients of
 * gradients. Entries may be null where {@code needed[i]} is false or the input is not
 * differentiable.
 */
@FunctionalInterface
public interface GradFn {
    Tensor[] apply(TapeNode node, Tensor upstream, boolean[] needed);
}
