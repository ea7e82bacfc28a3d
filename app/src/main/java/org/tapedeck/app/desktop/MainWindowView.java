package org.tapedeck.app.desktop;

import java.util.function.Consumer;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import org.tapedeck.app.breakpoints.BreakpointsView;
import org.tapedeck.app.charts.LossChartView;
import org.tapedeck.app.inspector.InspectorView;
import org.tapedeck.app.model.ModelView;
import org.tapedeck.app.opstream.OpStreamView;
import org.tapedeck.app.output.OutputView;
import org.tapedeck.app.programs.ProgramEntry;
import org.tapedeck.app.programs.Programs;
import org.tapedeck.app.status.StatusView;
import org.tapedeck.app.stepping.SteppingView;
import org.tapedeck.app.tape.TapeView;
import org.tapedeck.app.ui.Fxml;

/**
 * The debugger window's layout: menus and run controls on top; the op stream and the tape on the
 * left over breakpoints and output; the inspector on the right over the loss chart and the
 * variables; the status bar below. One ticker thread has the UI thread drain the session's events
 * into the view-models at most {@link #MAX_UPDATES_PER_SECOND} times a second, when
 * {@link DebuggerViewModel#pumpDue} says so (while the program runs, every
 * {@link DebuggerViewModel#RUNNING_PUMP_NANOS}). NOTE: not an
 * {@code AnimationTimer}: while one runs, JavaFX runs a pulse every frame (60 a second) for it, on
 * the cores the training needs; the ticker wakes the UI thread only when a pump is due.
 */
public final class MainWindowView {
    public static final int MAX_UPDATES_PER_SECOND = 30;

    private final DebuggerViewModel vm;
    private final Consumer<ProgramEntry> openProgram;
    private final BorderPane root;
    private final AtomicBoolean pumpPosted = new AtomicBoolean();
    private ScheduledExecutorService ticker;
    private SteppingView stepping;
    private OpStreamView opStream;
    private InspectorView inspector;
    private TapeView tape;
    private LossChartView loss;

    @FXML private VBox top;
    @FXML private MenuBar menuBar;
    @FXML private Menu fileMenu;
    @FXML private Menu openMenu;
    @FXML private Tab opStreamTab;
    @FXML private Tab tapeTab;
    @FXML private Tab breakpointsTab;
    @FXML private Tab outputTab;
    @FXML private StackPane inspectorSlot;
    @FXML private Tab lossTab;
    @FXML private Tab variablesTab;
    @FXML private StackPane statusSlot;

    /** @param openProgram opens another program in a window of its own (File > Open program) */
    public MainWindowView(DebuggerViewModel vm, Consumer<ProgramEntry> openProgram) {
        this.vm = vm;
        this.openProgram = openProgram;
        this.root = Fxml.load(this);
    }

    public BorderPane root() { return root; }

    public OpStreamView opStream() { return opStream; }

    public InspectorView inspector() { return inspector; }

    public TapeView tape() { return tape; }

    public LossChartView loss() { return loss; }

    public SteppingView stepping() { return stepping; }

    /** Starts draining events into the panels. */
    public synchronized void start() {
        if (ticker != null) return;
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tapedeck-ui-ticker");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(() -> {
            // At most one pump waits on the UI thread at a time.
            if (vm.pumpDue(System.nanoTime()) && pumpPosted.compareAndSet(false, true)) {
                Platform.runLater(() -> {
                    pumpPosted.set(false);
                    vm.pumpIfDue(System.nanoTime());
                });
            }
        }, 0, 1000 / MAX_UPDATES_PER_SECOND, TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (ticker == null) return;
        ticker.shutdownNow();
        ticker = null;
    }

    @FXML
    private void initialize() {
        stepping = new SteppingView(vm.stepping());
        menuBar.getMenus().add(1, stepping.runMenu());
        ToolBar bar = stepping.toolbar();
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label device = new Label();
        device.setId("toolbarDevice");
        device.getStyleClass().add("device-label");
        device.textProperty().bind(vm.status().deviceProperty().map(d -> "Device  " + d));
        Label program = new Label("Program  " + vm.program().name());
        program.getStyleClass().add("device-label");
        bar.getItems().addAll(spacer, program, device);
        top.getChildren().add(bar);

        for (ProgramEntry p : Programs.all()) {
            MenuItem item = new MenuItem(p.name() + " \u2014 " + p.description());
            item.setOnAction(e -> openProgram.accept(p));
            openMenu.getItems().add(item);
        }

        opStream = new OpStreamView(vm.opStream());
        opStreamTab.setContent(opStream.root());
        tape = new TapeView(vm.tape());
        tapeTab.setContent(tape.root());
        tape.showingProperty().bind(tapeTab.selectedProperty());
        breakpointsTab.setContent(new BreakpointsView(vm.breakpoints(), vm.opStream().opNames()).root());
        OutputView output = new OutputView(vm.output());
        output.showingProperty().bind(outputTab.selectedProperty());
        outputTab.setContent(output.root());
        inspector = new InspectorView(vm.inspector());
        inspectorSlot.getChildren().add(inspector.root());
        loss = new LossChartView(vm.loss());
        lossTab.setContent(loss.root());
        ModelView model = new ModelView(vm.model());
        model.showingProperty().bind(variablesTab.selectedProperty());
        variablesTab.setContent(model.root());
        statusSlot.getChildren().add(new StatusView(vm.status()).root());
    }

    @FXML
    private void closeWindow() {
        if (root.getScene() != null && root.getScene().getWindow() != null) root.getScene().getWindow().hide();
    }
}
