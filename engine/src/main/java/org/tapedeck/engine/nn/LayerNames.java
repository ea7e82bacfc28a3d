package org.tapedeck.engine.nn;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keras' automatic layer names: the class name in snake case, numbered per name from zero
 * ({@code conv2d}, {@code conv2d_1}, ...), until {@link Layer#clearSession()} starts over.
 */
final class LayerNames {
    private static final Map<String, Integer> COUNTS = new HashMap<>();
    private static final Pattern WORD = Pattern.compile("(.)([A-Z][a-z0-9]+)");
    private static final Pattern HUMP = Pattern.compile("([a-z])([A-Z])");

    private LayerNames() {}

    /** The next free name for {@code prefix}: the prefix itself, then {@code prefix_1}, ... */
    static synchronized String unique(String prefix) {
        int n = COUNTS.merge(prefix, 1, Integer::sum) - 1;
        return n == 0 ? prefix : prefix + "_" + n;
    }

    static synchronized void reset() { COUNTS.clear(); }

    /**
     * {@code GlobalAveragePooling2D} to {@code global_average_pooling2d}, {@code Conv2D} to
     * {@code conv2d}, as Keras' {@code to_snake_case}: a capitalised word gets an underscore before
     * it, and so does a capital right after a lower-case letter.
     */
    static String snakeCase(String className) {
        if (className.isEmpty()) return "layer";
        String words = WORD.matcher(className).replaceAll("$1_$2");
        return HUMP.matcher(words).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
