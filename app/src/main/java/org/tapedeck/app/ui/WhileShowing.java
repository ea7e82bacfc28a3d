package org.tapedeck.app.ui;

import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Gives a list or table its items only while it shows (while its tab is selected), so that a
 * hidden one costs nothing when they change; once it shows again it gets them back, up to date.
 * NOTE: in JavaFX 21 a change to the items of a {@code ListView} or {@code TableView}, in view or
 * not, is followed on the next pulse by a repaint of the whole window ({@code -Djavafx.pulseLogger=true}:
 * all ~600 nodes, 150-300 ms with the software renderer). The variables table and the gradient
 * list, updated at every step in tabs no one looked at, cost the training that much every second.
 *
 * <pre>{@code
 * WhileShowing.items(table.itemsProperty(), vm.variables(), variablesTab.selectedProperty());
 * }</pre>
 */
public final class WhileShowing {
    private WhileShowing() {}

    /** Sets {@code target} to {@code items} while {@code showing} is true, to an empty list otherwise. */
    public static <T> void items(ObjectProperty<ObservableList<T>> target, ObservableList<T> items,
                                 ObservableValue<Boolean> showing) {
        ObservableList<T> none = FXCollections.emptyObservableList();
        target.set(Boolean.TRUE.equals(showing.getValue()) ? items : none);
        showing.addListener((o, was, is) -> target.set(Boolean.TRUE.equals(is) ? items : none));
    }
}
