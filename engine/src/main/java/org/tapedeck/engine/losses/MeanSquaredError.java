package org.tapedeck.engine.losses;

import java.util.Arrays;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The mean of squared differences over the last axis, per sample:
 * {@code tf.keras.losses.MeanSquaredError}. yTrue is cast to yPred's dtype. Shapes must match,
 * except that one side may have an extra trailing dim of 1 (e.g. yTrue {@code (n,)} with yPred
 * {@code (n, 1)}), which is squeezed as Keras does.
 *
 * <pre>{@code
 * Loss mse = new MeanSquaredError();
 * Tensor loss = mse.call(TF.constant(new float[][] {{0f, 1f}}), TF.constant(new float[][] {{1f, 1f}}));  // 0.5
 * }</pre>
 */
public final class MeanSquaredError extends Loss {

    public MeanSquaredError() { this(Reduction.SUM_OVER_BATCH_SIZE); }

    public MeanSquaredError(Reduction reduction) { super("mean_squared_error", reduction); }

    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        requirePredictions(yPred);
        if (yTrue.dtype().isBool()) {
            throw new InvalidArgumentException(opName() + ": yTrue must be numeric, got bool of shape " + yTrue.shape());
        }
        Tensor target = TF.cast(aligned(yTrue, yPred), yPred.dtype());
        return TF.reduceMean(TF.square(TF.subtract(yPred, target)), -1);
    }

    private Tensor aligned(Tensor yTrue, Tensor yPred) {
        if (yTrue.shape().equals(yPred.shape())) return yTrue;
        int rt = yTrue.rank();
        int rp = yPred.rank();
        if (rt == rp - 1 && yPred.shape().dim(-1) == 1 && yPred.shape().equals(withTrailingOne(yTrue))) {
            return TF.expandDims(yTrue, -1);
        }
        if (rt == rp + 1 && yTrue.shape().dim(-1) == 1 && yTrue.shape().equals(withTrailingOne(yPred))) {
            return TF.squeeze(yTrue, -1);
        }
        throw new InvalidArgumentException(opName() + ": yTrue of shape " + yTrue.shape() + " does not match yPred of shape "
                + yPred.shape() + "; the shapes must be equal (or differ by a trailing dim of 1)");
    }

    private static Shape withTrailingOne(Tensor t) {
        int[] d = Arrays.copyOf(t.shape().dims(), t.rank() + 1);
        d[t.rank()] = 1;
        return Shape.of(d);
    }
}
