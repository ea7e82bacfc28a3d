package org.tapedeck.app.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells whether a timed window was shared with other work: the machine's two cores are shared, and
 * a figure taken while other processes used the CPU is not a figure. Same accounting as
 * {@code shared/bench/contention.py}: system-wide busy CPU time from {@code /proc/stat} minus this
 * process's own CPU time.
 */
public final class Contention {
    private static final double HZ = 100.0; // USER_HZ on Linux
    private final long startNanos = System.nanoTime();
    private final double busy0;
    private final double steal0;
    private final double own0;

    private Contention(double[] stat, double own) {
        this.busy0 = stat[0];
        this.steal0 = stat[1];
        this.own0 = own;
    }

    /** Starts a window. */
    public static Contention start() { return new Contention(readStat(), ownCpuSeconds()); }

    /** Ends the window: wall time, own CPU, others' CPU and steal, in seconds. */
    public Result stop() {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        double[] s = readStat();
        double own = ownCpuSeconds() - own0;
        double sysBusy = s[0] - busy0;
        return new Result(wall, own, Math.max(0, sysBusy - own), s[1] - steal0, s[0] >= 0);
    }

    /** The window's accounting; {@code known} is false where /proc/stat could not be read. */
    public record Result(double wall, double ownCpu, double othersCpu, double steal, boolean known) {
        /** Others used less than 5% of the window's wall time. */
        public boolean clean() { return !known || othersCpu < 0.05 * wall; }

        @Override
        public String toString() {
            if (!known) return "[contention unknown]";
            return String.format("[own_cpu=%.2fs others_cpu=%.2fs steal=%.2fs wall=%.2fs%s]",
                    ownCpu, othersCpu, steal, wall, clean() ? "" : " CONTAINED OTHER WORK");
        }
    }

    private static double[] readStat() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]);
            long steal = Long.parseLong(f[8]);
            return new double[] {(user + nice + system + irq + softirq) / HZ, steal / HZ};
        } catch (IOException | RuntimeException e) {
            return new double[] {-1, -1};
        }
    }

    private static double ownCpuSeconds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime() / 1e9;
        return 0;
    }
}
