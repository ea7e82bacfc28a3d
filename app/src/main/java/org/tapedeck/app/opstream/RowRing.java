package org.tapedeck.app.opstream;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javafx.collections.ObservableListBase;

/**
 * A read-only observable list that drops from its front and appends at its back in O(1) per
 * element: a growable ring buffer. {@code ObservableList.remove(0, n)} on an array-backed list
 * removes one element at a time, each shifting the whole list, which at 100,000 rows costs more
 * than a UI frame; this list does it in one step and one change event.
 *
 * <pre>{@code
 * RowRing<OpRow> rows = new RowRing<>();
 * rows.append(newRows);
 * rows.dropFirst(500);
 * tableView.setItems(rows);
 * }</pre>
 */
final class RowRing<T> extends ObservableListBase<T> {
    private Object[] items = new Object[1024];
    private int head;
    private int size;

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException("index " + index + ", size " + size);
        return (T) items[(head + index) % items.length];
    }

    @Override
    public int size() { return size; }

    /** Appends {@code added} at the end, as one change. */
    void append(Collection<? extends T> added) {
        if (added.isEmpty()) return;
        ensureCapacity(size + added.size());
        int from = size;
        for (T t : added) {
            items[(head + size) % items.length] = t;
            size++;
        }
        beginChange();
        nextAdd(from, size);
        endChange();
    }

    /** Removes the first {@code n} elements, as one change. */
    void dropFirst(int n) {
        n = Math.min(n, size);
        if (n <= 0) return;
        List<T> removed = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = (head + i) % items.length;
            @SuppressWarnings("unchecked")
            T t = (T) items[at];
            removed.add(t);
            items[at] = null;
        }
        head = (head + n) % items.length;
        size -= n;
        beginChange();
        nextRemove(0, removed);
        endChange();
    }

    /** Replaces everything, as one change. */
    void replaceAll(Collection<? extends T> all) {
        List<T> removed = new ArrayList<>(this);
        items = new Object[Math.max(1024, Integer.highestOneBit(Math.max(1, all.size())) * 2)];
        head = 0;
        size = 0;
        for (T t : all) items[size++] = t;
        beginChange();
        if (!removed.isEmpty()) nextRemove(0, removed);
        if (size > 0) nextAdd(0, size);
        endChange();
    }

    private void ensureCapacity(int needed) {
        if (needed <= items.length) return;
        int cap = items.length;
        while (cap < needed) cap *= 2;
        Object[] next = new Object[cap];
        for (int i = 0; i < size; i++) next[i] = items[(head + i) % items.length];
        items = next;
        head = 0;
    }
}
