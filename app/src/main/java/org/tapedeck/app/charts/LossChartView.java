package org.tapedeck.app.charts;

import java.util.ArrayList;
import java.util.List;

import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.paint.Color;

import org.tapedeck.app.ui.Fxml;

/**
 * The loss chart: raw loss per step and its moving average, and below it accuracy per epoch, on
 * {@link PlotCanvas}es, redrawn only when the view-model publishes a new plot.
 */
public final class LossChartView {
    private static final Color RAW = Color.rgb(59, 120, 194, 0.5);
    private static final Color SMOOTH = Color.web("#d9822b");
    private static final Color[] ACCURACY = {Color.web("#d9822b"), Color.web("#3b78c2"), Color.web("#2e9e5b"), Color.web("#9b59b6")};

    private final LossChartViewModel vm;
    private final Parent root;

    @FXML private PlotCanvas chart;
    @FXML private PlotCanvas accuracyChart;
    @FXML private Label summaryLabel;

    public LossChartView(LossChartViewModel vm) {
        this.vm = vm;
        this.root = Fxml.load(this);
    }

    public Parent root() { return root; }

    /** For tests: the loss plot. */
    public PlotCanvas chart() { return chart; }

    /** For tests: the accuracy-per-epoch plot. */
    public PlotCanvas accuracyChart() { return accuracyChart; }

    @FXML
    private void initialize() {
        summaryLabel.textProperty().bind(vm.summaryProperty());
        vm.plotProperty().addListener((o, a, p) -> show(p));
        show(vm.plotProperty().get());
        vm.accuracyProperty().addListener((o, a, p) -> showAccuracy(p));
        showAccuracy(vm.accuracyProperty().get());
    }

    private void showAccuracy(AccuracyPlot p) {
        List<PlotCanvas.Line> lines = new ArrayList<>();
        for (AccuracyPlot.Series s : p.series()) {
            // A few points per epoch: markers show where the measurements are.
            lines.add(new PlotCanvas.Line(s.name(), ACCURACY[lines.size() % ACCURACY.length], 1.5, true, s.epochs(), s.values()));
        }
        accuracyChart.setLines(lines);
        accuracyChart.setVisible(!lines.isEmpty());
        accuracyChart.setManaged(!lines.isEmpty());
    }

    private void show(LossPlot p) {
        chart.setLines(List.of(new PlotCanvas.Line("loss", RAW, 1, false, p.rawX(), p.rawY()),
                new PlotCanvas.Line("smoothed (EMA)", SMOOTH, 2.2, false, p.smoothX(), p.smoothY())));
    }
}
