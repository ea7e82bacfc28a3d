package org.tapedeck.app.model;

import java.util.function.Function;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import org.tapedeck.app.ui.Formats;
import org.tapedeck.app.ui.Fxml;
import org.tapedeck.app.ui.WhileShowing;

/** The layers with their parameter counts, and the variables table (name, shape, norms, update ratio); selecting one inspects it. */
public final class ModelView {
    private final ModelViewModel vm;
    private final Parent root;
    private final BooleanProperty showing = new SimpleBooleanProperty(this, "showing", true);

    @FXML private TableView<VariableRow> table;
    @FXML private TableColumn<VariableRow, String> nameColumn;
    @FXML private TableColumn<VariableRow, String> shapeColumn;
    @FXML private TableColumn<VariableRow, String> valueNormColumn;
    @FXML private TableColumn<VariableRow, String> gradNormColumn;
    @FXML private TableColumn<VariableRow, String> ratioColumn;
    @FXML private TableColumn<VariableRow, String> stepColumn;
    @FXML private Label layersLabel;

    public ModelView(ModelViewModel vm) {
        this.vm = vm;
        this.root = Fxml.load(this);
    }

    public Parent root() { return root; }

    /** Bind to whether the variables' tab is selected: hidden, the table lets go of its rows. */
    public BooleanProperty showingProperty() { return showing; }

    @FXML
    private void initialize() {
        column(nameColumn, VariableRow::name);
        column(shapeColumn, VariableRow::shape);
        column(valueNormColumn, r -> Formats.number(r.valueNorm()));
        column(gradNormColumn, r -> Formats.number(r.gradientNorm()));
        column(ratioColumn, r -> Double.isNaN(r.updateRatio()) ? "" : Formats.number(r.updateRatio()));
        column(stepColumn, r -> r.step() == 0 ? "" : Long.toString(r.step()));
        WhileShowing.items(table.itemsProperty(), vm.variables(), showing);
        // Back in view: the row the inspector shows is selected again.
        showing.addListener((o, was, is) -> {
            if (is && vm.selectedProperty().get() != null) table.getSelectionModel().select(vm.selectedProperty().get());
        });
        layersLabel.textProperty().bind(vm.layersProperty());
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && b != vm.selectedProperty().get()) vm.selectedProperty().set(b);
        });
    }

    private static void column(TableColumn<VariableRow, String> c, Function<VariableRow, String> f) {
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setSortable(false);
    }
}
