package org.tapedeck.app.opstream;

import java.util.Locale;
import java.util.function.Function;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import org.controlsfx.control.SegmentedButton;
import org.controlsfx.control.textfield.TextFields;
import org.tapedeck.app.ui.Fxml;
import org.tapedeck.engine.events.Phase;

/**
 * The op stream table: a virtualised {@link TableView} over the view-model's filtered rows, backward
 * ops styled apart, a search field and phase toggles above it. Thin: all state is in
 * {@link OpStreamViewModel}.
 */
public final class OpStreamView {
    private static final PseudoClass BACKWARD = PseudoClass.getPseudoClass("backward");
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

    private final OpStreamViewModel vm;
    private final Parent root;

    @FXML private HBox filterBar;
    @FXML private TableView<OpRow> table;
    @FXML private TableColumn<OpRow, Long> seqColumn;
    @FXML private TableColumn<OpRow, String> opColumn;
    @FXML private TableColumn<OpRow, String> shapesColumn;
    @FXML private TableColumn<OpRow, String> dtypeColumn;
    @FXML private TableColumn<OpRow, String> deviceColumn;
    @FXML private TableColumn<OpRow, String> timeColumn;
    @FXML private ToggleButton followToggle;
    @FXML private Label summaryLabel;

    public OpStreamView(OpStreamViewModel vm) {
        this.vm = vm;
        this.root = Fxml.load(this);
    }

    public Parent root() { return root; }

    /** For tests: the table. */
    public TableView<OpRow> table() { return table; }

    @FXML
    private void initialize() {
        TextField search = TextFields.createClearableTextField();
        search.setPromptText("Filter ops: name, shape, dtype or #sequence");
        search.setId("opSearch");
        search.textProperty().bindBidirectional(vm.searchProperty());
        HBox.setHgrow(search, Priority.ALWAYS);
        ToggleButton forward = new ToggleButton("Forward");
        ToggleButton backward = new ToggleButton("Backward");
        forward.setId("showForward");
        backward.setId("showBackward");
        forward.selectedProperty().bindBidirectional(vm.showForwardProperty());
        backward.selectedProperty().bindBidirectional(vm.showBackwardProperty());
        SegmentedButton phases = new SegmentedButton(forward, backward);
        phases.setToggleGroup(null);
        filterBar.getChildren().addAll(0, java.util.List.of(search, phases));
        followToggle.selectedProperty().bindBidirectional(vm.followProperty());

        column(seqColumn, OpRow::sequence);
        column(opColumn, OpRow::qualifiedName);
        column(shapesColumn, OpRow::signature);
        column(dtypeColumn, OpRow::dtypeName);
        column(deviceColumn, r -> String.valueOf(r.device()));
        column(timeColumn, r -> r.micros() < 0 ? "" : String.format(Locale.ROOT, "%.1f", r.micros()));
        for (TableColumn<OpRow, ?> c : table.getColumns()) c.setSortable(false);
        table.setFixedCellSize(22);
        table.setItems(vm.rows());
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(OpRow row, boolean empty) {
                super.updateItem(row, empty);
                pseudoClassStateChanged(BACKWARD, !empty && row != null && row.phase() == Phase.BACKWARD);
                pseudoClassStateChanged(FAILED, !empty && row != null && row.failed());
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && b != vm.selectedProperty().get()) vm.selectedProperty().set(b);
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b == null) {
                table.getSelectionModel().clearSelection();
            } else if (table.getSelectionModel().getSelectedItem() != b) {
                table.getSelectionModel().select(b);
                int i = table.getSelectionModel().getSelectedIndex();
                if (i >= 0) scrollTo(Math.max(0, i - 5));
            }
        });
        vm.appendedProperty().addListener((o, a, b) -> {
            if (vm.followProperty().get() && !table.getItems().isEmpty()) scrollTo(table.getItems().size() - 1);
        });
        summaryLabel.textProperty().bind(vm.summaryProperty());
        // The empty table says why: no op yet, the program runs, or the filters hide every row.
        Label empty = new Label();
        empty.textProperty().bind(vm.emptyTextProperty());
        table.setPlaceholder(empty);
    }

    /**
     * Scrolls row {@code i} to the top (or as near as the end allows). NOTE: the table learns how
     * many rows it has only when it is laid out; rows appended in the same pulse (a pause catching
     * up with a hundred thousand ops) would otherwise have the scroll clamped to the old count.
     */
    private void scrollTo(int i) {
        table.layout();
        table.scrollTo(i);
    }

    private static <T> void column(TableColumn<OpRow, T> c, Function<OpRow, T> value) {
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
    }
}
