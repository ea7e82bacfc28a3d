package org.tapedeck.app.train;

import java.util.ArrayList;
import java.util.List;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.GradientTape;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.MemoryScope;
import org.tapedeck.engine.data.Dataset;
import org.tapedeck.engine.data.Pair;
import org.tapedeck.engine.datasets.Mnist;
import org.tapedeck.engine.losses.SparseCategoricalCrossentropy;
import org.tapedeck.engine.metrics.SparseCategoricalAccuracy;
import org.tapedeck.engine.nn.Conv2D;
import org.tapedeck.engine.nn.Dense;
import org.tapedeck.engine.nn.GlobalAveragePooling2D;
import org.tapedeck.engine.nn.Layer;
import org.tapedeck.engine.nn.Sequential;
import org.tapedeck.engine.optimizers.Adam;
import org.tapedeck.engine.ops.Placement;
import org.tapedeck.engine.optimizers.Optimizer;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * The TensorFlow eager tutorial's MNIST training, in Java: the model, the input pipeline and the
 * hand-written train step. The {@code train} example, the headless trainer and the debugger's
 * default program all run this code.
 *
 * <pre>{@code
 * MnistTutorial t = new MnistTutorial(Mnist.loadData(), 32, 1000, 0);
 * for (Pair batch : t.trainingBatches()) {
 *     double loss = t.trainStep(batch.first(), batch.second());
 * }
 * }</pre>
 */
public final class MnistTutorial {
    private final Mnist.Data data;
    private final int batchSize;
    private final int shuffleBuffer;
    private final long seed;
    private final Sequential model;
    private final Optimizer optimizer = new Adam();
    private final SparseCategoricalCrossentropy lossObject = new SparseCategoricalCrossentropy(true);
    private final List<Double> lossHistory = new ArrayList<>();
    private Dataset<Pair> training;

    public MnistTutorial(Mnist.Data data, int batchSize, int shuffleBuffer, long seed) {
        this.data = data;
        this.batchSize = batchSize;
        this.shuffleBuffer = shuffleBuffer;
        this.seed = seed;
        this.model = buildModel(seed);
    }

    /**
     * Conv2D(16, 3x3, relu) → Conv2D(16, 3x3, relu) → GlobalAveragePooling2D → Dense(10), for
     * images of any size with one channel; 2,650 parameters.
     */
    public static Sequential buildModel(long seed) {
        Layer.clearSession();
        return new Sequential(
                new Conv2D(16, 3).activation("relu").inputShape(null, null, 1).seed(seed * 3),
                new Conv2D(16, 3).activation("relu").seed(seed * 3 + 1),
                new GlobalAveragePooling2D(),
                new Dense(10).seed(seed * 3 + 2));
    }

    /**
     * MNIST for the {@code --data} option: null searches as {@link Mnist#loadData()} does,
     * {@code subset} takes the subset embedded in Tapedeck, anything else is a folder of IDX files.
     */
    public static Mnist.Data loadData(String spec) {
        if (spec == null) return Mnist.loadData();
        if (spec.equals("subset")) {
            return Mnist.loader().environmentDir(null).kerasCache(null).cacheDir(null).offline().load();
        }
        return Mnist.loadData(java.nio.file.Path.of(spec));
    }

    /**
     * uint8 images [n, 28, 28] → float32 [n, 28, 28, 1] in [0, 1]; labels → int64. On the host, as
     * tf.data runs its pipelines: a dataset's elements are made outside the training step's memory
     * scope, so device memory made here would wait for the garbage collector; the step's first op
     * copies the batch to the device inside the scope instead.
     */
    public static Pair toFloat(Pair batch) {
        try (Placement.Scope host = TF.device(Device.CPU)) {
            Tensor images = TF.cast(TF.expandDims(batch.first(), -1), DType.FLOAT32).div(255);
            return new Pair(images, TF.cast(batch.second(), DType.INT64));
        }
    }

    /**
     * The tutorial's pipeline, {@code shuffle(1000).batch(32)}: images stay uint8 until a batch
     * is converted, so the training set is never held as float32.
     */
    public Dataset<Pair> trainingBatches() {
        if (training == null) {
            training = Dataset.fromTensorSlices(data.train().images(), data.train().labels())
                    .shuffle(shuffleBuffer, seed)
                    .batch(batchSize)
                    .map(MnistTutorial::toFloat);
        }
        return training;
    }

    /** One step: forward under a tape, the loss, gradients, Adam. Returns the batch's loss. */
    public double trainStep(Tensor images, Tensor labels) {
        GradientTape tape = new GradientTape();
        Tensor lossValue;
        try (tape) {
            Tensor logits = model.call(images, true);
            TF.debugging.assertEqual(logits.shape(), images.shape().dim(0), 10);
            lossValue = lossObject.call(labels, logits);
        }
        double loss = lossValue.doubleValue();
        lossHistory.add(loss);
        List<Variable> vars = model.trainableVariables();
        List<Tensor> grads = tape.gradient(lossValue, vars);
        optimizer.applyGradients(grads, vars);
        return loss;
    }

    /**
     * {@link #trainStep} in a {@link MemoryScope} of its own that also takes the batch (a dataset
     * element, made outside any scope because a shuffle buffer outlives a step): everything the
     * step made is freed when it returns, and the next step reuses the memory. Returns the loss.
     */
    public double trainStepInScope(Pair batch) {
        try (MemoryScope step = MemoryScope.open()) {
            MemoryScope.attach(batch.first());
            MemoryScope.attach(batch.second());
            return trainStep(batch.first(), batch.second());
        }
    }

    /** Test images per evaluation batch: large enough to be quick, small enough that its activations stay ~50 MB. */
    public static final int EVAL_BATCH = 250;

    /** Accuracy on the test split, in batches of {@code evalBatch}. */
    public double testAccuracy(int evalBatch) {
        SparseCategoricalAccuracy accuracy = new SparseCategoricalAccuracy();
        for (Pair batch : Dataset.fromTensorSlices(data.test().images(), data.test().labels()).batch(evalBatch)) {
            // Device memory of one batch's activations is freed before the next batch.
            try (MemoryScope scope = MemoryScope.open()) {
                Pair b = toFloat(batch);
                accuracy.updateState(b.second(), model.call(b.first(), false));
            }
        }
        return accuracy.result().doubleValue();
    }

    public Sequential model() { return model; }

    public Optimizer optimizer() { return optimizer; }

    public Mnist.Data data() { return data; }

    /** The loss of every step so far. */
    public List<Double> lossHistory() { return lossHistory; }

    /** Steps in one epoch. */
    public long stepsPerEpoch() {
        long n = data.train().images().shape().dim(0);
        return (n + batchSize - 1) / batchSize;
    }
}
