package org.tapedeck.app.opstream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.tapedeck.app.feed.RecentOps;
import org.tapedeck.app.feed.SessionEvent;
import org.tapedeck.app.session.SessionState;
import org.tapedeck.engine.backend.TensorStats;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.Phase;

/**
 * The op stream: every executed op as a row, newest last, filtered by a text search and by
 * phase. Keeps the last {@link #ROW_CAPACITY} rows; the tensors of the most recent ops are kept by
 * the engine-side {@link RecentOps}. Fed in batches on the UI thread; needs no running toolkit.
 *
 * <p>While the program runs, the table holds still: new rows go to the history, and reach the
 * table once the program pauses or ends. NOTE: at thousands of ops a second no one can read rows
 * as they pass, and every change to a JavaFX table's rows costs a restyle of its cells and, on the
 * next pulse, a repaint of the whole window (150-300 ms with the software renderer, measured with
 * {@code -Djavafx.pulseLogger=true}), taken from the cores the training runs on.
 *
 * <pre>{@code
 * OpStreamViewModel vm = new OpStreamViewModel(feed.recentOps());
 * vm.accept(feed.drain());
 * vm.searchProperty().set("matmul");   // rows() now holds the MatMul ops only
 * }</pre>
 */
public final class OpStreamViewModel {
    public static final int ROW_CAPACITY = 100_000;
    public static final int EVENT_CAPACITY = RecentOps.DEFAULT_CAPACITY;
    static final String NO_OPS_YET = "No op has run yet. Step (F7) or continue (F9).";

    private final OpHistory history;
    private final RecentOps recent;
    private final RowRing<OpRow> visible = new RowRing<>();
    private final TreeSet<String> opNameSet = new TreeSet<>();
    private final ObservableList<String> opNames = FXCollections.observableArrayList();
    // NOTE: one wrapper, kept: a read-only wrapper only weakly listens to its list, so a fresh one per
    // call could be collected with the views' listeners on it.
    private final ObservableList<String> opNamesReadOnly = FXCollections.unmodifiableObservableList(opNames);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final BooleanProperty showForward = new SimpleBooleanProperty(this, "showForward", true);
    private final BooleanProperty showBackward = new SimpleBooleanProperty(this, "showBackward", true);
    private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);
    private final ObjectProperty<OpRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "no ops yet");
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper(this, "emptyText", NO_OPS_YET);
    private final ReadOnlyLongWrapper appended = new ReadOnlyLongWrapper(this, "appended");

    // The output statistics of ops let go while paused or stepping, newest last, at most one per kept row.
    private final LinkedHashMap<Long, TensorStats> forgotten = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, TensorStats> eldest) { return size() > history.rowCapacity(); }
    };
    private boolean running;
    // The newest row the table has caught up with (whether it passed the filters or not).
    private long shownUpTo = -1;

    /** A stream over {@code recent}'s ops that keeps the last {@link #ROW_CAPACITY} rows. */
    public OpStreamViewModel(RecentOps recent) { this(recent, ROW_CAPACITY); }

    /** @param rowCapacity rows kept (and shown once the program pauses) */
    public OpStreamViewModel(RecentOps recent, int rowCapacity) {
        this.recent = recent;
        history = new OpHistory(rowCapacity);
        search.addListener((o, a, b) -> refilter());
        showForward.addListener((o, a, b) -> refilter());
        showBackward.addListener((o, a, b) -> refilter());
    }

    /** The rows that pass the filters, oldest first. */
    public ObservableList<OpRow> rows() { return visible; }

    /** Op names seen so far, sorted (for breakpoint suggestions). */
    public ObservableList<String> opNames() { return opNamesReadOnly; }

    public StringProperty searchProperty() { return search; }

    public BooleanProperty showForwardProperty() { return showForward; }

    public BooleanProperty showBackwardProperty() { return showBackward; }

    /** Whether the view keeps the newest row in sight. */
    public BooleanProperty followProperty() { return follow; }

    /** The row the user (or a pause) selected; its whole event via {@link #selectedEvent()}. */
    public ObjectProperty<OpRow> selectedProperty() { return selected; }

    /** "1,234 ops · 1,234 shown", with a note once older rows have been dropped. */
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }

    /** What the table says when it shows no row: that no op ran yet, that the program runs, or that the filters hide every row. */
    public ReadOnlyStringProperty emptyTextProperty() { return emptyText.getReadOnlyProperty(); }

    /** Counts batches that appended rows: the view scrolls to the end when it changes and follow is on. */
    public ReadOnlyLongProperty appendedProperty() { return appended.getReadOnlyProperty(); }

    /** The selected op with its tensors, or null when none is selected or it is too old. */
    public OpEvent selectedEvent() {
        OpRow r = selected.get();
        return r == null ? null : recent.event(r.sequence());
    }

    public OpEvent event(long sequence) { return recent.event(sequence); }

    /** The statistics an op's output had when it was let go (paused or stepping), or null. */
    public TensorStats forgottenStats(long sequence) { return forgotten.get(sequence); }

    /** The newest op with its tensors, or null. */
    public OpEvent lastEvent() { return recent.last(); }

    /** Selects the newest row (shown or not); no-op when there is none. */
    public void selectLast() {
        OpEvent last = recent.last();
        if (last == null) return;
        for (int i = visible.size() - 1; i >= 0 && i >= visible.size() - 64; i--) {
            if (visible.get(i).sequence() == last.sequence()) {
                selected.set(visible.get(i));
                return;
            }
        }
        selected.set(OpRow.of(last));
    }

    /** The engine-side keeper of the recent ops' tensors. */
    public RecentOps recent() { return recent; }

    /** Takes one batch from the feed (UI thread). */
    public void accept(List<SessionEvent> batch) {
        if (batch.isEmpty()) return;
        List<OpRow> added = new ArrayList<>();
        for (SessionEvent e : batch) {
            if (e instanceof SessionEvent.OpRan r) {
                added.add(r.row());
            } else if (e instanceof SessionEvent.OpForgotten f) {
                forgotten.put(f.sequence(), f.output());
            } else if (e instanceof SessionEvent.Reset) {
                added.clear();
                forgotten.clear();
                clear();
            } else if (e instanceof SessionEvent.StateChanged s) {
                running = s.state() == SessionState.RUNNING;
            }
        }
        history.add(added);
        boolean newNames = false;
        for (OpRow r : added) newNames |= opNameSet.add(r.opName());
        // One change for the batch: the breakpoint field's suggestions list them.
        if (newNames) opNames.setAll(opNameSet);
        if (!running) catchUp();
        if (history.total() > 0) updateSummary();
    }

    /** Shows the rows that arrived since the table last caught up and pass the filters, and drops those no longer kept. */
    private void catchUp() {
        dropFront(history.oldestSequence());
        List<OpRow> shown = new ArrayList<>();
        String q = query();
        for (Iterator<OpRow> it = history.descendingIterator(); it.hasNext(); ) {
            OpRow r = it.next();
            if (r.sequence() <= shownUpTo) break;
            if (passes(r, q)) shown.add(r);
        }
        shownUpTo = history.newestSequence();
        if (shown.isEmpty()) return;
        Collections.reverse(shown);
        visible.append(shown);
        appended.set(appended.get() + 1);
    }

    /** Removes, in one change, the shown rows older than {@code oldestKept}. */
    private void dropFront(long oldestKept) {
        int n = 0;
        while (n < visible.size() && visible.get(n).sequence() < oldestKept) n++;
        visible.dropFirst(n);
    }

    /** Shows every kept row that passes the filters, the ones a running program added included. */
    private void refilter() {
        String q = query();
        List<OpRow> shown = new ArrayList<>();
        for (Iterator<OpRow> it = history.iterator(); it.hasNext(); ) {
            OpRow r = it.next();
            if (passes(r, q)) shown.add(r);
        }
        shownUpTo = history.newestSequence();
        visible.replaceAll(shown);
        updateSummary();
    }

    private String query() {
        String s = search.get();
        return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    }

    private boolean passes(OpRow r, String q) {
        boolean phaseOk = r.phase() == Phase.FORWARD ? showForward.get() : showBackward.get();
        return phaseOk && r.matches(q);
    }

    private void updateSummary() {
        long total = history.total();
        String s = running
                ? String.format(Locale.ROOT, "%,d ops \u00b7 running: the table shows the new ones when the program pauses", total)
                : String.format(Locale.ROOT, "%,d ops \u00b7 %,d shown", total, visible.size());
        if (total > history.size()) s += String.format(Locale.ROOT, " \u00b7 only the last %,d kept", history.rowCapacity());
        summary.set(s);
        emptyText.set(total == 0 ? NO_OPS_YET
                : running ? "The program runs: its ops appear here when it pauses."
                : "No op matches the filters.");
    }

    private void clear() {
        history.clear();
        shownUpTo = -1;
        visible.replaceAll(List.of());
        opNameSet.clear();
        opNames.clear();
        selected.set(null);
        summary.set("no ops yet");
        emptyText.set(NO_OPS_YET);
    }
}
