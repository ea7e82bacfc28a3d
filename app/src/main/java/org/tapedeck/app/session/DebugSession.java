package org.tapedeck.app.session;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import org.tapedeck.engine.events.EpochEvent;
import org.tapedeck.engine.events.ExecutionEvents;
import org.tapedeck.engine.events.ExecutionListener;
import org.tapedeck.engine.events.GradientEvent;
import org.tapedeck.engine.events.MetricEvent;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.events.StepEvent;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Runs a {@link DebugProgram} on an engine thread of its own and holds that thread before an op
 * when asked to: the small stepping interface the UI drives. Everything it knows about the
 * program comes from the engine's execution events.
 *
 * <pre>{@code
 * DebugSession s = new DebugSession("train", program);
 * s.addObserver(viewModel);
 * s.start(true);            // paused before the first op
 * s.step(StepMode.OP);      // run one op
 * s.step(StepMode.BATCH);   // run to the end of the training step
 * s.resume();               // run to a breakpoint or the end
 * }</pre>
 *
 * Commands may come from any thread and never wait for the engine. Work that needs the engine
 * (reading a GPU tensor, say) goes through {@link #onEngine}, which runs it on the engine thread
 * while it is paused, or at the next op while it runs.
 */
public final class DebugSession implements AutoCloseable {
    private final String name;
    private final DebugProgram program;
    private final List<SessionObserver> observers = new CopyOnWriteArrayList<>();
    private final List<Breakpoint> breakpoints = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> engineTasks = new ConcurrentLinkedQueue<>();
    private final Object lock = new Object();

    // Guarded by lock.
    private SessionState state = SessionState.NEW;
    private StepMode mode;            // null while paused
    private boolean pauseRequested;
    private String pauseReason;
    private boolean boundaryReached;  // the event that ends the current step mode has happened
    private boolean stopRequested;
    private long opsSinceResume;
    private boolean forwardSinceResume;  // a forward op ran (or is about to) since the last resume
    private PausePoint pausePoint;
    private Throwable failure;
    // Written under lock, read without it: the hook asks "is this the engine thread?" on every op.
    private volatile Thread engineThread;

    public DebugSession(String name, DebugProgram program) {
        this.name = Objects.requireNonNull(name);
        this.program = Objects.requireNonNull(program);
    }

    public String name() { return name; }

    public void addObserver(SessionObserver o) { observers.add(o); }

    public void removeObserver(SessionObserver o) { observers.remove(o); }

    public List<Breakpoint> breakpoints() { return breakpoints; }

    public void addBreakpoint(Breakpoint b) { breakpoints.add(b); }

    public void removeBreakpoint(Breakpoint b) { breakpoints.remove(b); }

    public SessionState state() { synchronized (lock) { return state; } }

    public PausePoint pausePoint() { synchronized (lock) { return pausePoint; } }

    /** The program's exception when it failed, else null. */
    public Throwable failure() { synchronized (lock) { return failure; } }

    // ---- commands ---------------------------------------------------------------------------

    /** Starts the program; paused before its first op when {@code paused}, else running. */
    public void start(boolean paused) {
        synchronized (lock) {
            if (engineThread != null) throw new IllegalStateException("session '" + name + "' already started");
            stopRequested = false;
            failure = null;
            pausePoint = null;
            mode = StepMode.CONTINUE;
            pauseRequested = paused;
            pauseReason = paused ? "paused before the first op" : null;
            state = SessionState.RUNNING;
            engineThread = new Thread(this::runProgram, "tapedeck-engine-" + name);
            engineThread.setDaemon(true);
            engineThread.start();
        }
    }

    /** Run until a breakpoint or the end. */
    public void resume() { step(StepMode.CONTINUE); }

    /** Lets a paused engine run until {@code mode} is satisfied. */
    public void step(StepMode stepMode) {
        synchronized (lock) {
            if (state != SessionState.PAUSED) return;
            mode = stepMode;
            boundaryReached = false;
            // Running from now on, as far as callers can tell, even before the engine thread wakes.
            state = SessionState.RUNNING;
            lock.notifyAll();
        }
    }

    /** Holds the engine before its next op. */
    public void pause() {
        synchronized (lock) {
            if (state != SessionState.RUNNING) return;
            pauseRequested = true;
            pauseReason = "paused";
        }
    }

    /** Ends the program at its next op (or now, if paused). Returns without waiting. */
    public void stop() {
        synchronized (lock) {
            if (engineThread == null) return;
            stopRequested = true;
            lock.notifyAll();
        }
    }

    /** Stops the program, waits for its thread, and starts it again paused at the first op. */
    public void restart() throws InterruptedException {
        Thread t;
        synchronized (lock) { t = engineThread; }
        stop();
        if (t != null) t.join();
        start(true);
    }

    /** Waits until the program's thread has ended (or the timeout passed); true if it ended. */
    public boolean awaitEnd(long millis) throws InterruptedException {
        Thread t;
        synchronized (lock) { t = engineThread; }
        if (t == null) return true;
        t.join(millis);
        return !t.isAlive();
    }

    /** Waits until the session is paused (or ended); true if it is paused. */
    public boolean awaitPause(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (lock) {
            while (state == SessionState.RUNNING || state == SessionState.NEW) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) return false;
                lock.wait(left);
            }
            return state == SessionState.PAUSED;
        }
    }

    /**
     * Runs {@code work} on the engine thread: at once if it is paused, else before its next op; on
     * the caller's thread once the program has ended.
     */
    public <T> CompletableFuture<T> onEngine(Callable<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                f.complete(work.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        };
        boolean engineAlive;
        synchronized (lock) {
            engineAlive = engineThread != null && engineThread.isAlive();
            if (engineAlive) {
                engineTasks.add(task);
                lock.notifyAll();
            }
        }
        if (!engineAlive) task.run();
        return f;
    }

    @Override
    public void close() { stop(); }

    // ---- the engine thread --------------------------------------------------------------------

    /** Thrown on the engine thread to unwind the program when the user stops it. */
    private static final class StopRequested extends Error {
        StopRequested() { super("stopped by the debugger", null, false, false); }
    }

    private void runProgram() {
        // Told from the engine thread, so observers hear RUNNING before the first pause, never after.
        fireState(SessionState.RUNNING, null);
        SessionState end;
        Throwable error = null;
        Hook hook = new Hook();
        try (ExecutionEvents.Registration reg = ExecutionEvents.addListener(hook)) {
            program.run(new PrintStream(new ObserverOutput(), true, StandardCharsets.UTF_8));
            end = SessionState.FINISHED;
        } catch (StopRequested e) {
            end = SessionState.STOPPED;
        } catch (Throwable e) {
            end = SessionState.FAILED;
            error = e;
            // The Output panel shows it too; the terminal keeps it after the window is gone.
            System.err.println("tapedeck: the program being debugged failed:");
            e.printStackTrace();
        }
        synchronized (lock) {
            state = end;
            failure = error;
            pausePoint = null;
            engineThread = null;
            lock.notifyAll();
        }
        Runnable task;
        while ((task = engineTasks.poll()) != null) task.run();
        fireState(end, null);
    }

    private boolean onEngineThread() {
        return Thread.currentThread() == engineThread;
    }

    /** Holds the engine thread at {@code at} until a command lets it go; runs queued work meanwhile. */
    private void holdAt(PausePoint at) {
        synchronized (lock) {
            state = SessionState.PAUSED;
            pausePoint = at;
            mode = null;
            pauseRequested = false;
            boundaryReached = false;
            lock.notifyAll();
        }
        fireState(SessionState.PAUSED, at);
        while (true) {
            Runnable task;
            while ((task = engineTasks.poll()) != null) task.run();
            synchronized (lock) {
                if (stopRequested) break;
                // NOTE: a task queued after the poll above has already notified: waiting now would
                // miss it, and a step asked for meanwhile would never start (the session stayed
                // RUNNING with the engine thread held). Run it first.
                if (!engineTasks.isEmpty()) continue;
                if (mode != null) break;
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    stopRequested = true;
                }
            }
        }
        synchronized (lock) {
            if (stopRequested) throw new StopRequested();
            state = SessionState.RUNNING;
            pausePoint = null;
            // Held before an op, that op is the first to run now; held after one, none has yet.
            opsSinceResume = at.afterOp() ? 0 : 1;
            forwardSinceResume = !at.afterOp() && at.event() != null && at.event().phase() == Phase.FORWARD;
        }
        fireState(SessionState.RUNNING, null);
    }

    private void checkStopAndTasks() {
        Runnable task;
        while ((task = engineTasks.poll()) != null) task.run();
        synchronized (lock) {
            if (stopRequested) throw new StopRequested();
        }
    }

    /** The session's view of the engine: decides, op by op, whether to hold the thread. */
    private final class Hook implements ExecutionListener {

        @Override
        public void beforeOp(OpEvent e) {
            if (!onEngineThread()) return;
            checkStopAndTasks();
            String reason = null;
            synchronized (lock) {
                if (pauseRequested) {
                    reason = pauseReason;
                } else if (mode == StepMode.OP && opsSinceResume >= 1) {
                    reason = "stepped one op";
                } else if (mode == StepMode.END_OF_FORWARD && e.phase() == Phase.BACKWARD && forwardSinceResume) {
                    // Asked inside a backward pass, it runs on to the end of the next forward pass.
                    reason = "end of the forward pass";
                } else if (boundaryReached) {
                    reason = switch (mode) {
                        case END_OF_BACKWARD -> "end of the backward pass";
                        case BATCH -> "end of the training step";
                        case EPOCH -> "start of a new epoch";
                        default -> null;
                    };
                }
                opsSinceResume++;
                if (e.phase() == Phase.FORWARD) forwardSinceResume = true;
            }
            if (reason == null) reason = breakpointBefore(e);
            if (reason != null) holdAt(new PausePoint(e, false, reason));
        }

        private String breakpointBefore(OpEvent e) {
            for (Breakpoint b : breakpoints) {
                if (b instanceof Breakpoint.OnOp op && op.opName().equals(e.opName())) return "breakpoint: " + b.describe();
                if (b instanceof Breakpoint.OnLayer layer && fromLayer(e, layer.layerName())) return "breakpoint: " + b.describe();
            }
            return null;
        }

        /** True when the op ran inside the layer: a segment of its name scope is the layer's name. */
        private boolean fromLayer(OpEvent e, String layer) {
            for (String segment : e.scope().split("/")) if (segment.equals(layer)) return true;
            return false;
        }

        @Override
        public void afterOp(OpEvent e) {
            if (!onEngineThread()) return;
            for (SessionObserver o : observers) o.opExecuted(e);
            Tensor out = e.output();
            if (out != null && out.dtype().isFloating() && watchesNonFinite()
                    && out.backend().stats(out).hasNonFinite()) {
                holdAt(new PausePoint(e, true, "breakpoint: " + e.opName() + " produced a NaN or Inf"));
            }
        }

        private boolean watchesNonFinite() {
            for (Breakpoint b : breakpoints) if (b instanceof Breakpoint.OnNonFinite) return true;
            return false;
        }

        @Override
        public void onGradient(GradientEvent event) {
            if (!onEngineThread()) return;
            double loss = lossValue(event.target());
            for (SessionObserver o : observers) o.gradientComputed(event, loss);
            synchronized (lock) {
                if (mode == StepMode.END_OF_BACKWARD) boundaryReached = true;
                for (Breakpoint b : breakpoints) {
                    if (b instanceof Breakpoint.OnLossAbove above && loss > above.threshold()) {
                        pauseRequested = true;
                        pauseReason = String.format("breakpoint: loss %.4f is above %s", loss, above.threshold());
                    }
                }
            }
        }

        @Override
        public void onStepEnded(StepEvent event) {
            if (!onEngineThread()) return;
            for (SessionObserver o : observers) o.stepEnded(event);
            synchronized (lock) {
                if (mode == StepMode.BATCH) boundaryReached = true;
            }
        }

        @Override
        public void onMetric(MetricEvent event) {
            if (!onEngineThread()) return;
            for (SessionObserver o : observers) o.metricReported(event);
        }

        @Override
        public void onEpochBegan(EpochEvent event) {
            if (!onEngineThread()) return;
            for (SessionObserver o : observers) o.epochBegan(event);
            synchronized (lock) {
                if (mode == StepMode.EPOCH) boundaryReached = true;
            }
        }
    }

    /** The loss as one number: the target itself when scalar, else its mean (what is differentiated is its sum). */
    static double lossValue(Tensor target) {
        if (target.size() == 1) return target.doubleValue();
        double[] v = target.toDoubleArray();
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    private void fireState(SessionState s, PausePoint p) {
        for (SessionObserver o : observers) o.stateChanged(s, p);
    }

    /** The program's printed output, handed to observers line by line. */
    private final class ObserverOutput extends OutputStream {
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') flush();
        }

        @Override
        public synchronized void flush() {
            if (line.size() == 0) return;
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            for (SessionObserver o : observers) o.output(text);
        }
    }
}
