package org.tapedeck.app.desktop;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import org.tapedeck.app.breakpoints.BreakpointsViewModel;
import org.tapedeck.app.charts.LossChartViewModel;
import org.tapedeck.app.feed.GradientSource;
import org.tapedeck.app.feed.RecentOps;
import org.tapedeck.app.feed.SessionEvent;
import org.tapedeck.app.feed.SessionFeed;
import org.tapedeck.app.inspector.InspectorViewModel;
import org.tapedeck.app.inspector.TensorRef;
import org.tapedeck.app.model.ModelViewModel;
import org.tapedeck.app.model.VariableRow;
import org.tapedeck.app.opstream.OpRow;
import org.tapedeck.app.opstream.OpStreamViewModel;
import org.tapedeck.app.output.OutputViewModel;
import org.tapedeck.app.programs.ProgramEntry;
import org.tapedeck.app.session.DebugSession;
import org.tapedeck.app.session.SessionState;
import org.tapedeck.app.status.StatusViewModel;
import org.tapedeck.app.stepping.SteppingViewModel;
import org.tapedeck.app.tape.TapeGraph;
import org.tapedeck.app.tape.TapeViewModel;
import org.tapedeck.app.ui.EngineAccess;
import org.tapedeck.engine.backend.TensorStats;
import org.tapedeck.engine.events.OpEvent;

/**
 * The debugger window's model: one {@link DebugSession} around the program, the
 * {@link SessionFeed} that carries its events, and a view-model per panel. {@link #pump()} (called
 * by the window when {@link #pumpDue} says so) hands the panels the events queued since the last call
 * (the op events only to the panels that show ops); the selections of the op stream, the tape and
 * the variables all lead to the inspector.
 *
 * <pre>{@code
 * DebuggerViewModel vm = new DebuggerViewModel(Programs.defaultProgram(), Platform::runLater);
 * vm.start();          // paused before the first op
 * vm.pump();           // on each UI pulse
 * vm.stepping().step(StepMode.OP);
 * }</pre>
 */
public final class DebuggerViewModel implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ProgramEntry program;
    private final DebugSession session;
    private final SessionFeed feed = new SessionFeed();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tapedeck-background-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final SteppingViewModel stepping;
    private final OpStreamViewModel opStream = new OpStreamViewModel(feed.recentOps());
    private final InspectorViewModel inspector;
    private final TapeViewModel tape = new TapeViewModel();
    private final ModelViewModel model = new ModelViewModel();
    private final LossChartViewModel loss = new LossChartViewModel();
    private final BreakpointsViewModel breakpoints;
    private final StatusViewModel status = new StatusViewModel();
    private final OutputViewModel output = new OutputViewModel();
    private final ReadOnlyStringWrapper title;
    /**
     * While the program runs, the panels are updated at most this often; paused with nothing new,
     * this often still (the status bar's rates and heap follow the clock).
     */
    public static final long RUNNING_PUMP_NANOS = 1_000_000_000L;
    // Written by the UI thread, read by the window's ticker too.
    private volatile SessionState lastState = SessionState.NEW;
    private volatile long lastPump = Long.MIN_VALUE;

    /**
     * @param ui where answers from the engine are delivered: {@code Platform::runLater} in the app,
     *           {@code Runnable::run} in view-model tests that pump by hand
     */
    public DebuggerViewModel(ProgramEntry program, Executor ui) {
        this.program = program;
        this.session = new DebugSession(program.name(), program.program());
        session.addObserver(feed);
        // The program's printed output also goes to the terminal the debugger was started from.
        session.addObserver(new org.tapedeck.app.session.SessionObserver() {
            @Override public void output(String text) { System.out.print(text); }
        });
        stepping = new SteppingViewModel(session, feed, background);
        inspector = new InspectorViewModel(new EngineAccess(session, background, ui));
        breakpoints = new BreakpointsViewModel(session);
        title = new ReadOnlyStringWrapper(this, "title", "Tapedeck \u2014 " + program.name());
        wireSelections();
    }

    private void wireSelections() {
        opStream.selectedProperty().addListener((o, a, row) -> showRow(row));
        tape.selectedProperty().addListener((o, a, n) -> showNode(n));
        tape.selectedGradientProperty().addListener((o, a, g) -> showGradient(g));
        model.selectedProperty().addListener((o, a, v) -> showVariable(v));
    }

    /** What the inspector says of an op whose tensors are gone. */
    private static final String KEPT = String.format(Locale.ROOT,
            "Only the most recent ops keep their tensors: up to %,d ops and %d MiB (%d MiB while the program runs).",
            OpStreamViewModel.EVENT_CAPACITY, RecentOps.DEFAULT_BYTE_CAPACITY >> 20, RecentOps.RUNNING_BYTE_CAPACITY >> 20);

    private void showRow(OpRow row) {
        if (row == null) return;
        OpEvent e = opStream.event(row.sequence());
        if (e != null) {
            inspector.showOp(e, () -> feed.recentOps().holds(e));
        } else {
            String heading = "#" + row.sequence() + " " + row.opName();
            TensorStats stats = opStream.forgottenStats(row.sequence());
            if (stats != null && row.output() != null && row.dtype() != null) {
                inspector.showForgotten(heading, KEPT + " This one kept its row and its output's statistics: "
                        + row.signature() + ".", row.output(), row.dtype(), row.device(), stats);
            } else {
                inspector.showForgotten(heading, KEPT + " This one kept its row: " + row.signature() + ", "
                        + row.dtypeName() + " (ops let go while the program runs keep no statistics).");
            }
        }
    }

    private void showNode(TapeGraph.Node n) {
        if (n == null) return;
        if (n.op() != null) {
            showRow(n.op());
            return;
        }
        String heading = n.label() + " (" + n.kind().name().toLowerCase(Locale.ROOT) + ")";
        String name = n.kind() == TapeGraph.Kind.VARIABLE ? "value" : "tensor";
        // A leaf is the input of the op that first read it, while that op keeps its tensors ...
        OpEvent reader = feed.recentOps().event(n.reader());
        if (reader != null) {
            TensorRef ref = new TensorRef(name, reader.inputs().get(n.readerInput()), () -> feed.recentOps().holds(reader));
            inspector.show(heading, List.of(ref), ref);
            return;
        }
        // ... and a variable's value stays with the last gradient (held for the gradients list).
        for (GradientSource g : tape.gradients()) {
            if (g.value() != null && g.valueId() == n.tensorId()) {
                TensorRef ref = new TensorRef(name, g.value());
                inspector.show(heading, List.of(ref), ref);
                return;
            }
        }
        inspector.showForgotten(heading, KEPT + " The op that read this one (#" + n.reader() + ") no longer does: "
                + n.detail() + ".");
    }

    private void showGradient(GradientSource g) {
        if (g == null) return;
        TensorRef value = new TensorRef("value", g.value());
        if (g.gradient() == null) {
            inspector.show(g.name() + " (no gradient: unconnected)", List.of(value), value);
            return;
        }
        TensorRef grad = new TensorRef("gradient", g.gradient());
        inspector.show("gradient of " + g.name(), List.of(grad, value), grad);
    }

    private void showVariable(VariableRow v) {
        if (v == null) return;
        TensorRef value = new TensorRef("value", v.value());
        if (v.gradient() == null) {
            inspector.show(v.name(), List.of(value), value);
        } else {
            inspector.show(v.name(), List.of(value, new TensorRef("gradient", v.gradient())), value);
        }
    }

    /** Starts the program, paused before its first op. */
    public void start() { session.start(true); }

    /**
     * Calls {@link #pump()} when it is due: at once when the session's state changed, or when
     * events wait while the program is paused or ended; else every {@link #RUNNING_PUMP_NANOS}.
     * NOTE: every update redraws part of the window, and on a 2-core machine drawing at 30 frames
     * a second took as much CPU as the training it showed; a paused window that pumped on every
     * tick woke the UI thread 100 times a second with nothing to show. Returns whether it pumped
     * (UI thread).
     */
    public boolean pumpIfDue(long now) {
        if (!pumpDue(now)) return false;
        pump(now);
        return true;
    }

    /** Whether {@link #pumpIfDue} would pump at {@code now}. Any thread. */
    public boolean pumpDue(long now) {
        if (feed.hasStateChange() || lastPump == Long.MIN_VALUE || now - lastPump >= RUNNING_PUMP_NANOS) return true;
        return lastState != SessionState.RUNNING && feed.backlog() > 0;
    }

    /** Hands every panel the events queued since the last call (UI thread). */
    public void pump() { pump(System.nanoTime()); }

    void pump(long now) {
        lastPump = now;
        List<SessionEvent> batch = feed.drain();
        // NOTE: while the program runs, nearly every event is an op's (~100 a step); the panels that
        // show no ops get the rest only, instead of each walking thousands of events per update.
        List<SessionEvent> withoutOps = new ArrayList<>();
        for (SessionEvent e : batch) {
            if (!(e instanceof SessionEvent.OpRan || e instanceof SessionEvent.OpForgotten)) withoutOps.add(e);
        }
        opStream.accept(batch);
        tape.accept(batch);
        status.accept(batch, now);
        stepping.accept(withoutOps);
        model.accept(withoutOps);
        loss.accept(withoutOps);
        output.accept(withoutOps);
        SessionEvent.StateChanged last = null;
        for (SessionEvent e : withoutOps) {
            if (e instanceof SessionEvent.StateChanged s) last = s;
            if (e instanceof SessionEvent.Reset) inspector.clear();
        }
        if (last != null) {
            lastState = last.state();
            onState(last);
        }
    }

    private void onState(SessionEvent.StateChanged s) {
        if (s.state() == SessionState.PAUSED) {
            // Show where the engine stands: the op that just ran, or, before any, the op about to run.
            if (opStream.lastEvent() != null) opStream.selectLast();
            else if (s.pause() != null && s.pause().event() != null) inspector.showOp(s.pause().event());
        } else if (s.state() == SessionState.FAILED) {
            Throwable t = session.failure();
            output.note("The program failed: " + (t == null ? "unknown error" : t));
            opStream.selectLast();
        } else if (s.state() == SessionState.FINISHED) {
            output.note("\u2014 the program finished \u2014");
            opStream.selectLast();
        } else if (s.state() == SessionState.STOPPED) {
            opStream.selectLast();
        }
    }

    public ProgramEntry program() { return program; }

    public DebugSession session() { return session; }

    public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }

    public SteppingViewModel stepping() { return stepping; }

    public OpStreamViewModel opStream() { return opStream; }

    public InspectorViewModel inspector() { return inspector; }

    public TapeViewModel tape() { return tape; }

    public ModelViewModel model() { return model; }

    public LossChartViewModel loss() { return loss; }

    public BreakpointsViewModel breakpoints() { return breakpoints; }

    public StatusViewModel status() { return status; }

    public OutputViewModel output() { return output; }

    /** Stops the program (without waiting) and the background work. */
    @Override
    public void close() {
        session.stop();
        background.shutdown();
    }
}
