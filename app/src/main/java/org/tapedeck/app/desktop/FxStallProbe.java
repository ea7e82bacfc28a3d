package org.tapedeck.app.desktop;

import java.util.Arrays;
import java.util.Locale;

import javafx.application.Platform;

/**
 * Measures how long the FX thread takes to answer: every 20 ms a task is posted with
 * {@code Platform.runLater} and the delay until it runs is recorded; every 10 s the p50, p99 and
 * maximum so far go to standard error. Off unless {@code TAPEDECK_FX_PROBE=1}: it is a
 * measurement tool (for the "the window never freezes" figures), not a feature.
 */
final class FxStallProbe {
    private static final long PERIOD_MS = 20;
    private static final long REPORT_MS = 10_000;

    private final long[] samples = new long[1 << 20];
    private int count;

    private FxStallProbe() {}

    /** Starts the probe if the environment asks for it. */
    static void startIfRequested() {
        if (!"1".equals(System.getenv("TAPEDECK_FX_PROBE"))) return;
        FxStallProbe probe = new FxStallProbe();
        Thread t = new Thread(probe::run, "tapedeck-fx-probe");
        t.setDaemon(true);
        t.start();
    }

    private void run() {
        long lastReport = System.currentTimeMillis();
        while (true) {
            long posted = System.nanoTime();
            Platform.runLater(() -> record(System.nanoTime() - posted));
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            if (System.currentTimeMillis() - lastReport >= REPORT_MS) {
                lastReport = System.currentTimeMillis();
                report();
            }
        }
    }

    private synchronized void record(long nanos) {
        if (count < samples.length) samples[count++] = nanos;
    }

    private synchronized void report() {
        if (count == 0) return;
        long[] s = Arrays.copyOf(samples, count);
        Arrays.sort(s);
        System.err.printf(Locale.ROOT, "FX-PROBE samples=%d p50=%.2fms p99=%.2fms max=%.2fms heap=%dMB%n", count,
                s[count / 2] / 1e6, s[(int) Math.min(count - 1, Math.ceil(count * 0.99) - 1)] / 1e6, s[count - 1] / 1e6,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }
}
