package org.tapedeck.app.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.tapedeck.app.cli.Options;
import org.tapedeck.engine.datasets.Mnist;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.io.SafeTensors;
import org.tapedeck.engine.nn.Sequential;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/** {@code tapedeck evaluate --weights FILE}: reloads trained weights and prints test accuracy. */
public final class EvaluateCommand {
    private EvaluateCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o = Options.parse("evaluate", args, Set.of("weights", "data", "device", "threads"));
        if (!o.has("weights")) throw new Options.UsageException("evaluate: --weights FILE is required (written by tapedeck train)");
        Path file = Path.of(o.string("weights", null));
        var device = Devices.select(o.string("device", "cpu"), err);
        Devices.setThreads((int) o.number("threads", Runtime.getRuntime().availableProcessors(), 1, 1024));
        Mnist.Data data = MnistTutorial.loadData(o.string("data", null));

        double accuracy;
        try (var onDevice = org.tapedeck.engine.TF.device(device)) {
            MnistTutorial t = new MnistTutorial(data, 32, 1000, 0);
            load(t.model(), SafeTensors.load(file), file);
            accuracy = t.testAccuracy(MnistTutorial.EVAL_BATCH);
        }
        out.printf(Locale.ROOT, "test accuracy %.2f%% on %,d images (%s)%n", 100 * accuracy,
                data.test().images().shape().dim(0), data.source());
        return 0;
    }

    /** Builds the model and assigns every variable from {@code weights}, by name. */
    static void load(Sequential model, Map<String, Tensor> weights, Path file) {
        model.build(org.tapedeck.engine.nn.PartialShape.of(null, null, null, 1));
        for (Variable v : model.variables()) {
            Tensor w = weights.get(v.name());
            if (w == null) {
                throw new InvalidArgumentException(file + ": no tensor named '" + v.name() + "' (the file has " + weights.keySet() + ")");
            }
            if (!w.shape().equals(v.shape()) || w.dtype() != v.dtype()) {
                throw new InvalidArgumentException(file + ": tensor '" + v.name() + "' is " + w.dtype() + " " + w.shape()
                        + " but the model needs " + v.dtype() + " " + v.shape());
            }
            v.assign(w);
        }
    }
}
