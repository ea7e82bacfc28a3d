package org.tapedeck.app.ui;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

class WhileShowingTest {
    @Test
    void aHiddenControlHoldsNoItemsAndGetsTheCurrentOnesWhenShown() {
        ObservableList<String> items = FXCollections.observableArrayList("a");
        ObjectProperty<ObservableList<String>> target = new SimpleObjectProperty<>();
        BooleanProperty showing = new SimpleBooleanProperty(false);
        WhileShowing.items(target, items, showing);
        assertTrue(target.get().isEmpty(), "hidden from the start");
        items.add("b");
        assertTrue(target.get().isEmpty(), "a change while hidden does not reach it");
        showing.set(true);
        assertSame(items, target.get());
        showing.set(false);
        assertTrue(target.get().isEmpty());
    }
}
