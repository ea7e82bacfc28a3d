package org.tapedeck.app.train;

import java.io.PrintStream;

/**
 * A Keras-style progress line for one epoch, redrawn in place with a carriage return:
 * {@code  600/1875 [=========>....................] - ETA: 41s - loss: 1.9731 - 1520 img/s}.
 * Redraws are throttled so that printing never costs the training loop anything noticeable.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final long total;
    private final boolean interactive;
    private final long start = System.nanoTime();
    private long lastDraw;

    /**
     * @param total steps in the epoch, or -1 when unknown
     * @param interactive redraw in place (a terminal); otherwise only the final line is printed
     */
    public ProgressBar(PrintStream out, long total, boolean interactive) {
        this.out = out;
        this.total = total;
        this.interactive = interactive;
    }

    /** Reports progress after {@code step} steps (1-based). */
    public void update(long step, double meanLoss, double imagesPerSecond) {
        long now = System.nanoTime();
        if (!interactive || now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        out.print("\r" + line(step, meanLoss, imagesPerSecond, now, false));
        out.flush();
    }

    /** Prints the epoch's final line. */
    public void finish(long steps, double meanLoss, double imagesPerSecond) {
        String line = line(steps, meanLoss, imagesPerSecond, System.nanoTime(), true);
        out.println(interactive ? "\r" + line : line);
    }

    String line(long step, double loss, double imagesPerSecond, long now, boolean done) {
        double elapsed = (now - start) / 1e9;
        long of = total > 0 ? total : step;
        int digits = Long.toString(of).length();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%" + digits + "d/%d [", step, of));
        int filled = of == 0 ? WIDTH : (int) (WIDTH * Math.min(step, of) / of);
        for (int i = 0; i < WIDTH; i++) {
            if (i < filled - 1 || (i == filled - 1 && (done || step >= of))) sb.append('=');
            else if (i == filled - 1 || (filled == 0 && i == 0)) sb.append('>');
            else sb.append('.');
        }
        sb.append("] - ");
        if (done) {
            sb.append(formatSeconds(elapsed)).append(' ')
              .append(String.format("%.0fms/step", step == 0 ? 0 : 1000 * elapsed / step));
        } else {
            double eta = step == 0 || total <= 0 ? 0 : elapsed / step * (total - step);
            sb.append("ETA: ").append(formatSeconds(eta));
        }
        sb.append(String.format(" - loss: %.4f - %.0f img/s", loss, imagesPerSecond));
        return sb.toString();
    }

    static String formatSeconds(double s) {
        long t = Math.round(s);
        if (t < 60) return t + "s";
        if (t < 3600) return String.format("%d:%02d", t / 60, t % 60);
        return String.format("%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
    }
}
