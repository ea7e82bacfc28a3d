package org.tapedeck.engine.ops;

import java.lang.reflect.Array;

import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.testing.RefTensor;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The {@code attrs} object of a reference case, read as the Java arguments of a {@code TF} call.
 *
 * <pre>{@code
 * CaseAttrs a = new CaseAttrs(json);
 * if (a.has("axis")) TF.reduceSum(x, a.integer("axis"));
 * }</pre>
 */
final class CaseAttrs {
    private final JsonObject o;

    CaseAttrs(JsonObject o) { this.o = o; }

    boolean has(String name) { return o.has(name); }

    private JsonElement get(String name) {
        JsonElement e = o.get(name);
        if (e == null) throw new IllegalArgumentException("reference case lacks attribute '" + name + "' in " + o);
        return e;
    }

    int integer(String name) { return get(name).getAsInt(); }

    boolean bool(String name) { return get(name).getAsBoolean(); }

    String string(String name) { return get(name).getAsString(); }

    /** A number, which may be written as Python's float text ("inf", "nan"). */
    double number(String name) { return RefTensor.parseFloat(get(name).getAsString()); }

    DType dtype(String name) { return DType.of(string(name)); }

    int[] ints(String name) {
        JsonArray a = get(name).getAsJsonArray();
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
        return out;
    }

    Shape shape(String name) { return Shape.of(ints(name)); }

    int[][] intMatrix(String name) {
        JsonArray a = get(name).getAsJsonArray();
        int[][] out = new int[a.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonArray row = a.get(i).getAsJsonArray();
            out[i] = new int[row.size()];
            for (int j = 0; j < out[i].length; j++) out[i][j] = row.get(j).getAsInt();
        }
        return out;
    }

    /**
     * A nested JSON list as the nested Java value {@code TF.constant} gets: a typed (possibly
     * ragged) primitive array such as {@code int[][]}, or a boxed scalar. {@code elem} names the
     * Java element type: int, long, float, double, boolean or byte.
     */
    Object nested(String name, String elem) {
        Class<?> leaf = switch (elem) {
            case "int" -> int.class;
            case "long" -> long.class;
            case "float" -> float.class;
            case "double" -> double.class;
            case "boolean" -> boolean.class;
            case "byte" -> byte.class;
            default -> throw new IllegalArgumentException("unknown element type " + elem);
        };
        JsonElement e = get(name);
        return e.isJsonArray() ? build(e.getAsJsonArray(), leaf, depth(e)) : boxed(e, leaf);
    }

    /** Nesting depth along the first elements; an empty list counts as one level. */
    private static int depth(JsonElement e) {
        if (!e.isJsonArray()) return 0;
        JsonArray a = e.getAsJsonArray();
        return 1 + (a.size() == 0 ? 0 : depth(a.get(0)));
    }

    private static Object build(JsonArray a, Class<?> leaf, int depth) {
        Class<?> component = depth == 1 ? leaf : Array.newInstance(leaf, new int[depth - 1]).getClass();
        Object out = Array.newInstance(component, a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonElement e = a.get(i);
            Array.set(out, i, depth == 1 ? boxed(e, leaf) : build(e.getAsJsonArray(), leaf, depth - 1));
        }
        return out;
    }

    private static Object boxed(JsonElement e, Class<?> leaf) {
        if (leaf == int.class) return e.getAsInt();
        if (leaf == long.class) return e.getAsLong();
        if (leaf == float.class) return e.getAsFloat();
        if (leaf == double.class) return e.getAsDouble();
        if (leaf == boolean.class) return e.getAsBoolean();
        return (byte) e.getAsInt();
    }

    @Override
    public String toString() { return o.toString(); }
}
