package org.tapedeck.app.desktop;

import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

import org.tapedeck.app.programs.ProgramEntry;
import org.tapedeck.engine.backend.cpu.Parallel;

/**
 * One debugger window around one program: builds the view-model and the view into a stage, starts
 * the program paused before its first op, and stops it when the window closes. FX thread only.
 *
 * <pre>{@code
 * DebuggerWindow w = DebuggerWindow.show(new Stage(), Programs.defaultProgram(), () -> {});
 * w.viewModel().stepping().resume();
 * }</pre>
 */
public final class DebuggerWindow {
    private final Stage stage;
    private final DebuggerViewModel vm;
    private final MainWindowView view;

    private DebuggerWindow(Stage stage, ProgramEntry program, Runnable onClosed) {
        this.stage = stage;
        this.vm = new DebuggerViewModel(program, Platform::runLater);
        this.view = new MainWindowView(vm, p -> show(new Stage(), p, () -> {}));
        stage.setTitle(vm.titleProperty().get());
        // As large as the design wants, but never larger than the screen.
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        stage.setScene(new Scene(view.root(), Math.min(1440, screen.getWidth()), Math.min(900, screen.getHeight())));
        stage.setOnHidden(e -> {
            view.stop();
            vm.close();
            onClosed.run();
        });
    }

    /** Shows a window for {@code program} in {@code stage}; {@code onClosed} runs when it is closed. */
    public static DebuggerWindow show(Stage stage, ProgramEntry program, Runnable onClosed) {
        // The window and its JIT share the cores with the program: CPU helpers spin less, yield
        // before they park, and split each op finer.
        Parallel.setSharedCores(true);
        DebuggerWindow w = new DebuggerWindow(stage, program, onClosed);
        stage.show();
        // The op table, not the filter field, starts with the focus: a focused field's blinking caret
        // would repaint the window twice a second while training runs.
        w.view.opStream().table().requestFocus();
        w.view.start();
        w.vm.start();
        return w;
    }

    public Stage stage() { return stage; }

    public DebuggerViewModel viewModel() { return vm; }

    public MainWindowView view() { return view; }
}
