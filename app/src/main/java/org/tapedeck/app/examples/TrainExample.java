package org.tapedeck.app.examples;

import java.io.PrintStream;

import org.tapedeck.app.train.MnistTutorial;
import org.tapedeck.engine.data.Pair;
import org.tapedeck.engine.datasets.Mnist;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The tutorial's training script: load MNIST, {@code shuffle(1000).batch(32)}, build the model,
 * look at the logits of one image before training, then three epochs of the hand-written train
 * step, each in a {@link org.tapedeck.engine.backend.MemoryScope} (the Java counterpart of the
 * tensors Python frees as soon as a step drops them). Uses whatever MNIST {@link Mnist#loadData()}
 * finds (the embedded subset when offline).
 */
public final class TrainExample implements Example {
    private final int epochs;

    public TrainExample() { this(3); }

    public TrainExample(int epochs) { this.epochs = epochs; }

    @Override public String name() { return "train"; }

    @Override public String description() { return "the tutorial's MNIST CNN: 3 epochs with a hand-written train step"; }

    @Override
    public void run(PrintStream out) {
        Mnist.Data mnist = Mnist.loadData();
        out.printf("MNIST: %,d training and %,d test images from %s%s%n", mnist.train().images().shape().dim(0),
                mnist.test().images().shape().dim(0), mnist.location(),
                mnist.isSubset() ? " (the subset shipped with Tapedeck: set TAPEDECK_DATA or use tapedeck train --data DIR for the full set)" : "");
        MnistTutorial t = new MnistTutorial(mnist, 32, 1000, 0);
        for (Pair batch : t.trainingBatches().take(1)) {
            Tensor logits = t.model().call(batch.first().slice(0, 1), false);
            out.println("Logits: " + logits.format());
        }
        for (int epoch = 0; epoch < epochs; epoch++) {
            long start = System.nanoTime();
            long images = 0;
            for (Pair batch : t.trainingBatches()) {
                images += batch.first().shape().dim(0);
                // Each step's tensors are freed when it ends, and the next step reuses their memory;
                // with t.trainStep(images, labels) the garbage collector finds them (~30 MB a step).
                t.trainStepInScope(batch);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // Reading the accuracy metric is also what lets the debugger plot it per epoch.
            out.printf("epoch %d done - test accuracy %.2f%% - %.1f s, %.0f images/s%n", epoch, 100 * t.testAccuracy(MnistTutorial.EVAL_BATCH),
                    seconds, images / seconds);
        }
        out.printf("final loss %.4f after %d steps%n", t.lossHistory().get(t.lossHistory().size() - 1), t.lossHistory().size());
    }
}
