package org.tapedeck.app.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.tapedeck.app.feed.GradientSource;
import org.tapedeck.app.feed.SessionEvent;
import org.tapedeck.app.feed.VariableSample;

/**
 * The model's trainable variables as the debugger learns them from gradients: name, shape, value
 * norm, gradient norm and the last step's update:parameter ratio (a healthy SGD step is around
 * 1e-3; far above, the learning rate is too high; far below, too low).
 *
 * <pre>{@code
 * ModelViewModel vm = new ModelViewModel();
 * vm.accept(feed.drain());
 * vm.variables().get(0).updateRatio();
 * }</pre>
 */
public final class ModelViewModel {
    private final Map<String, VariableRow> byName = new LinkedHashMap<>();
    private final ObservableList<VariableRow> rows = FXCollections.observableArrayList();
    // NOTE: one wrapper, kept: a read-only wrapper only weakly listens to its list, so a fresh one per
    // call could be collected with the views' listeners on it.
    private final ObservableList<VariableRow> rowsReadOnly = FXCollections.unmodifiableObservableList(rows);
    private final ObjectProperty<VariableRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper layers = new ReadOnlyStringWrapper(this, "layers", "");

    public ObservableList<VariableRow> variables() { return rowsReadOnly; }

    /**
     * The layers, as the variables' names tell them ({@code conv2d/kernel} belongs to
     * {@code conv2d}), with their parameter counts: "conv2d 160 · conv2d_1 2,320 · dense 170 ·
     * total 2,650".
     */
    public ReadOnlyStringProperty layersProperty() { return layers.getReadOnlyProperty(); }

    /** The variable the user picked (its value and gradient go to the inspector). */
    public ObjectProperty<VariableRow> selectedProperty() { return selected; }

    /** Takes one batch from the feed (UI thread). */
    public void accept(List<SessionEvent> batch) {
        boolean changed = false;
        for (SessionEvent e : batch) {
            if (e instanceof SessionEvent.GradientRan g) {
                for (GradientSource s : g.sources()) {
                    if (!s.variable()) continue;
                    VariableRow old = byName.get(s.name());
                    byName.put(s.name(), new VariableRow(s.name(), s.value().shape().toString(), s.value(), s.gradient(),
                            s.valueNorm(), s.gradientNorm(), old == null ? Double.NaN : old.updateRatio(),
                            old == null ? 0 : old.step()));
                }
                changed = true;
            } else if (e instanceof SessionEvent.StepEnded st) {
                for (VariableSample v : st.variables()) {
                    VariableRow old = byName.get(v.name());
                    byName.put(v.name(), new VariableRow(v.name(), v.shape().toString(), v.value(),
                            old == null ? null : old.gradient(), v.valueNorm(), v.gradientNorm(), v.updateRatio(),
                            st.step().iteration()));
                }
                changed = true;
            } else if (e instanceof SessionEvent.Reset) {
                byName.clear();
                changed = true;
            }
        }
        if (changed) {
            VariableRow sel = selected.get();
            rows.setAll(new ArrayList<>(byName.values()));
            layers.set(layerSummary(byName.values()));
            if (sel != null) selected.set(byName.get(sel.name()));
        }
    }

    static String layerSummary(Iterable<VariableRow> variables) {
        Map<String, Long> params = new LinkedHashMap<>();
        long total = 0;
        for (VariableRow v : variables) {
            int slash = v.name().lastIndexOf('/');
            String layer = slash < 0 ? v.name() : v.name().substring(0, slash);
            long n = v.value() == null ? 0 : v.value().size();
            params.merge(layer, n, Long::sum);
            total += n;
        }
        if (params.isEmpty()) return "";
        StringBuilder sb = new StringBuilder();
        params.forEach((layer, n) -> sb.append(layer).append(' ').append(String.format(Locale.ROOT, "%,d", n)).append(" \u00b7 "));
        return sb.append("total ").append(String.format(Locale.ROOT, "%,d", total)).append(" parameters").toString();
    }
}
