package org.tapedeck.app.train;

import java.io.PrintStream;
import java.util.Locale;

import org.tapedeck.app.cli.Options;
import org.tapedeck.engine.backend.Backends;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.cpu.Parallel;
import org.tapedeck.engine.ops.Placement;

/** The {@code --device} and {@code --threads} choices of the commands. */
final class Devices {
    private Devices() {}

    /**
     * Makes {@code choice} ({@code cpu}, {@code gpu} or {@code auto}) the default device and
     * returns the device used. {@code auto} takes a GPU when one is available; {@code gpu} without
     * one is an error.
     */
    static String select(String choice, PrintStream err) {
        String c = choice.toLowerCase(Locale.ROOT);
        boolean gpu = Backends.available().contains(Device.GPU);
        switch (c) {
            case "cpu":
                Placement.setDefaultDevice(Device.CPU);
                return Device.CPU.toString();
            case "gpu":
                if (!gpu) throw new Options.UsageException("--device gpu: no GPU backend is available on this machine");
                Placement.setDefaultDevice(Device.GPU);
                return Device.GPU.toString();
            case "auto":
                Placement.setDefaultDevice(gpu ? Device.GPU : Device.CPU);
                return (gpu ? Device.GPU : Device.CPU).toString();
            default:
                throw new Options.UsageException("--device must be cpu, gpu or auto, got '" + choice + "'");
        }
    }

    static void setThreads(int n) { Parallel.setThreads(n); }

    static String heapSummary() {
        return String.format(Locale.ROOT, "%.0f MB (JVM heap pools)", TrainCommand.peakHeapBytes() / 1e6);
    }
}
