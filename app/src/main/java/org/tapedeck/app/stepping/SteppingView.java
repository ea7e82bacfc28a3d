package org.tapedeck.app.stepping;

import javafx.beans.binding.BooleanBinding;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ToolBar;

import org.tapedeck.app.session.StepMode;
import org.tapedeck.app.ui.Fxml;

/**
 * The run controls twice over: the toolbar and the Run menu (which carries the keyboard
 * shortcuts: F9 continue, F7 step op, F8 step batch, ...). Both only call {@link SteppingViewModel}.
 */
public final class SteppingView {
    private final SteppingViewModel vm;
    private final ToolBar toolbar;

    @FXML private Menu runMenu;
    @FXML private Button continueButton;
    @FXML private Button pauseButton;
    @FXML private Button stepOpButton;
    @FXML private Button stepForwardButton;
    @FXML private Button stepBackwardButton;
    @FXML private Button stepBatchButton;
    @FXML private Button stepEpochButton;
    @FXML private Button stopButton;
    @FXML private Button restartButton;
    @FXML private MenuItem continueItem;
    @FXML private MenuItem pauseItem;
    @FXML private MenuItem stepOpItem;
    @FXML private MenuItem stepForwardItem;
    @FXML private MenuItem stepBackwardItem;
    @FXML private MenuItem stepBatchItem;
    @FXML private MenuItem stepEpochItem;
    @FXML private MenuItem stopItem;

    public SteppingView(SteppingViewModel vm) {
        this.vm = vm;
        this.toolbar = Fxml.load(this);
    }

    public ToolBar toolbar() { return toolbar; }

    /** The Run menu, for the window's menu bar. */
    public Menu runMenu() { return runMenu; }

    @FXML
    private void initialize() {
        BooleanBinding notPaused = vm.canRunProperty().not();
        for (Button b : new Button[] {continueButton, stepOpButton, stepForwardButton, stepBackwardButton, stepBatchButton, stepEpochButton}) {
            b.disableProperty().bind(notPaused);
        }
        for (MenuItem m : new MenuItem[] {continueItem, stepOpItem, stepForwardItem, stepBackwardItem, stepBatchItem, stepEpochItem}) {
            m.disableProperty().bind(notPaused);
        }
        pauseButton.disableProperty().bind(vm.canPauseProperty().not());
        pauseItem.disableProperty().bind(vm.canPauseProperty().not());
        stopButton.disableProperty().bind(vm.canStopProperty().not());
        stopItem.disableProperty().bind(vm.canStopProperty().not());
    }

    @FXML private void resume() { vm.resume(); }

    @FXML private void pause() { vm.pause(); }

    @FXML private void stepOp() { vm.step(StepMode.OP); }

    @FXML private void stepForward() { vm.step(StepMode.END_OF_FORWARD); }

    @FXML private void stepBackward() { vm.step(StepMode.END_OF_BACKWARD); }

    @FXML private void stepBatch() { vm.step(StepMode.BATCH); }

    @FXML private void stepEpoch() { vm.step(StepMode.EPOCH); }

    @FXML private void stop() { vm.stop(); }

    @FXML private void restart() { vm.restart(); }
}
