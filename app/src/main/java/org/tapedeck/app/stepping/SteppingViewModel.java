package org.tapedeck.app.stepping;

import java.util.List;
import java.util.concurrent.Executor;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import org.tapedeck.app.feed.SessionEvent;
import org.tapedeck.app.feed.SessionFeed;
import org.tapedeck.app.session.DebugSession;
import org.tapedeck.app.session.SessionState;
import org.tapedeck.app.session.StepMode;

/**
 * The run controls: continue, pause, the step modes, stop and restart, each enabled only when it
 * means something. Commands go straight to the session, which never makes the caller wait;
 * restart, which must wait for the old run to end, waits on the background executor.
 *
 * <pre>{@code
 * SteppingViewModel vm = new SteppingViewModel(session, feed, executor);
 * vm.step(StepMode.BATCH);     // F8
 * vm.canStepProperty().get();  // false while running
 * }</pre>
 */
public final class SteppingViewModel {
    private final DebugSession session;
    private final SessionFeed feed;
    private final Executor background;
    private final ReadOnlyObjectWrapper<SessionState> state;
    private final BooleanBinding canRun;
    private final BooleanBinding canPause;
    private final BooleanBinding canStop;

    public SteppingViewModel(DebugSession session, SessionFeed feed, Executor background) {
        this.session = session;
        this.feed = feed;
        this.background = background;
        state = new ReadOnlyObjectWrapper<>(this, "state", session.state());
        canRun = Bindings.createBooleanBinding(() -> state.get() == SessionState.PAUSED, state);
        canPause = Bindings.createBooleanBinding(() -> state.get() == SessionState.RUNNING, state);
        canStop = Bindings.createBooleanBinding(
                () -> state.get() == SessionState.RUNNING || state.get() == SessionState.PAUSED, state);
    }

    public ReadOnlyObjectProperty<SessionState> stateProperty() { return state.getReadOnlyProperty(); }

    /** Continue and the step commands: only while paused. */
    public BooleanBinding canRunProperty() { return canRun; }

    public BooleanBinding canPauseProperty() { return canPause; }

    public BooleanBinding canStopProperty() { return canStop; }

    /** Takes one batch from the feed (UI thread): the newest state wins. */
    public void accept(List<SessionEvent> batch) {
        for (SessionEvent e : batch) {
            if (e instanceof SessionEvent.StateChanged s) state.set(s.state());
        }
    }

    /** Run until a breakpoint or the end (F9). */
    public void resume() { step(StepMode.CONTINUE); }

    public void step(StepMode mode) {
        session.step(mode);
        // The session counts as running from this moment; its own event follows.
        if (session.state() == SessionState.RUNNING) state.set(SessionState.RUNNING);
    }

    public void pause() { session.pause(); }

    public void stop() { session.stop(); }

    /** Ends the run (if any) and starts the program again, paused before its first op. */
    public void restart() {
        background.execute(() -> {
            try {
                session.stop();
                if (!session.awaitEnd(30_000)) return;
                feed.reset();
                session.start(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
