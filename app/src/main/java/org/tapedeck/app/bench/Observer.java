package org.tapedeck.app.bench;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.tapedeck.app.cli.Options.UsageException;
import org.tapedeck.app.desktop.DebuggerViewModel;
import org.tapedeck.app.feed.SessionFeed;
import org.tapedeck.app.session.DebugSession;
import org.tapedeck.engine.events.ExecutionEvents;
import org.tapedeck.engine.events.ExecutionListener;

/**
 * What watches {@code bench train}'s steps ({@code --observe}): the engine-side share of the
 * debugger's cost, one layer at a time, without a window or its threads.
 * <ul>
 *   <li>{@code none}: nothing, as headless training;
 *   <li>{@code events}: a listener that ignores every event (the engine builds the events);
 *   <li>{@code session}: the steps run as a {@link DebugSession}'s program, running freely (the
 *       session's hook decides at every op whether to hold the thread);
 *   <li>{@code feed}: that, with the window's {@link SessionFeed} (recent ops kept whole, a queued
 *       row per op) drained by a thread as often as the window drains it while the program runs.
 * </ul>
 */
enum Observer {
    NONE("nothing"),
    EVENTS("a listener that ignores the events"),
    SESSION("a debug session running freely"),
    FEED("a debug session with the window's event feed");

    private final String description;

    Observer(String description) { this.description = description; }

    static Observer parse(String name) {
        for (Observer o : values()) if (o.name().toLowerCase(Locale.ROOT).equals(name)) return o;
        throw new UsageException("bench train: --observe must be none, events, session or feed, got '" + name + "'");
    }

    String describe() { return description; }

    /** Runs {@code work} watched this way, on this thread or a session's engine thread; returns once it ended. */
    void run(Runnable work) {
        switch (this) {
            case NONE -> work.run();
            case EVENTS -> {
                try (ExecutionEvents.Registration r = ExecutionEvents.addListener(new ExecutionListener() {})) {
                    work.run();
                }
            }
            case SESSION, FEED -> inSession(work);
        }
    }

    private void inSession(Runnable work) {
        DebugSession session = new DebugSession("bench", out -> work.run());
        ScheduledExecutorService drains = Executors.newSingleThreadScheduledExecutor();
        if (this == FEED) {
            SessionFeed feed = new SessionFeed();
            session.addObserver(feed);
            long every = DebuggerViewModel.RUNNING_PUMP_NANOS;
            drains.scheduleWithFixedDelay(feed::drain, every, every, TimeUnit.NANOSECONDS);
        }
        session.start(false);
        try {
            session.awaitEnd(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.stop();
        } finally {
            drains.shutdownNow();
        }
        if (session.failure() != null) throw new IllegalStateException("the observed steps failed", session.failure());
    }
}
