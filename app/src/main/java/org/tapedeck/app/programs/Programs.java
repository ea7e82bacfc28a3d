package org.tapedeck.app.programs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.tapedeck.app.examples.Example;
import org.tapedeck.app.examples.Examples;

/**
 * The programs the debugger knows by name: the built-in demo training and the tutorial's
 * examples. {@link #DEFAULT} is what {@code tapedeck} with no arguments debugs: the tutorial's
 * MNIST training ({@code train}).
 */
public final class Programs {
    /** The program {@code tapedeck} opens when given none: the tutorial's MNIST training. */
    public static final String DEFAULT = "train";

    private Programs() {}

    /** Every named program, the default first. */
    public static List<ProgramEntry> all() {
        List<ProgramEntry> all = new ArrayList<>();
        all.add(new ProgramEntry(DemoTraining.NAME, DemoTraining.DESCRIPTION, new DemoTraining()));
        for (Example e : Examples.all()) all.add(new ProgramEntry(e.name(), e.description(), e::run));
        all.sort((a, b) -> Boolean.compare(!a.name().equals(DEFAULT), !b.name().equals(DEFAULT)));
        return List.copyOf(all);
    }

    public static Optional<ProgramEntry> named(String name) {
        return all().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public static ProgramEntry defaultProgram() {
        return named(DEFAULT).orElseThrow(() -> new IllegalStateException("the default program '" + DEFAULT + "' is not registered"));
    }
}
