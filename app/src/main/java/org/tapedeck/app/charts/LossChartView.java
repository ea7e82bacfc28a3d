package org.tapedeck.app.charts;

import java.util.ArrayList;
import java.util.List;

import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;

import org.tapedeck.app.ui.Fxml;

/**
 * The loss chart: raw loss per step and its moving average, no symbols and no animation (each
 * symbol would be a node of its own), redrawn only when the view-model publishes a new plot.
 */
public final class LossChartView {
    private final LossChartViewModel vm;
    private final Parent root;
    private final XYChart.Series<Number, Number> raw = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> smooth = new XYChart.Series<>();

    @FXML private LineChart<Number, Number> chart;
    @FXML private LineChart<Number, Number> accuracyChart;
    @FXML private Label summaryLabel;

    public LossChartView(LossChartViewModel vm) {
        this.vm = vm;
        this.root = Fxml.load(this);
    }

    public Parent root() { return root; }

    /** For tests: the chart. */
    public LineChart<Number, Number> chart() { return chart; }

    /** For tests: the accuracy-per-epoch chart. */
    public LineChart<Number, Number> accuracyChart() { return accuracyChart; }

    @FXML
    private void initialize() {
        raw.setName("loss");
        smooth.setName("smoothed (EMA)");
        chart.setCreateSymbols(false);
        chart.setAnimated(false);
        chart.getData().add(raw);
        chart.getData().add(smooth);
        summaryLabel.textProperty().bind(vm.summaryProperty());
        vm.plotProperty().addListener((o, a, p) -> show(p));
        show(vm.plotProperty().get());
        // A few points per epoch: symbols are cheap here and show where the measurements are.
        accuracyChart.setAnimated(false);
        vm.accuracyProperty().addListener((o, a, p) -> showAccuracy(p));
        showAccuracy(vm.accuracyProperty().get());
    }

    private void showAccuracy(AccuracyPlot p) {
        List<XYChart.Series<Number, Number>> all = new ArrayList<>();
        for (AccuracyPlot.Series s : p.series()) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(s.name());
            series.getData().setAll(points(s.epochs(), s.values()));
            all.add(series);
        }
        accuracyChart.getData().setAll(all);
        accuracyChart.setVisible(!all.isEmpty());
        accuracyChart.setManaged(!all.isEmpty());
    }

    private void show(LossPlot p) {
        raw.getData().setAll(points(p.rawX(), p.rawY()));
        smooth.getData().setAll(points(p.smoothX(), p.smoothY()));
    }

    private static List<XYChart.Data<Number, Number>> points(double[] x, double[] y) {
        List<XYChart.Data<Number, Number>> out = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) out.add(new XYChart.Data<>(x[i], y[i]));
        return out;
    }
}
