package org.tapedeck.app.tape;

import java.util.List;
import java.util.Locale;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.tapedeck.app.feed.GradientSource;
import org.tapedeck.app.feed.SessionEvent;
import org.tapedeck.engine.events.Phase;

/**
 * The tape of the current training step: the ops a {@code GradientTape} recorded and the backward
 * ops of {@code gradient}, as a {@link TapeGraph}, plus the last gradient's sources with their
 * gradients. A step's graph stays until the next step's first op.
 *
 * <pre>{@code
 * TapeViewModel vm = new TapeViewModel();
 * vm.accept(feed.drain());
 * vm.graph().nodes();        // redraw when revisionProperty() changes
 * vm.gradients();            // (variable, value, gradient) of the last gradient
 * }</pre>
 */
public final class TapeViewModel {
    public static final int MAX_NODES = 1_500;

    private final TapeGraph graph = new TapeGraph(MAX_NODES);
    private final ObservableList<GradientSource> gradients = FXCollections.observableArrayList();
    // NOTE: one wrapper, kept: a read-only wrapper only weakly listens to its list, so a fresh one per
    // call could be collected with the views' listeners on it.
    private final ObservableList<GradientSource> gradientsReadOnly = FXCollections.unmodifiableObservableList(gradients);
    private final ObjectProperty<TapeGraph.Node> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObjectProperty<GradientSource> selectedGradient = new SimpleObjectProperty<>(this, "selectedGradient");
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "No step recorded yet.");
    private boolean stepOver;
    private long step;

    public TapeGraph graph() { return graph; }

    /** The sources of the last {@code GradientTape.gradient} with their gradients. */
    public ObservableList<GradientSource> gradients() { return gradientsReadOnly; }

    /** The node the user clicked. */
    public ObjectProperty<TapeGraph.Node> selectedProperty() { return selected; }

    /** The gradient the user picked in the list. */
    public ObjectProperty<GradientSource> selectedGradientProperty() { return selectedGradient; }

    /** Changes whenever the graph does. */
    public ReadOnlyLongProperty revisionProperty() { return revision.getReadOnlyProperty(); }

    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }

    /** Takes one batch from the feed (UI thread). */
    public void accept(List<SessionEvent> batch) {
        boolean changed = false;
        List<GradientSource> lastSources = null;
        // NOTE: a batch can span many steps while the program runs; only the last step's graph is
        // kept, so the ops of the steps that end inside this batch are not drawn up at all.
        int skipUntil = lastStepEndFollowedByOps(batch);
        for (int i = 0; i < batch.size(); i++) {
            SessionEvent e = batch.get(i);
            if (e instanceof SessionEvent.OpRan r) {
                if (i < skipUntil || r.wiring() == null) continue;
                if (stepOver) {
                    graph.clear();
                    if (selected.get() != null) selected.set(null);
                    stepOver = false;
                }
                graph.addOp(r.row(), r.wiring());
                changed = true;
            } else if (e instanceof SessionEvent.GradientRan g) {
                if (i >= skipUntil) graph.markGradient(g.event().target().id(), g.sources());
                lastSources = g.sources();
                changed = true;
            } else if (e instanceof SessionEvent.StepEnded s) {
                graph.knowVariables(s.variables());
                step = s.step().iteration();
                stepOver = true;
                changed = true;
            } else if (e instanceof SessionEvent.Reset) {
                graph.reset();
                gradients.clear();
                lastSources = null;
                selected.set(null);
                selectedGradient.set(null);
                stepOver = false;
                step = 0;
                changed = true;
            }
        }
        if (lastSources != null) gradients.setAll(lastSources);
        if (changed) {
            summary.set(describe());
            revision.set(revision.get() + 1);
        }
    }

    /** The index of the batch's last step end if a recorded op follows it (those before are superseded), else -1. */
    private static int lastStepEndFollowedByOps(List<SessionEvent> batch) {
        boolean opAfter = false;
        for (int i = batch.size() - 1; i >= 0; i--) {
            SessionEvent e = batch.get(i);
            if (e instanceof SessionEvent.OpRan r && r.wiring() != null) opAfter = true;
            else if (e instanceof SessionEvent.StepEnded) return opAfter ? i : -1;
            else if (e instanceof SessionEvent.Reset) return -1;
        }
        return -1;
    }

    private String describe() {
        if (graph.isEmpty()) return "No ops recorded on a tape in this step yet.";
        long forward = graph.nodes().stream().filter(n -> n.phase() == Phase.FORWARD).count();
        long backward = graph.nodes().stream().filter(n -> n.phase() == Phase.BACKWARD).count();
        String which = stepOver ? "step " + step + " (done)" : "step " + (step + 1);
        String s = String.format(Locale.ROOT, "%s: %d recorded ops, %d backward ops", which, forward, backward);
        return graph.truncated() ? s + " (first " + MAX_NODES + " nodes)" : s;
    }
}
