package org.tapedeck.app.desktop;

import java.io.PrintStream;
import java.util.Locale;

import javafx.application.Application;

import org.tapedeck.app.programs.ProgramEntry;
import org.tapedeck.app.programs.Programs;

/**
 * Opens the debugger window from a plain {@code main} (JavaFX sits on the class path, so the class
 * that launches it must not itself extend {@code Application}). {@code tapedeck} and
 * {@code tapedeck debug ...} come here.
 *
 * <pre>{@code
 * DebuggerLauncher.open(Programs.defaultProgram(), System.err);   // returns when the window closes
 * }</pre>
 */
public final class DebuggerLauncher {
    private DebuggerLauncher() {}

    public static void main(String[] args) {
        System.exit(open(Programs.defaultProgram(), System.err));
    }

    /** Opens a window on {@code program} and waits until it is closed; returns an exit code. */
    public static int open(ProgramEntry program, PrintStream err) {
        String why = whyNoDisplay();
        if (why != null) {
            err.println("tapedeck: cannot open the debugger window: " + why);
            err.println("(run it under Xvfb, e.g. `xvfb-run app/target/tapedeck/bin/tapedeck`, or use `tapedeck example NAME`)");
            return 1;
        }
        DebuggerApp.prepare(program, () -> {});
        Application.launch(DebuggerApp.class);
        return 0;
    }

    /** Null when a window can be shown; else why not (Linux without an X or Wayland display). */
    static String whyNoDisplay() {
        if ("Monocle".equalsIgnoreCase(System.getProperty("glass.platform"))) return null;
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) return null;
        String display = System.getenv("DISPLAY");
        String wayland = System.getenv("WAYLAND_DISPLAY");
        if ((display == null || display.isBlank()) && (wayland == null || wayland.isBlank())) {
            return "no display (DISPLAY is not set)";
        }
        return null;
    }
}
