package org.tapedeck.app.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import org.tapedeck.app.cli.Options;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.DeviceMemory;
import org.tapedeck.engine.backend.MemoryScope;
import org.tapedeck.engine.ops.Placement;
import org.tapedeck.engine.data.Pair;
import org.tapedeck.engine.datasets.Mnist;
import org.tapedeck.engine.io.SafeTensors;
import org.tapedeck.engine.tensor.Variable;

/**
 * {@code tapedeck train}: the tutorial's training without a window — a Keras-style progress bar per
 * epoch, mean loss and test accuracy per epoch, the loss history as CSV and the weights as
 * safetensors.
 */
public final class TrainCommand {
    static final Set<String> OPTIONS = Set.of("epochs", "batch-size", "seed", "data", "steps", "threads", "device", "out");

    private TrainCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Options o = Options.parse("train", args, OPTIONS);
        int epochs = (int) o.number("epochs", 3, 1, 1000);
        int batchSize = (int) o.number("batch-size", 32, 1, 65536);
        long seed = o.number("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
        long maxSteps = o.number("steps", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        int threads = (int) o.number("threads", Runtime.getRuntime().availableProcessors(), 1, 1024);
        Path outDir = Path.of(o.string("out", "tapedeck-run"));
        Device device = Devices.select(o.string("device", "cpu"), err);
        Devices.setThreads(threads);

        Mnist.Data data = MnistTutorial.loadData(o.string("data", null));
        out.printf("MNIST from %s (%s): %,d training and %,d test images%s%n", data.source(), data.location(),
                data.train().images().shape().dim(0), data.test().images().shape().dim(0),
                data.isSubset() ? " — the embedded subset; pass --data DIR for the full set" : "");
        out.printf("device %s, %d thread%s, batch %d, seed %d%n", device, threads, threads == 1 ? "" : "s", batchSize, seed);

        TF.random.setSeed(seed);
        MnistTutorial t = new MnistTutorial(data, batchSize, 1000, seed);
        Files.createDirectories(outDir);
        Path csv = outDir.resolve("loss_history.csv");
        boolean interactive = System.console() != null;
        long totalSteps = 0;
        long trainStart = System.nanoTime();
        try (Writer history = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
             Placement.Scope onDevice = TF.device(device)) {
            history.write("step,epoch,loss\n");
            for (int epoch = 1; epoch <= epochs && totalSteps < maxSteps; epoch++) {
                out.printf("Epoch %d/%d%n", epoch, epochs);
                long perEpoch = Math.min(t.stepsPerEpoch(), maxSteps - totalSteps);
                ProgressBar bar = new ProgressBar(out, perEpoch, interactive);
                double lossSum = 0;
                long steps = 0;
                long images = 0;
                long epochStart = System.nanoTime();
                Iterator<Pair> batches = t.trainingBatches().iterator();
                while (totalSteps < maxSteps) {
                    if (!batches.hasNext()) break;
                    Pair batch = batches.next();
                    images += batch.first().shape().dim(0);
                    // One memory scope per step: (device) memory the step made is freed when it ends.
                    double loss = t.trainStepInScope(batch);
                    steps++;
                    totalSteps++;
                    lossSum += loss;
                    history.write(totalSteps + "," + epoch + "," + String.format(Locale.ROOT, "%.6f", loss) + "\n");
                    bar.update(steps, lossSum / steps, images / ((System.nanoTime() - epochStart) / 1e9));
                }
                double seconds = (System.nanoTime() - epochStart) / 1e9;
                bar.finish(steps, lossSum / steps, images / seconds);
                double accuracy;
                try (MemoryScope eval = MemoryScope.open()) {
                    accuracy = t.testAccuracy(MnistTutorial.EVAL_BATCH);
                }
                out.printf(Locale.ROOT, "epoch %d done - mean loss %.4f - test accuracy %.2f%% - %.1f s - %.0f images/s%n",
                        epoch, lossSum / steps, 100 * accuracy, seconds, images / seconds);
                if (device.type() == Device.Type.GPU) out.println("device memory: " + DeviceMemory.stats(device));
            }
        }
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        Path weights = outDir.resolve("weights.safetensors");
        Map<String, Variable> named = new LinkedHashMap<>();
        for (Variable v : t.model().variables()) named.put(v.name(), v);
        SafeTensors.save(weights, named, Map.of("model", "tapedeck mnist tutorial", "seed", Long.toString(seed),
                "steps", Long.toString(totalSteps)));
        out.printf(Locale.ROOT, "%d steps in %.1f s; peak heap %s; loss history: %s; weights: %s%n", totalSteps, trainSeconds,
                Devices.heapSummary(), csv, weights);
        return 0;
    }
}
