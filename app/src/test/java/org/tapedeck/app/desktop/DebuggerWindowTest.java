package org.tapedeck.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;

import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tapedeck.app.charts.PlotCanvas;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.tapedeck.app.programs.DemoTraining;
import org.tapedeck.app.programs.ProgramEntry;
import org.tapedeck.app.session.SessionState;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The real window, headless (Monocle): clicks and keys go through the toolkit as a user's would.
 */
class DebuggerWindowTest {
    private final FxRobot robot = new FxRobot();
    private DebuggerWindow window;

    @BeforeAll
    static void toolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    private void open(ProgramEntry program) throws TimeoutException {
        FxToolkit.setupStage(stage -> window = DebuggerWindow.show(stage, program, () -> {}));
        waitFor("the first pause", () -> window.viewModel().stepping().stateProperty().get() == SessionState.PAUSED);
    }

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            FxToolkit.cleanupStages();
            window.viewModel().session().awaitEnd(5000);
        }
    }

    private void waitFor(String what, Callable<Boolean> condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            DebuggerViewModel vm = window == null ? null : window.viewModel();
            throw new TimeoutException("timed out waiting for " + what + (vm == null ? "" : "; session "
                    + vm.session().state() + ", UI state '" + vm.status().stateProperty().get() + "', inspector '"
                    + vm.inspector().titleProperty().get() + "' " + vm.inspector().facts() + " " + vm.inspector().messageProperty().get()
                    + " lookups: " + robot.lookup("#fact-shape").queryAll().size() + " " + robot.lookup("#fact-NaN").queryAll().size()
                    + " " + robot.lookup("#statusBar").queryAll().size() + " " + robot.lookup("#facts").queryAll().size()
                    + " rows " + vm.opStream().rows().size()));
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String text(String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private static ProgramEntry demo() { return new ProgramEntry("demo", "small", new DemoTraining(4, 5, 8)); }

    @Test
    void steppingOneOpShowsItsTensorInTheInspector() throws Exception {
        open(demo());
        robot.clickOn("#stepOpButton");
        waitFor("the op's output in the inspector", () -> robot.lookup("#fact-shape").tryQuery().isPresent()
                && window.viewModel().opStream().rows().size() == 1);
        TableView<?> table = robot.lookup("#opTable").queryAs(TableView.class);
        assertEquals(1, table.getItems().size());
        assertTrue(text("#inspectorTitle").startsWith("#"), text("#inspectorTitle"));
        assertEquals("(144, 32)", text("#fact-shape"));
        assertEquals("float32", text("#fact-dtype"));
        assertTrue(window.view().inspector().heatmap().image() != null, "the heatmap was drawn");
        assertEquals(32, window.view().inspector().heatmap().image().width());
    }

    @Test
    void aFewBatchesPutPointsOnTheLossChart() throws Exception {
        open(demo());
        robot.clickOn("#opTable");
        for (int i = 0; i < 3; i++) {
            robot.type(KeyCode.F8);   // Run > Step batch
            int steps = i + 1;
            waitFor("batch " + steps, () -> window.viewModel().loss().steps() == steps
                    && window.viewModel().stepping().stateProperty().get() == SessionState.PAUSED);
        }
        PlotCanvas chart = robot.lookup("#lossChart").queryAs(PlotCanvas.class);
        waitFor("the chart", () -> chart.lines().get(0).points() == 3);
        assertEquals(3, chart.lines().get(1).points(), "the moving average too");
        assertTrue(text("#lossSummary").startsWith("step 3"), text("#lossSummary"));
        assertTrue(text("#statusProgress").contains("step 3"), text("#statusProgress"));

        // The variables table holds no rows while its tab is hidden, and the current ones once shown.
        TableView<?> variables = robot.lookup("#variablesTable").queryAs(TableView.class);
        assertTrue(variables.getItems().isEmpty());
        Tab tab = robot.lookup(".tab-pane").queryAllAs(TabPane.class).stream().flatMap(p -> p.getTabs().stream())
                .filter(t -> t.getText().equals("Variables")).findFirst().orElseThrow();
        robot.interact(() -> tab.getTabPane().getSelectionModel().select(tab));
        assertEquals(window.viewModel().model().variables().size(), variables.getItems().size());
        assertFalse(variables.getItems().isEmpty());
    }

    @Test
    void shortcutsContinueAndPause() throws Exception {
        open(new ProgramEntry("demo", "long", new DemoTraining(1000, 25, 8)));
        robot.clickOn("#opTable");
        robot.type(KeyCode.F9);
        waitFor("running", () -> window.viewModel().stepping().stateProperty().get() == SessionState.RUNNING
                && window.viewModel().loss().steps() > 2);
        robot.press(KeyCode.SHIFT, KeyCode.F9).release(KeyCode.F9, KeyCode.SHIFT);
        waitFor("the pause", () -> window.viewModel().stepping().stateProperty().get() == SessionState.PAUSED);
        assertEquals(SessionState.PAUSED, window.viewModel().session().state(), "paused long before the end");
    }

    @Test
    void theLibraryCallOpensAWindowAndReturnsWhenItCloses() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        Thread caller = new Thread(() -> TapedeckDebugger.debug("mine", out -> ran.set(TF.add(TF.ones(2), 1).size() == 2)));
        caller.start();
        waitFor("the window", () -> javafx.stage.Window.getWindows().stream()
                .anyMatch(w -> w instanceof javafx.stage.Stage st && "Tapedeck \u2014 mine".equals(st.getTitle())));
        assertTrue(caller.isAlive(), "debug(...) waits while the window is open");
        robot.clickOn("#continueButton");
        waitFor("the program", ran::get);
        WaitForAsyncUtils.asyncFx(() -> javafx.stage.Window.getWindows().stream()
                .filter(w -> w instanceof javafx.stage.Stage st && "Tapedeck \u2014 mine".equals(st.getTitle()))
                .toList().forEach(javafx.stage.Window::hide)).get();
        caller.join(5000);
        assertTrue(!caller.isAlive(), "debug(...) returned once the window closed");
    }

    @Test
    void aNanBreakpointStopsWhereTheNanAppears() throws Exception {
        open(new ProgramEntry("nan", "0/0", out -> {
            Tensor x = TF.constant(new float[][] {{1, 0}, {2, 0}});
            Tensor ratio = TF.divide(x, TF.constant(new float[][] {{1, 0}, {1, 0}}));
            TF.add(ratio, 1);
        }));
        robot.clickOn("#breakpointKind");
        robot.clickOn("NaN or Inf");
        robot.clickOn("#addBreakpoint");
        waitFor("the breakpoint", () -> window.viewModel().session().breakpoints().size() == 1);
        robot.clickOn("#continueButton");
        waitFor("the NaN breakpoint", () -> robot.lookup("#statusBar").queryAs(StatusBar.class).getText().contains("NaN")
                && robot.lookup("#fact-NaN").tryQuery().isPresent());
        assertEquals("2", text("#fact-NaN"));
        assertTrue(robot.lookup("#fact-NaN").queryAs(Label.class).getStyleClass().contains("alert"));
        assertTrue(text("#inspectorTitle").contains("RealDiv"), text("#inspectorTitle"));
    }
}
