package org.tapedeck.app.status;

import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.geometry.Orientation;

import org.controlsfx.control.StatusBar;
import org.tapedeck.app.ui.Fxml;

/** The status bar (ControlsFX): state on the left; epoch and step, throughput, device and heap on the right. */
public final class StatusView {
    private final StatusViewModel vm;
    @FXML private StatusBar statusBar;

    public StatusView(StatusViewModel vm) {
        this.vm = vm;
        Fxml.load(this);
    }

    public StatusBar root() { return statusBar; }

    @FXML
    private void initialize() {
        statusBar.textProperty().bind(vm.stateProperty());
        statusBar.getRightItems().addAll(
                label("statusProgress", vm.progressProperty()), separator(),
                label("statusThroughput", vm.throughputProperty()), separator(),
                label("statusDevice", vm.deviceProperty()), separator(),
                label("statusMemory", vm.memoryProperty()));
    }

    private static Label label(String id, javafx.beans.value.ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(text);
        l.getStyleClass().add("status-item");
        return l;
    }

    private static Separator separator() { return new Separator(Orientation.VERTICAL); }
}
