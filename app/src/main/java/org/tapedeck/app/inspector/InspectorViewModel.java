package org.tapedeck.app.inspector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.tapedeck.app.ui.EngineAccess;
import org.tapedeck.app.ui.Formats;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.TensorStats;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The tensor inspector: a set of tensors (an op's inputs and output, a variable and its gradient),
 * one of them selected, read on the engine thread into a {@link TensorSnapshot}, and shown as
 * facts, a 2-D slice (heatmap and value grid) and a histogram.
 *
 * <pre>{@code
 * InspectorViewModel vm = new InspectorViewModel(EngineAccess.direct());
 * vm.showOp(opEvent);                    // selects the output
 * vm.snapshotProperty().get().stats();   // min, max, mean, ...
 * vm.selectors().get(0).indexProperty().set(3);   // another batch index: slice() follows
 * }</pre>
 */
public final class InspectorViewModel {
    private final EngineAccess engine;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "Nothing selected");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message",
            "Select an op in the op stream or a node of the tape.");
    private final ObservableList<TensorRef> tensors = FXCollections.observableArrayList();
    // NOTE: one wrapper, kept: a read-only wrapper only weakly listens to its list, so a fresh one per
    // call could be collected with the views' listeners on it.
    private final ObservableList<TensorRef> tensorsReadOnly = FXCollections.unmodifiableObservableList(tensors);
    private final ObjectProperty<TensorRef> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<TensorSnapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final ObservableList<Fact> facts = FXCollections.observableArrayList();
    // NOTE: one wrapper, kept: a read-only wrapper only weakly listens to its list, so a fresh one per
    // call could be collected with the views' listeners on it.
    private final ObservableList<Fact> factsReadOnly = FXCollections.unmodifiableObservableList(facts);
    private final ObservableList<SelectorModel> selectors = FXCollections.observableArrayList();
    // NOTE: one wrapper, kept: a read-only wrapper only weakly listens to its list, so a fresh one per
    // call could be collected with the views' listeners on it.
    private final ObservableList<SelectorModel> selectorsReadOnly = FXCollections.unmodifiableObservableList(selectors);
    private final ReadOnlyObjectWrapper<Slice2D> slice = new ReadOnlyObjectWrapper<>(this, "slice");
    private SliceLayout layout;
    private long request;

    public InspectorViewModel(EngineAccess engine) {
        this.engine = engine;
        selected.addListener((o, a, b) -> load(b));
    }

    public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }

    /** Why nothing (or not everything) is shown, or "" when all is well. */
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }

    public ObservableList<TensorRef> tensors() { return tensorsReadOnly; }

    /** The tensor shown; the view sets it when the user picks another. */
    public ObjectProperty<TensorRef> selectedProperty() { return selected; }

    public ReadOnlyObjectProperty<TensorSnapshot> snapshotProperty() { return snapshot.getReadOnlyProperty(); }

    public ObservableList<Fact> facts() { return factsReadOnly; }

    public ObservableList<SelectorModel> selectors() { return selectorsReadOnly; }

    /** The 2-D slice the heatmap and grid show, for the selectors' current indices. */
    public ReadOnlyObjectProperty<Slice2D> sliceProperty() { return slice.getReadOnlyProperty(); }

    /** Shows an op whose tensors stay readable (the op the engine is paused at). */
    public void showOp(OpEvent e) { showOp(e, () -> true); }

    /**
     * Shows an op: its inputs and, once it ran, its output (selected first). {@code readable} says,
     * on the engine thread, whether its tensors are still held.
     */
    public void showOp(OpEvent e, BooleanSupplier readable) {
        List<TensorRef> refs = new ArrayList<>();
        for (int i = 0; i < e.inputs().size(); i++) {
            Tensor t = e.inputs().get(i);
            if (t != null) refs.add(new TensorRef("input " + i, t, readable));
        }
        TensorRef out = e.output() == null ? null : new TensorRef("output", e.output(), readable);
        if (out != null) refs.add(out);
        String state = e.output() == null ? (e.failure() != null ? " \u2014 failed" : " \u2014 not run yet") : "";
        show(String.format(Locale.ROOT, "#%d %s (%s)%s", e.sequence(), e.opName(), e.phase().name().toLowerCase(Locale.ROOT), state),
                refs, out != null ? out : (refs.isEmpty() ? null : refs.get(0)));
        if (e.failure() != null) message.set(e.failure().getMessage());
    }

    /** Shows a set of tensors under a title, selecting {@code initial} (or the first). */
    public void show(String heading, List<TensorRef> refs, TensorRef initial) {
        title.set(heading);
        tensors.setAll(refs);
        TensorRef pick = initial != null ? initial : (refs.isEmpty() ? null : refs.get(0));
        if (pick == selected.get()) load(pick);
        else selected.set(pick);
        if (refs.isEmpty()) message.set("This op has no tensors.");
    }

    /** Shows an op whose tensors are no longer kept. */
    public void showForgotten(String heading, String why) {
        title.set(heading);
        tensors.clear();
        selected.set(null);
        facts.clear();
        message.set(why);
    }

    /** Shows an op whose tensors are no longer kept, with its output's statistics from when they were. */
    public void showForgotten(String heading, String why, Shape shape, DType dtype, Device device, TensorStats output) {
        showForgotten(heading, why);
        facts.setAll(facts(shape, dtype, device, output));
    }

    private static List<Fact> facts(Shape shape, DType dtype, Device device, TensorStats st) {
        return List.of(
                new Fact("shape", shape.toString(), false),
                new Fact("dtype", dtype.toString(), false),
                new Fact("device", device.toString(), false),
                new Fact("size", String.format(Locale.ROOT, "%,d", st.count()), false),
                new Fact("min", Formats.number(st.min()), false),
                new Fact("max", Formats.number(st.max()), false),
                new Fact("mean", Formats.number(st.mean()), false),
                new Fact("std", Formats.number(st.std()), false),
                new Fact("NaN", Long.toString(st.nanCount()), st.nanCount() > 0),
                new Fact("Inf", Long.toString(st.infCount()), st.infCount() > 0),
                new Fact("zeros", String.format(Locale.ROOT, "%,d", st.zeroCount()), false));
    }

    public void clear() {
        title.set("Nothing selected");
        tensors.clear();
        selected.set(null);
        message.set("Select an op in the op stream or a node of the tape.");
    }

    private void load(TensorRef ref) {
        long id = ++request;
        snapshot.set(null);
        facts.clear();
        selectors.clear();
        slice.set(null);
        layout = null;
        if (ref == null) return;
        message.set("Reading " + ref.label() + "\u2026");
        engine.request(() -> TensorSnapshot.capture(ref), snap -> {
            if (id == request) apply(snap);
        }, err -> {
            if (id == request) message.set("Cannot read " + ref.label() + ": " + err);
        });
    }

    private void apply(TensorSnapshot s) {
        message.set("");
        snapshot.set(s);
        facts.setAll(facts(s.shape(), s.dtype(), s.device(), s.stats()));
        layout = SliceLayout.of(s.shape());
        List<SelectorModel> sels = new ArrayList<>();
        for (SliceLayout.Selector sel : layout.selectors()) {
            SelectorModel m = new SelectorModel(sel.label(), sel.size());
            m.indexProperty().addListener((o, a, b) -> reslice());
            sels.add(m);
        }
        selectors.setAll(sels);
        reslice();
    }

    private void reslice() {
        TensorSnapshot s = snapshot.get();
        if (s == null || layout == null) return;
        int[] sel = new int[selectors.size()];
        for (int i = 0; i < sel.length; i++) sel[i] = selectors.get(i).indexProperty().get();
        slice.set(layout.slice(s.values(), sel));
    }
}
