package org.tapedeck.app.output;

import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.ListView;

import org.tapedeck.app.ui.Fxml;

/** The program's output as a virtualised list of lines that follows the newest. */
public final class OutputView {
    private final OutputViewModel vm;
    private final Parent root;

    @FXML private ListView<String> lines;

    public OutputView(OutputViewModel vm) {
        this.vm = vm;
        this.root = Fxml.load(this);
    }

    public Parent root() { return root; }

    @FXML
    private void initialize() {
        lines.setItems(vm.lines());
        lines.setFixedCellSize(20);
        vm.lines().addListener((ListChangeListener<String>) c -> {
            if (!lines.getItems().isEmpty()) lines.scrollTo(lines.getItems().size() - 1);
        });
    }
}
