package org.tapedeck.app.desktop;

import java.util.concurrent.CountDownLatch;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

import org.tapedeck.app.programs.ProgramEntry;
import org.tapedeck.app.session.DebugProgram;

/**
 * Opens the debugger around your own code: the window appears paused before the code's first
 * op, and the call returns when the window is closed.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     TapedeckDebugger.debug(() -> {
 *         Variable w = new Variable(TF.random.normal(784, 10), "w");
 *         for (int step = 0; step < 100; step++) {
 *             try (GradientTape tape = new GradientTape()) { ... }
 *         }
 *     });
 * }
 * }</pre>
 *
 * The code runs on the debugger's engine thread, and again from the start on Restart: build the
 * model and data inside it. It may be called several times in one JVM; each call opens a window.
 */
public final class TapedeckDebugger {
    private static final Object LAUNCH = new Object();
    private static boolean launched;

    private TapedeckDebugger() {}

    /** Whether some launch (ours or the caller's own JavaFX application) has started the toolkit. */
    private static boolean toolkitRunning() {
        try {
            Platform.runLater(() -> {});
            return true;
        } catch (IllegalStateException notStarted) {
            return false;
        }
    }

    /** Debugs a {@code Runnable}; its output goes to System.out. */
    public static void debug(Runnable code) { debug("program", DebugProgram.of(code)); }

    /** Debugs a program; what it prints to its {@code PrintStream} shows in the Output panel. */
    public static void debug(DebugProgram program) { debug("program", program); }

    /** As {@link #debug(DebugProgram)}, with a name for the window's title. */
    public static void debug(String name, DebugProgram program) {
        ProgramEntry entry = new ProgramEntry(name, "your program", program);
        if (Platform.isFxApplicationThread()) {
            // Called from a JavaFX application: open the window and return at once.
            DebuggerWindow.show(new Stage(), entry, () -> {});
            return;
        }
        String why = DebuggerLauncher.whyNoDisplay();
        if (why != null) throw new IllegalStateException("cannot open the debugger window: " + why);
        CountDownLatch closed = new CountDownLatch(1);
        synchronized (LAUNCH) {
            if (!launched && !toolkitRunning()) {
                launched = true;
                DebuggerApp.prepare(entry, closed::countDown);
                Thread fx = new Thread(() -> {
                    DebuggerApp.keepToolkit();
                    Application.launch(DebuggerApp.class);
                }, "tapedeck-fx-launcher");
                fx.setDaemon(true);
                fx.start();
            } else {
                Platform.runLater(() -> DebuggerWindow.show(new Stage(), entry, closed::countDown));
            }
        }
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
