package org.tapedeck.app.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.tapedeck.app.session.PausePoint;
import org.tapedeck.app.session.SessionObserver;
import org.tapedeck.app.session.SessionState;
import org.tapedeck.engine.events.EpochEvent;
import org.tapedeck.engine.events.GradientEvent;
import org.tapedeck.engine.events.MetricEvent;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.StepEvent;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * The one bridge from the engine thread to the UI: it queues the session's callbacks as
 * {@link SessionEvent}s, and the UI {@link #drain}s them in a batch a few dozen times a second.
 * The engine never waits on the UI, and the UI never gets one call per op.
 *
 * <pre>{@code
 * SessionFeed feed = new SessionFeed();   // the last 2,048 ops keep their tensors
 * session.addObserver(feed);
 * // on the UI thread, ~30 times a second:
 * List<SessionEvent> batch = feed.drain();
 * }</pre>
 *
 * The queue is bounded: when the UI falls more than {@link #MAX_QUEUED} events behind, op events
 * are dropped (and counted) rather than held with their tensors.
 *
 * <p>On the engine thread, the feed also keeps the most recent ops whole ({@link #recentOps()}),
 * and the tensors of the last gradient and of the last step's variables, retaining each in its
 * {@link TensorKeeper} (the training step's memory scope would free it) and releasing it once it
 * lets go of it.
 */
public final class SessionFeed implements SessionObserver {
    /** How many queued events the feed holds before it drops op events. */
    public static final int MAX_QUEUED = 200_000;

    private final ConcurrentLinkedQueue<SessionEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean stateQueued;

    /** The variables of the last gradient, for measuring their update at the step's end (engine thread only). */
    private final List<Tracked> tracked = new ArrayList<>();
    private final RecentOps recent;
    private final TensorKeeper keeper;
    // The tensors of the last gradient and the last step's variables, retained for the panels that show them.
    private List<Tensor> heldGradients = List.of();
    private List<Tensor> heldSamples = List.of();

    /** A feed that keeps the last {@link RecentOps#DEFAULT_CAPACITY} ops whole. */
    public SessionFeed() { this(RecentOps.DEFAULT_CAPACITY); }

    /** A feed that keeps the last {@code eventCapacity} ops whole, within {@link RecentOps#DEFAULT_BYTE_CAPACITY}. */
    public SessionFeed(int eventCapacity) {
        this(new RecentOps(eventCapacity, RecentOps.DEFAULT_BYTE_CAPACITY), TensorKeeper.MEMORY_SCOPE);
    }

    /** @param keeper retains what the feed holds beyond {@code recent} (the last gradients and variable values) */
    public SessionFeed(RecentOps recent, TensorKeeper keeper) {
        this.recent = recent;
        this.keeper = keeper;
        recent.onForget((sequence, stats) -> offer(new SessionEvent.OpForgotten(sequence, stats)));
    }

    /** The recent ops kept whole, with their tensors (filled on the engine thread). */
    public RecentOps recentOps() { return recent; }

    private record Tracked(Variable variable, GradientSource atGradient) {}

    private void offer(SessionEvent e) {
        queue.add(e);
        queued.incrementAndGet();
    }

    @Override
    public void opExecuted(OpEvent event) {
        recent.record(event);
        if (queued.get() >= MAX_QUEUED) {
            dropped.incrementAndGet();
            return;
        }
        offer(new SessionEvent.OpRan(event));
    }

    // NOTE: the norms below are measured here, on the engine thread, because reading a tensor on
    // a GPU must happen there; it costs one pass over the parameters per gradient and per step.
    @Override
    public void gradientComputed(GradientEvent event, double loss) {
        List<GradientSource> sources = new ArrayList<>(event.sources().size());
        List<Tensor> held = new ArrayList<>(2 * event.sources().size());
        synchronized (tracked) {
            tracked.clear();
            for (int i = 0; i < event.sources().size(); i++) {
                Object src = event.sources().get(i);
                Tensor grad = event.gradients().get(i);
                GradientSource s;
                if (src instanceof Variable v) {
                    Tensor value = v.peek();
                    s = new GradientSource(v.name(), true, value, grad, Norms.l2(value), Norms.l2(grad));
                    tracked.add(new Tracked(v, s));
                } else {
                    Tensor value = (Tensor) src;
                    s = new GradientSource("source #" + i, false, value, grad, Norms.l2(value), Norms.l2(grad));
                }
                sources.add(s);
                if (s.value() != null) held.add(s.value());
                if (s.gradient() != null) held.add(s.gradient());
            }
            heldGradients = keeper.replace(heldGradients, held);
        }
        offer(new SessionEvent.GradientRan(event, loss, List.copyOf(sources)));
    }

    @Override
    public void stepEnded(StepEvent event) {
        List<VariableSample> samples = new ArrayList<>();
        synchronized (tracked) {
            for (Tracked t : tracked) {
                Tensor now = t.variable().peek();
                Tensor before = t.atGradient().value();
                double norm = Norms.l2(now);
                double ratio = t.atGradient().valueNorm() > 0
                        ? Norms.l2Distance(now, before) / t.atGradient().valueNorm() : Double.NaN;
                samples.add(new VariableSample(t.variable().name(), now.shape(), now, norm,
                        t.atGradient().gradientNorm(), ratio));
            }
            List<Tensor> held = new ArrayList<>(samples.size());
            for (VariableSample v : samples) held.add(v.value());
            heldSamples = keeper.replace(heldSamples, held);
        }
        offer(new SessionEvent.StepEnded(event, List.copyOf(samples)));
    }

    @Override
    public void epochBegan(EpochEvent event) { offer(new SessionEvent.EpochBegan(event)); }

    @Override
    public void metricReported(MetricEvent event) { offer(new SessionEvent.MetricReported(event)); }

    @Override
    public void stateChanged(SessionState state, PausePoint pause) {
        recent.setRunning(state == SessionState.RUNNING && pause == null);
        offer(new SessionEvent.StateChanged(state, pause));
        stateQueued = true;
    }

    /** Whether a change of the session's state waits to be drained (the UI then drains at once). Any thread. */
    public boolean hasStateChange() { return stateQueued; }

    @Override
    public void output(String text) { offer(new SessionEvent.Output(text)); }

    /** Marks the start of a new run; call once the old run's engine thread has ended. */
    public void reset() {
        recent.clear();
        synchronized (tracked) {
            tracked.clear();
            heldGradients = keeper.replace(heldGradients, List.of());
            heldSamples = keeper.replace(heldSamples, List.of());
        }
        offer(new SessionEvent.Reset());
    }

    /** Everything queued so far, oldest first (empty when nothing happened). Any thread. */
    public List<SessionEvent> drain() {
        stateQueued = false;
        int n = queued.get();
        List<SessionEvent> out = new ArrayList<>(Math.min(n, 4096) + 1);
        long lost = dropped.getAndSet(0);
        if (lost > 0) out.add(new SessionEvent.Dropped(lost));
        SessionEvent e;
        // At most what was queued when we started, so a fast engine cannot keep the UI here forever.
        for (int i = 0; i < n && (e = queue.poll()) != null; i++) {
            queued.decrementAndGet();
            out.add(e);
        }
        return out;
    }

    /** How many events wait to be drained. */
    public int backlog() { return queued.get(); }
}
