package org.tapedeck.app.inspector;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;

/** A slice selector as the view shows it: a label, the index range {@code [0, size)} and the chosen index. */
public final class SelectorModel {
    private final String label;
    private final int size;
    private final IntegerProperty index = new SimpleIntegerProperty(this, "index", 0);

    SelectorModel(String label, int size) {
        this.label = label;
        this.size = size;
        index.addListener((o, a, b) -> {
            int v = b.intValue();
            if (v < 0 || v >= size) index.set(Math.max(0, Math.min(size - 1, v)));
        });
    }

    public String label() { return label; }

    public int size() { return size; }

    public IntegerProperty indexProperty() { return index; }
}
