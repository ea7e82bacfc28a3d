package org.tapedeck.app.bench;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

import org.tapedeck.app.cli.Options;
import org.tapedeck.app.train.Devices;
import org.tapedeck.app.train.MnistTutorial;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.cpu.Parallel;
import org.tapedeck.engine.data.Pair;
import org.tapedeck.engine.events.ExecutionEvents;
import org.tapedeck.engine.ops.Placement;

/**
 * Steady-state training throughput of the tutorial model ({@code tapedeck bench train}): warm-up
 * steps first (by default until the JIT compilers are all but idle, see {@link #warmUp}), then timed steps, reported as ms/step, images/s and GFLOP/s in the same form as
 * {@code shared/bench/torch_mnist.py --steps N}, with the CPU contention of the timed window. {@code --profile N} then runs as many steps again with a listener and prints the
 * N costliest ops (by op and input shapes). {@code --rounds N} times N windows one after the other
 * (a window's own noise, with the JIT idle); {@code --observe} runs the steps watched as the
 * debugger watches them ({@link Observer}), and {@code --cores shared} makes the CPU helpers wait
 * and split work as under the debugger window ({@link Parallel#setSharedCores}).
 */
public final class TrainBench {
    /** Training FLOPs per image of the tutorial model (forward 2.85 M + backward 5.50 M; shared/bench/flops.py). */
    static final double FLOP_PER_IMAGE = 8.35e6;

    private TrainBench() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o = Options.parse("bench train", args, Set.of("steps", "warmup", "threads", "data", "device", "batch-size", "seed", "profile", "observe", "cores", "rounds"));
        int steps = (int) o.number("steps", 500, 1, 1_000_000);
        String warmupSpec = o.string("warmup", "auto");
        int warmup = warmupSpec.equals("auto") ? -1 : (int) o.number("warmup", 0, 0, 1_000_000);
        int threads = (int) o.number("threads", 2, 1, 1024);
        int batch = (int) o.number("batch-size", 32, 1, 65536);
        int profileRows = (int) o.number("profile", 0, 0, 1000);
        int rounds = (int) o.number("rounds", 1, 1, 1000);
        long seed = o.number("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
        Observer observer = Observer.parse(o.string("observe", "none"));
        String cores = o.string("cores", "own");
        if (!cores.equals("own") && !cores.equals("shared")) {
            throw new Options.UsageException("bench train: --cores must be own or shared, got '" + cores + "'");
        }
        Parallel.setSharedCores(cores.equals("shared"));
        Device device = Devices.select(o.string("device", "cpu"), err);
        Devices.setThreads(threads);
        MnistTutorial t = new MnistTutorial(MnistTutorial.loadData(o.string("data", null)), batch, 1000, seed);
        out.printf("tapedeck bench train: device %s, threads %d (%s cores), batch %d, %s warm-up + %d timed steps, observed by %s%n",
                device, threads, cores, batch, warmup < 0 ? "auto" : warmup + " steps of", steps,
                observer.describe());
        observer.run(() -> timed(t, device, batch, steps, rounds, warmup, profileRows, out));
        return 0;
    }

    /** Warms up, then times {@code rounds} windows of {@code steps} steps, one RESULT line each. */
    private static void timed(MnistTutorial t, Device device, int batch, int steps, int rounds, int warmup, int profileRows,
                              PrintStream out) {
        try (Placement.Scope onDevice = TF.device(device)) {
            Steps training = new Steps(t);
            long w0 = System.nanoTime();
            int warmed = warmUp(warmup, training::next);
            out.printf(Locale.ROOT, "warm-up: %d steps, %.1f s%n", warmed, (System.nanoTime() - w0) / 1e9);
            for (int r = 0; r < rounds; r++) {
                Contention window = Contention.start();
                JvmWork work = JvmWork.start();
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) training.next();
                double seconds = (System.nanoTime() - t0) / 1e9;
                JvmWork.Result jvm = work.stop();
                Contention.Result noise = window.stop();
                double imagesPerSecond = (double) steps * batch / seconds;
                double gflops = imagesPerSecond * FLOP_PER_IMAGE / 1e9;
                out.printf(Locale.ROOT, "RESULT steps=%d time=%.3fs ms/step=%.3f images/s=%.1f GFLOP/s=%.1f last_loss=%.4f "
                        + "alloc/step=%.1fKB gc=%.1f%% jit=%.1f%% %s%n",
                        steps, seconds, 1e3 * seconds / steps, imagesPerSecond, gflops,
                        t.lossHistory().get(t.lossHistory().size() - 1), jvm.allocatedBytes() / 1024.0 / steps,
                        100 * jvm.gcSeconds() / seconds, 100 * jvm.jitSeconds() / seconds, noise);
            }
            if (profileRows > 0) profile(training, steps, profileRows, out);
        }
    }

    /** Warm-up steps of the automatic warm-up: at least, at most, and per check of the JIT. */
    static final int MIN_WARMUP = 300, MAX_WARMUP = 5_000, WARMUP_CHUNK = 100;

    /**
     * Runs {@code steps} warm-up steps, or with {@code steps < 0} warms up until the JIT compilers
     * worked less than 2% of the time of the last {@link #WARMUP_CHUNK} steps (after at least
     * {@link #MIN_WARMUP}, at most {@link #MAX_WARMUP}). Returns the steps run. NOTE: C2 compiles
     * the Vector API kernels, and recompiles them as profiles change, for 10-20 s; a fixed 300-step
     * warm-up still timed compilers that took a share of the two cores.
     */
    static int warmUp(int steps, Runnable step) {
        if (steps >= 0) {
            for (int i = 0; i < steps; i++) step.run();
            return steps;
        }
        int done = 0;
        for (; done < MIN_WARMUP; done++) step.run();
        while (done < MAX_WARMUP) {
            long jit0 = JvmWork.jitMillis();
            long t0 = System.nanoTime();
            for (int i = 0; i < WARMUP_CHUNK; i++) step.run();
            done += WARMUP_CHUNK;
            double wallMillis = (System.nanoTime() - t0) / 1e6;
            if (JvmWork.jitMillis() - jit0 < 0.02 * wallMillis) break;
        }
        return done;
    }

    /** After the timed window (so listeners do not slow it): time per op over {@code steps} more steps. */
    private static void profile(Steps training, int steps, int rows, PrintStream out) {
        OpProfile profile = new OpProfile();
        try (ExecutionEvents.Registration r = ExecutionEvents.addListener(profile)) {
            for (int i = 0; i < steps; i++) training.next();
        }
        profile.print(out, steps, rows);
    }

    /** The tutorial's training steps, one after the other, epoch after epoch. */
    private static final class Steps {
        private final MnistTutorial t;
        private Iterator<Pair> batches;

        Steps(MnistTutorial t) {
            this.t = t;
            batches = t.trainingBatches().iterator();
        }

        /** One step in its own memory scope; starts the next epoch when the data runs out. */
        void next() {
            if (!batches.hasNext()) batches = t.trainingBatches().iterator();
            t.trainStepInScope(batches.next());
        }
    }
}
