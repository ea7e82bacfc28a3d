package org.tapedeck.engine.tensor;

import org.tapedeck.engine.TF;

/**
 * Anything an op accepts as an input: a {@link Tensor}, or a {@link Variable} (read at the moment
 * the op runs). The default methods give the operator style of TensorFlow's Python API:
 *
 * <pre>{@code
 * Tensor a = TF.constant(new int[][] {{1, 2}, {3, 4}});
 * Tensor b = a.add(1);          // tf.add(a, 1), or a + 1
 * Tensor c = a.mul(b).mod(3);   // (a * b) % 3
 * }</pre>
 *
 * A Java number on the right takes the dtype of the tensor on the left.
 */
public interface Operand {

    /** The tensor this operand stands for now. */
    Tensor asTensor();

    default Tensor add(Operand other) { return TF.add(this, other); }
    default Tensor add(double other) { return TF.add(this, other); }
    default Tensor add(long other) { return TF.add(this, other); }

    default Tensor sub(Operand other) { return TF.subtract(this, other); }
    default Tensor sub(double other) { return TF.subtract(this, other); }
    default Tensor sub(long other) { return TF.subtract(this, other); }

    default Tensor mul(Operand other) { return TF.multiply(this, other); }
    default Tensor mul(double other) { return TF.multiply(this, other); }
    default Tensor mul(long other) { return TF.multiply(this, other); }

    /** True division ({@code /}): integer tensors give floating results, as in TensorFlow. */
    default Tensor div(Operand other) { return TF.divide(this, other); }
    default Tensor div(double other) { return TF.divide(this, other); }
    default Tensor div(long other) { return TF.divide(this, other); }

    /** {@code //}: division rounded toward negative infinity. */
    default Tensor floorDiv(Operand other) { return TF.floorDiv(this, other); }
    default Tensor floorDiv(long other) { return TF.floorDiv(this, other); }
    default Tensor floorDiv(double other) { return TF.floorDiv(this, other); }

    /** {@code %}: remainder with the sign of the divisor (TensorFlow's floormod). */
    default Tensor mod(Operand other) { return TF.floorMod(this, other); }
    default Tensor mod(long other) { return TF.floorMod(this, other); }
    default Tensor mod(double other) { return TF.floorMod(this, other); }

    default Tensor pow(Operand other) { return TF.pow(this, other); }
    default Tensor pow(double other) { return TF.pow(this, other); }
    default Tensor pow(long other) { return TF.pow(this, other); }

    default Tensor neg() { return TF.negative(this); }

    /** {@code @}: matrix product. */
    default Tensor matmul(Operand other) { return TF.matmul(this, other); }

    default Tensor eq(Operand other) { return TF.equal(this, other); }
    default Tensor eq(double other) { return TF.equal(this, other); }
    default Tensor eq(long other) { return TF.equal(this, other); }

    default Tensor lt(Operand other) { return TF.less(this, other); }
    default Tensor gt(Operand other) { return TF.greater(this, other); }

    default Tensor reshape(int... shape) { return TF.reshape(this, shape); }

    default Tensor transpose(int... perm) { return TF.transpose(this, perm); }

    default Tensor cast(DType dtype) { return TF.cast(this, dtype); }
}
