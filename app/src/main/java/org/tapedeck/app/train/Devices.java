package org.tapedeck.app.train;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Locale;

import org.tapedeck.app.cli.Options;
import org.tapedeck.engine.backend.Backends;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.cpu.Parallel;
import org.tapedeck.engine.ops.Placement;

/** The {@code --device} and {@code --threads} choices of the commands. */
public final class Devices {
    private Devices() {}

    /**
     * Makes {@code choice} ({@code cpu}, {@code gpu} or {@code auto}) the default device and
     * returns it; run the work inside {@code TF.device(it)} so that every op goes there. {@code auto} takes a GPU when one is available; {@code gpu} without
     * one is an error.
     */
    public static Device select(String choice, PrintStream err) {
        String c = choice.toLowerCase(Locale.ROOT);
        Device d;
        switch (c) {
            case "cpu":
                d = Device.CPU;  // no GPU probe at all
                break;
            case "gpu":
                if (!Backends.available().contains(Device.GPU)) {
                    throw new Options.UsageException("--device gpu: no GPU backend is available on this machine");
                }
                d = Device.GPU;
                break;
            case "auto":
                d = Backends.available().contains(Device.GPU) ? Device.GPU : Device.CPU;
                break;
            default:
                throw new Options.UsageException("--device must be cpu, gpu or auto, got '" + choice + "'");
        }
        Placement.setDefaultDevice(d);
        return d;
    }

    public static void setThreads(int n) { Parallel.setThreads(n); }

    static String heapSummary() {
        return String.format(Locale.ROOT, "%.0f MB (JVM heap pools)", peakHeapBytes() / 1e6);
    }

    /** Peak JVM heap so far, for the summary line. */
    private static long peakHeapBytes() {
        long peak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) peak += pool.getPeakUsage().getUsed();
        }
        return peak;
    }
}
