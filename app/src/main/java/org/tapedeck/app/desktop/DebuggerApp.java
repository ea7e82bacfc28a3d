package org.tapedeck.app.desktop;

import java.util.Objects;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

import org.tapedeck.app.programs.ProgramEntry;

/**
 * The JavaFX application behind {@link DebuggerLauncher} and {@link TapedeckDebugger}: opens the
 * first debugger window on the program it was prepared with. Launched from a plain class (JavaFX
 * on the class path), never as the process's main class.
 */
public final class DebuggerApp extends Application {
    private static volatile ProgramEntry firstProgram;
    private static volatile Runnable firstClosed = () -> {};

    /** Sets what the next launch opens; {@code onClosed} runs when that window closes. */
    static void prepare(ProgramEntry program, Runnable onClosed) {
        firstProgram = Objects.requireNonNull(program);
        firstClosed = Objects.requireNonNull(onClosed);
    }

    @Override
    public void start(Stage stage) {
        ProgramEntry p = firstProgram;
        if (p == null) throw new IllegalStateException("DebuggerApp launched without a program: use DebuggerLauncher");
        DebuggerWindow.show(stage, p, firstClosed);
        FxStallProbe.startIfRequested();
    }

    /** Leaves the toolkit running when the last window closes (for repeated library calls). */
    static void keepToolkit() { Platform.setImplicitExit(false); }
}
