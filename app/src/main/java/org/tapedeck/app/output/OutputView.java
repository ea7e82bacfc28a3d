package org.tapedeck.app.output;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.ListView;

import org.tapedeck.app.ui.Fxml;
import org.tapedeck.app.ui.WhileShowing;

/** The program's output as a virtualised list of lines that follows the newest. */
public final class OutputView {
    private final OutputViewModel vm;
    private final Parent root;
    private final BooleanProperty showing = new SimpleBooleanProperty(this, "showing", true);

    @FXML private ListView<String> lines;

    public OutputView(OutputViewModel vm) {
        this.vm = vm;
        this.root = Fxml.load(this);
    }

    public Parent root() { return root; }

    /** Bind to whether the output's tab is selected: hidden, the list lets go of its lines. */
    public BooleanProperty showingProperty() { return showing; }

    @FXML
    private void initialize() {
        lines.setFixedCellSize(20);
        lines.itemsProperty().addListener((o, was, is) -> followNewest());
        vm.lines().addListener((ListChangeListener<String>) c -> followNewest());
        WhileShowing.items(lines.itemsProperty(), vm.lines(), showing);
    }

    private void followNewest() {
        if (!lines.getItems().isEmpty()) lines.scrollTo(lines.getItems().size() - 1);
    }
}
