package org.tapedeck.app.status;

import java.util.List;
import java.util.Locale;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import org.tapedeck.app.feed.EpochCounter;
import org.tapedeck.app.feed.SessionEvent;
import org.tapedeck.app.opstream.OpRow;
import org.tapedeck.app.session.PausePoint;
import org.tapedeck.app.session.SessionState;
import org.tapedeck.app.ui.Formats;
import org.tapedeck.engine.ops.Placement;

/**
 * The status bar: the session's state and why it paused, the epoch and step, throughput (ops and
 * steps per second, over the last second), the device the ops run on, and the JVM heap in use.
 *
 * <pre>{@code
 * StatusViewModel vm = new StatusViewModel();
 * vm.accept(batch, System.nanoTime());   // each UI pulse
 * vm.stateProperty().get();              // "Paused: stepped one op (next: #12 MatMul)"
 * }</pre>
 */
public final class StatusViewModel {
    private static final long SECOND = 1_000_000_000L;

    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper(this, "state", "Starting\u2026");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "epoch \u2013 \u00b7 step \u2013");
    private final ReadOnlyStringWrapper throughput = new ReadOnlyStringWrapper(this, "throughput", "");
    private final ReadOnlyStringWrapper device = new ReadOnlyStringWrapper(this, "device", Placement.defaultDevice().toString());
    private final ReadOnlyStringWrapper memory = new ReadOnlyStringWrapper(this, "memory", "");
    private final EpochCounter epochs = new EpochCounter();
    private long step;
    private long opsInWindow;
    private long stepsInWindow;
    private long windowStart = Long.MIN_VALUE;
    private long dropped;

    public ReadOnlyStringProperty stateProperty() { return state.getReadOnlyProperty(); }

    public ReadOnlyStringProperty progressProperty() { return progress.getReadOnlyProperty(); }

    public ReadOnlyStringProperty throughputProperty() { return throughput.getReadOnlyProperty(); }

    public ReadOnlyStringProperty deviceProperty() { return device.getReadOnlyProperty(); }

    public ReadOnlyStringProperty memoryProperty() { return memory.getReadOnlyProperty(); }

    /** Takes one batch from the feed at time {@code now} (nanoseconds; UI thread). */
    public void accept(List<SessionEvent> batch, long now) {
        if (windowStart == Long.MIN_VALUE) windowStart = now;
        OpRow lastOp = null;
        for (SessionEvent e : batch) {
            if (e instanceof SessionEvent.OpRan r) {
                opsInWindow++;
                lastOp = r.row();
            } else if (e instanceof SessionEvent.StepEnded s) {
                step = s.step().iteration();
                stepsInWindow++;
            } else if (e instanceof SessionEvent.EpochBegan ep) {
                epochs.began(ep.epoch());
            } else if (e instanceof SessionEvent.StateChanged s) {
                state.set(describe(s.state(), s.pause()));
            } else if (e instanceof SessionEvent.Dropped d) {
                dropped += d.ops();
            } else if (e instanceof SessionEvent.Reset) {
                epochs.reset();
                step = 0;
                dropped = 0;
            }
        }
        if (lastOp != null) device.set(String.valueOf(lastOp.device()));
        progress.set("epoch " + (epochs.epoch() == 0 ? "\u2013" : Integer.toString(epochs.epoch())) + " \u00b7 step " + step);
        if (now - windowStart >= SECOND) {
            double secs = (now - windowStart) / (double) SECOND;
            String t = String.format(Locale.ROOT, "%,.0f ops/s \u00b7 %.1f steps/s", opsInWindow / secs, stepsInWindow / secs);
            if (dropped > 0) t += String.format(Locale.ROOT, " \u00b7 %,d ops not shown (UI behind)", dropped);
            throughput.set(t);
            opsInWindow = 0;
            stepsInWindow = 0;
            windowStart = now;
            Runtime rt = Runtime.getRuntime();
            memory.set("heap " + Formats.bytes(rt.totalMemory() - rt.freeMemory()) + " / " + Formats.bytes(rt.maxMemory()));
        }
    }

    /** "Paused: stepped one op (next: #12 MatMul)", "Running", "Finished". */
    public static String describe(SessionState s, PausePoint p) {
        return switch (s) {
            case NEW -> "Not started";
            case RUNNING -> "Running";
            case PAUSED -> {
                if (p == null) yield "Paused";
                String where = p.event() == null ? "" : p.afterOp()
                        ? " (after #" + p.event().sequence() + " " + p.event().opName() + ")"
                        : " (next: #" + p.event().sequence() + " " + p.event().opName() + ")";
                yield "Paused: " + p.reason() + where;
            }
            case FINISHED -> "Finished";
            case FAILED -> "Failed (see Output)";
            case STOPPED -> "Stopped";
        };
    }
}
