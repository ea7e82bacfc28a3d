package org.tapedeck.app.inspector;

import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;

import org.tapedeck.app.ui.Formats;
import org.tapedeck.app.ui.Fxml;

/**
 * The tensor inspector: which tensor, its facts, slice selectors, and three looks at the slice
 * (heatmap, values, histogram). Thin: everything comes from {@link InspectorViewModel}.
 */
public final class InspectorView {
    private final InspectorViewModel vm;
    private final Parent root;
    private final HeatmapPane heatmap = new HeatmapPane();
    private final NumericGrid grid = new NumericGrid();
    private final HistogramPane histogram = new HistogramPane();

    @FXML private Label titleLabel;
    @FXML private ComboBox<TensorRef> tensorChoice;
    @FXML private FlowPane factsPane;
    @FXML private HBox selectorsBox;
    @FXML private Label messageLabel;
    @FXML private StackPane heatmapSlot;
    @FXML private Label legendLabel;
    @FXML private StackPane gridSlot;
    @FXML private StackPane histogramSlot;

    public InspectorView(InspectorViewModel vm) {
        this.vm = vm;
        this.root = Fxml.load(this);
    }

    public Parent root() { return root; }

    /** For tests: the heatmap. */
    public HeatmapPane heatmap() { return heatmap; }

    @FXML
    private void initialize() {
        heatmapSlot.getChildren().add(heatmap);
        gridSlot.getChildren().add(grid);
        histogramSlot.getChildren().add(histogram);
        titleLabel.textProperty().bind(vm.titleProperty());
        messageLabel.textProperty().bind(vm.messageProperty());
        messageLabel.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        messageLabel.managedProperty().bind(messageLabel.visibleProperty());
        tensorChoice.setItems(vm.tensors());
        tensorChoice.valueProperty().bindBidirectional(vm.selectedProperty());
        vm.facts().addListener((ListChangeListener<Fact>) c -> showFacts());
        vm.selectors().addListener((ListChangeListener<SelectorModel>) c -> showSelectors());
        vm.sliceProperty().addListener((o, a, s) -> {
            heatmap.show(s);
            grid.show(s);
            Heatmap.Image img = heatmap.image();
            legendLabel.setText(img == null || Double.isNaN(img.low()) ? ""
                    : (img.diverging() ? "blue < 0 < red, up to \u00b1" + Formats.number(Math.max(-img.low(), img.high()))
                       : "dark " + Formats.number(img.low()) + " \u2192 bright " + Formats.number(img.high()))
                      + "   \u00b7   magenta NaN, orange +inf, cyan \u2212inf");
        });
        vm.snapshotProperty().addListener((o, a, s) -> histogram.show(s == null ? null : s.histogram()));
    }

    private void showFacts() {
        factsPane.getChildren().clear();
        for (Fact f : vm.facts()) {
            Label name = new Label(f.name());
            name.getStyleClass().add("fact-name");
            Label value = new Label(f.value());
            value.getStyleClass().add("fact-value");
            if (f.alert()) value.getStyleClass().add("alert");
            value.setId("fact-" + f.name());
            HBox pair = new HBox(4, name, value);
            pair.getStyleClass().add("fact");
            factsPane.getChildren().add(pair);
        }
    }

    private void showSelectors() {
        selectorsBox.getChildren().clear();
        for (SelectorModel s : vm.selectors()) {
            Spinner<Integer> spinner = new Spinner<>();
            SpinnerValueFactory.IntegerSpinnerValueFactory f =
                    new SpinnerValueFactory.IntegerSpinnerValueFactory(0, s.size() - 1, s.indexProperty().get());
            f.setWrapAround(true);
            spinner.setValueFactory(f);
            spinner.setEditable(true);
            spinner.setPrefWidth(90);
            f.valueProperty().addListener((o, a, b) -> { if (b != null) s.indexProperty().set(b); });
            Label label = new Label(s.label() + " (of " + s.size() + ")");
            selectorsBox.getChildren().addAll(label, spinner);
        }
        selectorsBox.setVisible(!vm.selectors().isEmpty());
        selectorsBox.setManaged(!vm.selectors().isEmpty());
    }
}
