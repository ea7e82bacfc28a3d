package org.tapedeck.app.tape;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.StackPane;

import org.tapedeck.app.feed.GradientSource;
import org.tapedeck.app.ui.Formats;
import org.tapedeck.app.ui.Fxml;
import org.tapedeck.app.ui.WhileShowing;

/**
 * The tape of the current step as a graph, and beside it the gradients of the last
 * {@code GradientTape.gradient}: click a node to inspect its tensors, a gradient to inspect it
 * next to its variable. Redraws only while showing.
 */
public final class TapeView {
    private final TapeViewModel vm;
    private final Parent root;
    private final TapeCanvas canvas = new TapeCanvas();
    private final BooleanProperty showing = new SimpleBooleanProperty(this, "showing", true);
    private boolean stale;

    @FXML private Label summaryLabel;
    @FXML private StackPane graphSlot;
    @FXML private ListView<GradientSource> gradientList;

    public TapeView(TapeViewModel vm) {
        this.vm = vm;
        this.root = Fxml.load(this);
    }

    public Parent root() { return root; }

    /** Bind to whether the tape's tab is selected: hidden, it skips redraws and lets go of the gradient list's rows. */
    public BooleanProperty showingProperty() { return showing; }

    /** For tests: the graph canvas. */
    public TapeCanvas canvas() { return canvas; }

    @FXML
    private void initialize() {
        graphSlot.getChildren().add(canvas);
        summaryLabel.textProperty().bind(vm.summaryProperty());
        canvas.setOnSelect(n -> vm.selectedProperty().set(n));
        vm.revisionProperty().addListener((o, a, b) -> refresh());
        vm.selectedProperty().addListener((o, a, b) -> refresh());
        showing.addListener((o, a, b) -> { if (b && stale) refresh(); });
        WhileShowing.items(gradientList.itemsProperty(), vm.gradients(), showing);
        gradientList.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(GradientSource s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : s.name() + "  " + s.value().shape()
                        + "    \u2016gradient\u2016 " + Formats.number(s.gradientNorm())
                        + "    \u2016value\u2016 " + Formats.number(s.valueNorm()));
            }
        });
        gradientList.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) vm.selectedGradientProperty().set(b);
        });
        vm.selectedGradientProperty().addListener((o, a, b) -> {
            if (b == null) gradientList.getSelectionModel().clearSelection();
        });
    }

    private void refresh() {
        if (!showing.get()) {
            stale = true;
            return;
        }
        stale = false;
        canvas.show(vm.graph(), vm.selectedProperty().get());
    }
}
