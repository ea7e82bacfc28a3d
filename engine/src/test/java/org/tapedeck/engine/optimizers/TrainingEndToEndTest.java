package org.tapedeck.engine.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.GradientTape;
import org.tapedeck.engine.losses.Loss;
import org.tapedeck.engine.losses.MeanSquaredError;
import org.tapedeck.engine.losses.SparseCategoricalCrossentropy;
import org.tapedeck.engine.metrics.Mean;
import org.tapedeck.engine.metrics.SparseCategoricalAccuracy;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * The tutorial's training step on a linear model (matmul + bias, as a Dense layer): the loss
 * falls low within about 200 Adam steps.
 */
class TrainingEndToEndTest {

    /** Three well separated 2-D clusters; class c is centred on CENTERS[c]. */
    private static final float[][] CENTERS = {{3, 0}, {-3, 1}, {0, -3}};

    @Test
    void linearClassifierTrainedWithAdamReachesLowLoss() {
        int n = 96;
        int batch = 32;
        Tensor noise = TF.random.normal(Shape.of(n, 2), 0, 0.6, DType.FLOAT32, 7L);
        float[] points = noise.toFloatArray();
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            points[2 * i] += CENTERS[i % 3][0];
            points[2 * i + 1] += CENTERS[i % 3][1];
        }
        Tensor images = TF.constant(points, Shape.of(n, 2));
        Tensor allLabels = TF.constant(labels, Shape.of(n));

        Variable kernel = new Variable(TF.random.normal(Shape.of(2, 3), 0, 0.1, DType.FLOAT32, 3L), "dense/kernel");
        Variable bias = new Variable(TF.zeros(3), "dense/bias");
        List<Variable> trainable = List.of(kernel, bias);
        Adam optimizer = new Adam(0.05);
        Loss lossObject = new SparseCategoricalCrossentropy(true);
        Mean epochLoss = new Mean("epoch_loss");
        SparseCategoricalAccuracy accuracy = new SparseCategoricalAccuracy();
        List<Float> lossHistory = new ArrayList<>();

        int steps = 0;
        while (steps < 200) {
            epochLoss.resetState();
            accuracy.resetState();
            for (int start = 0; start < n && steps < 200; start += batch, steps++) {
                Tensor x = images.slice(start, start + batch);
                Tensor y = allLabels.slice(start, start + batch);
                List<Tensor> grads;
                Tensor lossValue;
                Tensor logits;
                try (GradientTape tape = new GradientTape()) {
                    logits = TF.add(TF.matmul(x, kernel), bias);
                    TF.debugging.assertEqual(logits.shape(), 32, 3);
                    lossValue = lossObject.call(y, logits);
                    grads = tape.gradient(lossValue, trainable);
                }
                lossHistory.add(lossValue.floatValue());
                optimizer.applyGradients(grads, trainable);
                epochLoss.updateState(lossValue);
                accuracy.updateState(y, logits);
            }
        }
        assertEquals(200, optimizer.iterations());
        float first = lossHistory.get(0);
        float last = lossHistory.get(lossHistory.size() - 1);
        assertTrue(first > 0.8f, "the untrained loss should be near log(3): " + first);
        assertTrue(last < 0.05f, "loss after 200 steps: " + last + " (history " + lossHistory + ")");
        assertTrue(epochLoss.result().floatValue() < 0.05f, "last epoch's mean loss: " + epochLoss.result());
        assertEquals(1f, accuracy.result().floatValue(), "last epoch's accuracy");
    }

    @Test
    void linearRegressionTrainedWithAdamFindsTheWeights() {
        Tensor x = TF.random.normal(Shape.of(64, 3), 0, 1, DType.FLOAT32, 21L);
        Tensor trueW = TF.constant(new float[][] {{1.5f}, {-2f}, {0.5f}});
        Tensor y = TF.add(TF.matmul(x, trueW), 0.7);
        Variable w = new Variable(TF.zeros(3, 1), "w");
        Variable b = new Variable(TF.zeros(1), "b");
        Adam optimizer = new Adam(0.1);
        Loss mse = new MeanSquaredError();
        float loss = Float.NaN;
        for (int step = 0; step < 200; step++) {
            try (GradientTape tape = new GradientTape()) {
                Tensor l = mse.call(y, TF.add(TF.matmul(x, w), b));
                loss = l.floatValue();
                optimizer.applyGradients(tape.gradient(l, List.of(w, b)), List.of(w, b));
            }
        }
        assertTrue(loss < 1e-3f, "final loss " + loss);
        float[] learned = w.peek().toFloatArray();
        assertEquals(1.5f, learned[0], 0.02f);
        assertEquals(-2f, learned[1], 0.02f);
        assertEquals(0.5f, learned[2], 0.02f);
        assertEquals(0.7f, b.peek().floatValue(), 0.02f);
    }
}
