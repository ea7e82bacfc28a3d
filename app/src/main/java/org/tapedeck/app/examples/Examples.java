package org.tapedeck.app.examples;

import java.util.List;
import java.util.Optional;

/** The examples the app knows, in the tutorial's order. */
public final class Examples {
    private static final List<Example> ALL = List.of(
            new EagerExample(), new HelloExample(), new BasicsExample(), new FizzBuzzExample(), new GradientExample(),
            new TrainExample());

    private Examples() {}

    public static List<Example> all() { return ALL; }

    public static Optional<Example> named(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
