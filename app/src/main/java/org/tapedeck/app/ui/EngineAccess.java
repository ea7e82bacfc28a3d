package org.tapedeck.app.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.tapedeck.app.session.DebugSession;

/**
 * How a view-model asks for work that must run on the engine thread (reading a tensor that may
 * live on a GPU) without the UI thread ever waiting: the request goes to the session through a
 * background executor, and the answer comes back on the UI executor.
 *
 * <pre>{@code
 * access.request(() -> TensorSnapshot.capture("output", t), snap -> snapshot.set(snap), err -> message.set(err.toString()));
 * }</pre>
 */
public final class EngineAccess {
    private final DebugSession session;
    private final Executor background;
    private final Executor ui;

    /**
     * @param session whose engine thread runs the work (null: run it on the background executor)
     * @param background where the waiting happens
     * @param ui where answers are delivered (the FX thread in the app)
     */
    public EngineAccess(DebugSession session, Executor background, Executor ui) {
        this.session = session;
        this.background = background;
        this.ui = ui;
    }

    /** Everything on the calling thread: for view-model tests. */
    public static EngineAccess direct() { return new EngineAccess(null, Runnable::run, Runnable::run); }

    /** Runs {@code work} on the engine, then {@code onResult} (or {@code onError}) on the UI executor. */
    public <T> void request(Callable<T> work, Consumer<T> onResult, Consumer<Throwable> onError) {
        CompletableFuture.supplyAsync(() -> {
            try {
                return session != null ? session.onEngine(work).join() : work.call();
            } catch (CompletionException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, background).whenComplete((value, error) -> ui.execute(() -> {
            if (error == null) {
                onResult.accept(value);
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                onError.accept(cause);
            }
        }));
    }

    /** Work off the UI thread that does not need the engine. */
    public void background(Runnable r) { background.execute(r); }

    /** Work on the UI thread. */
    public void onUi(Runnable r) { ui.execute(r); }
}
