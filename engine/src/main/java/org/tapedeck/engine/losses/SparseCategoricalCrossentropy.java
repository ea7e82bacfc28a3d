package org.tapedeck.engine.losses;

import java.util.Arrays;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Cross-entropy between integer class labels and predicted class scores:
 * {@code tf.keras.losses.SparseCategoricalCrossentropy}. yPred is {@code [batch..., classes]}
 * logits or probabilities; yTrue is {@code [batch...]} (or {@code [batch..., 1]}) class indices in
 * {@code [0, classes)}, int32, int64 or uint8 (floating labels must be whole numbers).
 *
 * <pre>{@code
 * Loss lossObject = new SparseCategoricalCrossentropy(true);            // from_logits=True
 * Tensor loss = lossObject.call(TF.constant(new long[] {2, 0}),
 *                               TF.constant(new float[][] {{0f, 1f, 3f}, {2f, 0f, 0f}}));
 * }</pre>
 *
 * The loss of a sample is {@code -logSoftmax(logits)[label]}. For probabilities it is Keras'
 * computation: clip to {@code [1e-7, 1 - 1e-7]}, take the log and treat that as logits, i.e.
 * {@code -log(p[label] / sum(p))} over the clipped p (rows that already sum to 1 just give
 * {@code -log(p[label])}).
 */
public final class SparseCategoricalCrossentropy extends Loss {
    private final boolean fromLogits;

    /** fromLogits=false, reduction SUM_OVER_BATCH_SIZE: Keras' defaults. */
    public SparseCategoricalCrossentropy() { this(false); }

    /** @param fromLogits whether yPred holds logits (true) or probabilities (false) */
    public SparseCategoricalCrossentropy(boolean fromLogits) { this(fromLogits, Reduction.SUM_OVER_BATCH_SIZE); }

    public SparseCategoricalCrossentropy(boolean fromLogits, Reduction reduction) {
        super("sparse_categorical_crossentropy", reduction);
        this.fromLogits = fromLogits;
    }

    public boolean fromLogits() { return fromLogits; }

    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        requirePredictions(yPred);
        Shape batch = batchShape(yPred.shape());
        checkLabelShape(yTrue.shape(), yPred.shape(), batch);
        int classes = yPred.shape().dim(-1);
        long[] labels = labelValues(yTrue, yPred, classes);

        // NOTE: with probabilities, Keras feeds log(clip(p)) to the softmax cross-entropy as
        // logits, so the log-softmax below also renormalises the clipped probabilities.
        Tensor logits = fromLogits ? yPred : TF.log(Crossentropy.clip(yPred));
        Tensor logProbs = TF.logSoftmax(logits);

        // Pick each sample's log-probability of its label from the flattened [n * classes] tensor;
        // the gather's gradient puts the upstream gradient back at exactly those positions.
        int n = batch.size();
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) positions[i] = Math.toIntExact(i * (long) classes + labels[i]);
        Tensor picked = TF.gather(TF.reshape(logProbs, n * classes), TF.constant(positions));
        return TF.reshape(TF.negative(picked), batch);
    }

    private static Shape batchShape(Shape predShape) {
        int[] d = predShape.dims();
        return Shape.of(Arrays.copyOf(d, d.length - 1));
    }

    /** yTrue is yPred's batch shape, or that with a trailing 1 (Keras squeezes it). */
    private void checkLabelShape(Shape labels, Shape pred, Shape batch) {
        if (labels.equals(batch)) return;
        int[] withOne = Arrays.copyOf(batch.dims(), batch.rank() + 1);
        withOne[batch.rank()] = 1;
        if (labels.equals(withOne)) return;
        throw new InvalidArgumentException(opName() + ": yTrue of shape " + labels + " does not match yPred of shape " + pred
                + "; the labels must have shape " + batch + " (yPred's shape without the class axis) or "
                + Shape.of(withOne));
    }

    /**
     * The labels on the host, checked to be whole class indices in [0, classes).
     * NOTE: this reads the labels to the host (a synchronisation when they live on a GPU) so that a
     * bad label is an error naming it, as TensorFlow's CPU kernel reports, instead of the NaN loss
     * its GPU kernel gives. Labels are one small integer per sample.
     */
    private long[] labelValues(Tensor yTrue, Tensor yPred, int classes) {
        if (yTrue.dtype().isBool()) {
            throw new InvalidArgumentException(opName() + ": yTrue must hold integer class indices (int32, int64 or uint8), "
                    + "got bool of shape " + yTrue.shape());
        }
        long[] out = new long[yTrue.size()];
        if (yTrue.dtype().isFloating()) {
            double[] d = yTrue.toDoubleArray();
            for (int i = 0; i < d.length; i++) {
                if (d[i] != Math.rint(d[i]) || Double.isInfinite(d[i])) {
                    throw new InvalidArgumentException(opName() + ": yTrue holds " + d[i] + " at position " + i
                            + ", which is not a class index (labels of shape " + yTrue.shape() + ", dtype " + yTrue.dtype() + ")");
                }
                out[i] = (long) d[i];
            }
        } else {
            out = yTrue.toLongArray();
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] < 0 || out[i] >= classes) {
                throw new InvalidArgumentException(opName() + ": received a label value of " + out[i] + " at position " + i
                        + " of yTrue (shape " + yTrue.shape() + "), which is outside the valid range of [0, " + classes
                        + ") for yPred of shape " + yPred.shape());
            }
        }
        return out;
    }

    @Override
    public String toString() { return opName() + "(fromLogits=" + fromLogits + ", reduction=" + reduction() + ")"; }
}
