package org.tapedeck.engine.datasets;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line download progress bar, redrawn in place with a carriage return:
 * {@code train-images-idx3-ubyte.gz [##########..........]  50%  4.9/9.9 MB}. It redraws only when
 * the percentage changes (or every megabyte when the total is unknown), so it costs nothing.
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private long lastShown = -1;

    /** {@code total} is the expected byte count, or -1 when the server did not say. */
    ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    void update(long done) {
        if (out == null) return;
        long mark = total > 0 ? done * 100 / total : done >> 20;
        if (mark == lastShown) return;
        lastShown = mark;
        out.print("\r" + line(done));
        out.flush();
    }

    void finish(long done, boolean ok) {
        if (out == null) return;
        out.print("\r" + line(done) + (ok ? "" : "  failed") + System.lineSeparator());
        out.flush();
    }

    String line(long done) {
        if (total <= 0) return String.format(Locale.ROOT, "%s %.1f MB", label, done / 1e6);
        int filled = (int) Math.min(WIDTH, done * WIDTH / total);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%% %.1f/%.1f MB", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                Math.min(100, done * 100 / total), done / 1e6, total / 1e6);
    }
}
