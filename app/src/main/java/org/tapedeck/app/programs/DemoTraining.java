package org.tapedeck.app.programs;

import java.io.PrintStream;
import java.util.List;
import java.util.Random;

import org.tapedeck.app.session.DebugProgram;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.GradientTape;
import org.tapedeck.engine.events.EpochEvent;
import org.tapedeck.engine.events.ExecutionEvents;
import org.tapedeck.engine.events.StepEvent;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * The debugger's built-in demo: a two-layer perceptron learning to tell four kinds of bar
 * (horizontal, vertical, diagonal, anti-diagonal) in small noisy grayscale images, batch by batch,
 * with a {@link GradientTape} and a hand-written SGD update. It announces epochs and steps with
 * {@link EpochEvent} and {@link StepEvent}, as a dataset and an optimizer would.
 *
 * <pre>{@code
 * new DemoTraining(3, 10, 16).run(System.out);   // 3 epochs of 10 steps of 16 images
 * }</pre>
 */
public final class DemoTraining implements DebugProgram {
    public static final String NAME = "demo";
    public static final String DESCRIPTION = "a 2-layer MLP learns to classify bars in synthetic 12x12 images (SGD)";

    static final int SIDE = 12;
    static final int CLASSES = 4;
    private static final int HIDDEN = 32;
    private static final double LEARNING_RATE = 0.05;

    private final int epochs;
    private final int stepsPerEpoch;
    private final int batch;

    /** The demo as {@code tapedeck} runs it: long enough to watch. */
    public DemoTraining() { this(200, 25, 32); }

    public DemoTraining(int epochs, int stepsPerEpoch, int batch) {
        if (epochs < 1 || stepsPerEpoch < 1 || batch < 1) {
            throw new IllegalArgumentException("epochs, steps and batch must be positive, got " + epochs + ", "
                    + stepsPerEpoch + ", " + batch);
        }
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
        this.batch = batch;
    }

    @Override
    public void run(PrintStream out) {
        TF.random.setSeed(7);
        Random data = new Random(42);
        Variable w1 = new Variable(TF.random.normal(SIDE * SIDE, HIDDEN).mul(0.1), "dense/kernel");
        Variable b1 = new Variable(TF.zeros(HIDDEN), "dense/bias");
        Variable w2 = new Variable(TF.random.normal(HIDDEN, CLASSES).mul(0.1), "dense_1/kernel");
        Variable b2 = new Variable(TF.zeros(CLASSES), "dense_1/bias");
        List<Variable> params = List.of(w1, b1, w2, b2);
        long iteration = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            int e = epoch;
            ExecutionEvents.emit(l -> l.onEpochBegan(new EpochEvent("synthetic bars", e)));
            double lossSum = 0;
            int correct = 0;
            for (int step = 0; step < stepsPerEpoch; step++) {
                Batch b = Batch.sample(data, batch);
                Tensor images = TF.constant(b.pixels, Shape.of(batch, SIDE, SIDE, 1));
                Tensor labels = TF.constant(b.labels, Shape.of(batch));
                Tensor logits;
                Tensor loss;
                List<Tensor> grads;
                try (GradientTape tape = new GradientTape()) {
                    Tensor flat = TF.reshape(images, batch, SIDE * SIDE);
                    Tensor hidden = TF.relu(TF.add(TF.matmul(flat, w1), b1));
                    logits = TF.add(TF.matmul(hidden, w2), b2);
                    Tensor logProbs = TF.logSoftmax(logits);
                    Tensor picked = TF.reduceSum(TF.multiply(TF.oneHot(labels, CLASSES), logProbs), 1);
                    loss = TF.negative(TF.reduceMean(picked));
                    grads = tape.gradient(loss, params);
                }
                for (int i = 0; i < params.size(); i++) params.get(i).assignSub(grads.get(i).mul(LEARNING_RATE));
                long it = ++iteration;
                ExecutionEvents.emit(l -> l.onStepEnded(new StepEvent("SGD", it, params.size())));
                lossSum += loss.doubleValue();
                correct += countCorrect(logits, b.labels);
            }
            out.printf("epoch %d: loss %.4f, accuracy %.3f%n", epoch + 1, lossSum / stepsPerEpoch,
                    correct / (double) (stepsPerEpoch * batch));
        }
    }

    private static int countCorrect(Tensor logits, int[] labels) {
        float[] v = logits.toFloatArray();
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < CLASSES; c++) if (v[i * CLASSES + c] > v[i * CLASSES + best]) best = c;
            if (best == labels[i]) n++;
        }
        return n;
    }

    /** A batch of images, drawn in plain Java (no ops), and their labels. */
    static final class Batch {
        final float[] pixels;
        final int[] labels;

        private Batch(float[] pixels, int[] labels) {
            this.pixels = pixels;
            this.labels = labels;
        }

        /** Each image: a bright bar of the label's kind at a random place, on uniform noise. */
        static Batch sample(Random rnd, int n) {
            float[] px = new float[n * SIDE * SIDE];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                int label = rnd.nextInt(CLASSES);
                labels[i] = label;
                int at = 2 + rnd.nextInt(SIDE - 4);
                int base = i * SIDE * SIDE;
                for (int y = 0; y < SIDE; y++) {
                    for (int x = 0; x < SIDE; x++) {
                        boolean on = switch (label) {
                            case 0 -> y == at;
                            case 1 -> x == at;
                            case 2 -> x - y == at - SIDE / 2;
                            default -> x + y == at + SIDE / 2;
                        };
                        px[base + y * SIDE + x] = (on ? 0.5f : 0f) + 0.7f * rnd.nextFloat();
                    }
                }
            }
            return new Batch(px, labels);
        }
    }
}
