package org.tapedeck.app.breakpoints;

import java.util.Locale;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.tapedeck.app.session.Breakpoint;
import org.tapedeck.app.session.DebugSession;

/**
 * The breakpoints panel: adds and removes the session's breakpoints (on an op type, on the first
 * NaN/Inf, on a loss above a threshold, inside a layer). The session applies them from its next op.
 *
 * <pre>{@code
 * BreakpointsViewModel vm = new BreakpointsViewModel(session);
 * vm.kindProperty().set(Kind.LOSS_ABOVE);
 * vm.argumentProperty().set("2.5");
 * vm.add();            // false, with errorProperty() saying why, when the argument is bad
 * }</pre>
 */
public final class BreakpointsViewModel {

    /** The kinds of breakpoint the panel offers. */
    public enum Kind {
        OP("Op type", "e.g. MatMul"),
        NON_FINITE("NaN or Inf", ""),
        LOSS_ABOVE("Loss above", "e.g. 10"),
        LAYER("Layer", "e.g. Dense");

        private final String label;
        private final String hint;

        Kind(String label, String hint) {
            this.label = label;
            this.hint = hint;
        }

        public String hint() { return hint; }

        public boolean needsArgument() { return this != NON_FINITE; }

        @Override
        public String toString() { return label; }
    }

    private final DebugSession session;
    private final ObservableList<Breakpoint> breakpoints = FXCollections.observableArrayList();
    // NOTE: one wrapper, kept: a read-only wrapper only weakly listens to its list, so a fresh one per
    // call could be collected with the views' listeners on it.
    private final ObservableList<Breakpoint> breakpointsReadOnly = FXCollections.unmodifiableObservableList(breakpoints);
    private final ObjectProperty<Kind> kind = new SimpleObjectProperty<>(this, "kind", Kind.OP);
    private final StringProperty argument = new SimpleStringProperty(this, "argument", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    public BreakpointsViewModel(DebugSession session) {
        this.session = session;
        breakpoints.setAll(session.breakpoints());
        kind.addListener((o, a, b) -> error.set(""));
        argument.addListener((o, a, b) -> error.set(""));
    }

    public ObservableList<Breakpoint> breakpoints() { return breakpointsReadOnly; }

    public ObjectProperty<Kind> kindProperty() { return kind; }

    /** The op name, loss threshold or layer name of the breakpoint to add. */
    public StringProperty argumentProperty() { return argument; }

    /** Why the last {@link #add()} failed, or "". */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

    /** Adds the breakpoint described by kind and argument; false (and an error) when it makes no sense. */
    public boolean add() {
        String arg = argument.get() == null ? "" : argument.get().trim();
        Breakpoint b;
        switch (kind.get()) {
            case OP -> {
                if (arg.isEmpty()) return fail("Name the op type to stop at (e.g. MatMul).");
                b = new Breakpoint.OnOp(arg);
            }
            case NON_FINITE -> b = new Breakpoint.OnNonFinite();
            case LOSS_ABOVE -> {
                double t;
                try {
                    t = Double.parseDouble(arg);
                } catch (NumberFormatException e) {
                    return fail("The loss threshold must be a number, got '" + arg + "'.");
                }
                if (Double.isNaN(t)) return fail("The loss threshold must be a number, got NaN.");
                b = new Breakpoint.OnLossAbove(t);
            }
            case LAYER -> {
                if (arg.isEmpty()) return fail("Name the layer to stop in (its class or Keras-style name).");
                b = new Breakpoint.OnLayer(arg);
            }
            default -> throw new IllegalStateException(String.valueOf(kind.get()));
        }
        if (session.breakpoints().contains(b)) return fail("There is already a breakpoint " + b.describe() + ".");
        session.addBreakpoint(b);
        breakpoints.add(b);
        argument.set("");
        error.set("");
        return true;
    }

    /** Adds one directly (the NaN toggle, or a caller that built its own). */
    public void add(Breakpoint b) {
        if (session.breakpoints().contains(b)) return;
        session.addBreakpoint(b);
        breakpoints.add(b);
    }

    public void remove(Breakpoint b) {
        session.removeBreakpoint(b);
        breakpoints.remove(b);
    }

    private boolean fail(String why) {
        error.set(why);
        return false;
    }

    /** "before op MatMul", for the list. */
    public static String describe(Breakpoint b) {
        String d = b.describe();
        return d.substring(0, 1).toUpperCase(Locale.ROOT) + d.substring(1);
    }
}
