package org.tapedeck.engine.backend.cuda;

import java.util.Locale;

import org.tapedeck.engine.backend.Backend;
import org.tapedeck.engine.backend.Backends;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.DeviceMemory;
import org.tapedeck.engine.backend.GpuSupport;
import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.backend.MemoryScope;
import org.tapedeck.engine.backend.MemoryStats;
import org.tapedeck.engine.backend.cpu.CpuBackend;
import org.tapedeck.engine.errors.UnimplementedException;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Times training steps of the tutorial's model ({@link TutorialModel}: the backend's kernels
 * without the op layer) on one device, each step in a {@link MemoryScope}, reading the loss every
 * step as a trainer printing it would; prints device memory before and after, which must not grow.
 *
 * <pre>
 * java -cp ... org.tapedeck.engine.backend.cuda.TutorialStepBenchmark --device gpu --steps 300 [--warmup 20] [--batch 32]
 * </pre>
 *
 * The last line is {@code RESULT ...} with ms/step, images/s, the first and last loss and the
 * memory figures.
 */
public final class TutorialStepBenchmark {
    private TutorialStepBenchmark() {}

    public static void main(String[] args) {
        String device = "gpu";
        int steps = 300;
        int warmup = 20;
        int batch = 32;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--device" -> device = args[i + 1];
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --device gpu|cpu, --steps N, --warmup N, --batch N");
            }
        }
        Backend backend;
        if (device.equalsIgnoreCase("gpu")) {
            if (!GpuSupport.isAvailable()) {
                System.out.println("RESULT device=GPU:0 skipped: " + GpuSupport.status());
                return;
            }
            backend = Backends.forDevice(Device.GPU);
        } else {
            backend = CpuBackend.INSTANCE;
        }
        try {
            run(backend, steps, warmup, batch);
        } catch (UnimplementedException e) {
            System.out.println("RESULT device=" + backend.device() + " skipped: " + e.getMessage());
        }
    }

    private static void run(Backend b, int steps, int warmup, int batchSize) {
        System.out.println("backend-level tutorial step on " + b.device() + " (" + b + "), batch " + batchSize);
        TutorialModel model;
        try (MemoryScope init = MemoryScope.open()) {
            model = new TutorialModel(b, 0);
        }
        TutorialModel.Batches batches = new TutorialModel.Batches(1, batchSize);
        Shape images = Shape.of(batchSize, 28, 28, 1);
        Shape labels = Shape.of(batchSize);
        float firstLoss = Float.NaN;
        float loss = Float.NaN;
        MemoryStats afterWarmup = null;
        long start = 0;
        for (int step = 1; step <= warmup + steps; step++) {
            if (step == warmup + 1) {
                afterWarmup = DeviceMemory.stats(b.device());
                start = System.nanoTime();
            }
            try (MemoryScope s = MemoryScope.open()) {
                HostBuffer[] batch = batches.next();
                Tensor l = model.step(b.fromHost(images, batch[0]), b.fromHost(labels, batch[1]));
                loss = l.floatValue();
            }
            if (step == 1) firstLoss = loss;
            if (step == 1 || step % 50 == 0) {
                System.out.printf(Locale.ROOT, "step %d loss %.4f, memory %s%n", step, loss, DeviceMemory.stats(b.device()));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        MemoryStats end = DeviceMemory.stats(b.device());
        System.out.printf(Locale.ROOT, "RESULT device=%s steps=%d batch=%d ms/step=%.3f images/s=%.0f first_loss=%.4f last_loss=%.4f "
                        + "in_use_after_warmup=%d in_use_end=%d peak=%d device_allocs_after_warmup=%d device_allocs_end=%d cache_hits=%d%n",
                b.device(), steps, batchSize, 1e3 * seconds / steps, steps * batchSize / seconds, firstLoss, loss,
                afterWarmup.bytesInUse(), end.bytesInUse(), end.peakBytesInUse(), afterWarmup.deviceAllocations(),
                end.deviceAllocations(), end.cacheHits());
    }
}
