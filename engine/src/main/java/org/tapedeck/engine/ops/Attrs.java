package org.tapedeck.engine.ops;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An op's attributes (axes, transpose flags, ...): a small immutable name/value list, in the
 * order given. Kernels read them; events show them.
 *
 * <pre>{@code
 * Attrs a = Attrs.of("transpose_a", false, "transpose_b", true);
 * a.bool("transpose_b");  // true
 * }</pre>
 */
public final class Attrs {
    public static final Attrs EMPTY = new Attrs(new Object[0]);

    private final Object[] pairs;

    private Attrs(Object[] pairs) { this.pairs = pairs; }

    /** {@code of(name1, value1, name2, value2, ...)}; int arrays are copied. */
    public static Attrs of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("attrs come in name/value pairs");
        Object[] copy = namesAndValues.clone();
        for (int i = 1; i < copy.length; i += 2) {
            if (copy[i] instanceof int[] a) copy[i] = a.clone();
        }
        return new Attrs(copy);
    }

    public Object get(String name) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(name)) return pairs[i + 1];
        }
        throw new IllegalArgumentException("no attribute '" + name + "' in " + this);
    }

    public boolean bool(String name) { return (Boolean) get(name); }

    public int integer(String name) { return ((Number) get(name)).intValue(); }

    public double number(String name) { return ((Number) get(name)).doubleValue(); }

    /** An int[] attribute (a copy). */
    public int[] ints(String name) { return ((int[]) get(name)).clone(); }

    /** The attributes as an ordered map (int[] values shown as lists). */
    public Map<String, Object> asMap() {
        if (pairs.length == 0) return Collections.emptyMap();
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object v = pairs[i + 1];
            m.put((String) pairs[i], v instanceof int[] a ? Arrays.toString(a) : v);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() { return asMap().toString(); }
}
