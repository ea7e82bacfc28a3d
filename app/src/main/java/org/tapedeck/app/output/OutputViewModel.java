package org.tapedeck.app.output;

import java.util.ArrayList;
import java.util.List;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.tapedeck.app.feed.SessionEvent;

/**
 * The program's printed output, line by line, keeping the last {@link #MAX_LINES}.
 *
 * <pre>{@code
 * OutputViewModel vm = new OutputViewModel();
 * vm.accept(feed.drain());
 * vm.lines();   // "epoch 1: loss 1.2, accuracy 0.41", ...
 * }</pre>
 */
public final class OutputViewModel {
    public static final int MAX_LINES = 5_000;

    private final ObservableList<String> lines = FXCollections.observableArrayList();
    // NOTE: one wrapper, kept: a read-only wrapper only weakly listens to its list, so a fresh one per
    // call could be collected with the views' listeners on it.
    private final ObservableList<String> linesReadOnly = FXCollections.unmodifiableObservableList(lines);
    private final StringBuilder partial = new StringBuilder();

    public ObservableList<String> lines() { return linesReadOnly; }

    /** Takes one batch from the feed (UI thread). */
    public void accept(List<SessionEvent> batch) {
        List<String> added = new ArrayList<>();
        for (SessionEvent e : batch) {
            if (e instanceof SessionEvent.Output o) {
                split(o.text(), added);
            } else if (e instanceof SessionEvent.Reset) {
                added.clear();
                partial.setLength(0);
                lines.clear();
                added.add("\u2014 restarted \u2014");
            }
        }
        append(added);
    }

    /** Adds a line of the debugger's own (a failure, say). */
    public void note(String text) {
        List<String> added = new ArrayList<>();
        for (String l : text.split("\n", -1)) added.add(l);
        append(added);
    }

    private void split(String text, List<String> added) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                added.add(partial.toString());
                partial.setLength(0);
            } else if (c != '\r') {
                partial.append(c);
            }
        }
    }

    private void append(List<String> added) {
        if (added.isEmpty()) return;
        int overflow = lines.size() + added.size() - MAX_LINES;
        if (overflow > 0) {
            if (overflow >= lines.size()) {
                lines.setAll(added.subList(added.size() - MAX_LINES > 0 ? added.size() - MAX_LINES : 0, added.size()));
                return;
            }
            lines.remove(0, overflow);
        }
        lines.addAll(added);
    }
}
