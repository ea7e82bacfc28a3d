package org.tapedeck.app.breakpoints;

import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import org.tapedeck.app.session.Breakpoint;
import org.tapedeck.app.ui.Fxml;

/** The breakpoints list with a remove button on each, and a line to add one. */
public final class BreakpointsView {
    private final BreakpointsViewModel vm;
    private final ObservableList<String> opNames;
    private final Parent root;

    @FXML private ComboBox<BreakpointsViewModel.Kind> kindChoice;
    @FXML private ComboBox<String> argumentField;
    @FXML private Button addButton;
    @FXML private Label errorLabel;
    @FXML private ListView<Breakpoint> list;

    /** @param opNames op names seen so far, offered while typing an op breakpoint */
    public BreakpointsView(BreakpointsViewModel vm, ObservableList<String> opNames) {
        this.vm = vm;
        this.opNames = opNames;
        this.root = Fxml.load(this);
    }

    public Parent root() { return root; }

    @FXML
    private void initialize() {
        kindChoice.getItems().setAll(BreakpointsViewModel.Kind.values());
        kindChoice.valueProperty().bindBidirectional(vm.kindProperty());
        argumentField.setItems(opNames);
        argumentField.getEditor().textProperty().bindBidirectional(vm.argumentProperty());
        // An editable combo box keeps its committed value and puts it back into the editor later:
        // when the view-model clears the argument (after adding), clear the value too.
        vm.argumentProperty().addListener((o, a, b) -> {
            if ((b == null || b.isEmpty()) && argumentField.getValue() != null) argumentField.setValue(null);
        });
        argumentField.disableProperty().bind(vm.kindProperty().isEqualTo(BreakpointsViewModel.Kind.NON_FINITE));
        vm.kindProperty().addListener((o, a, k) -> argumentField.setPromptText(k.hint()));
        argumentField.setPromptText(vm.kindProperty().get().hint());
        argumentField.getEditor().setOnAction(e -> add());
        errorLabel.textProperty().bind(vm.errorProperty());
        errorLabel.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        list.setItems(vm.breakpoints());
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Breakpoint b, boolean empty) {
                super.updateItem(b, empty);
                if (empty || b == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label text = new Label(BreakpointsViewModel.describe(b));
                Region spacer = new Region();
                HBox.setHgrow(spacer, Priority.ALWAYS);
                Button remove = new Button("Remove");
                remove.getStyleClass().add("small");
                remove.setOnAction(e -> vm.remove(b));
                HBox row = new HBox(8, new Label("\u25cf"), text, spacer, remove);
                row.getStyleClass().add("breakpoint-row");
                setText(null);
                setGraphic(row);
            }
        });
    }

    @FXML
    private void add() { vm.add(); }
}
