package org.tapedeck.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Reads the PyTorch reference values that engine/src/test/python/gen_conv_reference.py wrote under
 * resources/nn, and compares tensors with a tolerance.
 */
public final class ReferenceCases {
    private ReferenceCases() {}

    /** The cases of {@code resources/nn/<file>.json}. */
    public static List<JsonObject> load(String file) {
        String path = "/nn/" + file + ".json";
        try (InputStream in = ReferenceCases.class.getResourceAsStream(path)) {
            assertNotNull(in, "missing test resource " + path + "; run engine/src/test/python/gen_conv_reference.py");
            JsonObject root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            List<JsonObject> cases = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("cases")) cases.add(e.getAsJsonObject());
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }

    /** The tensor stored under {@code key} ({"shape": [...], "values": [...]}), converted to {@code dtype}. */
    public static Tensor tensor(JsonObject c, String key, DType dtype) {
        JsonObject t = c.getAsJsonObject(key);
        assertNotNull(t, "case " + c.get("name") + " has no tensor '" + key + "'");
        return tensor(t, dtype);
    }

    public static Tensor tensor(JsonObject t, DType dtype) {
        JsonArray shape = t.getAsJsonArray("shape");
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) dims[i] = shape.get(i).getAsInt();
        JsonArray values = t.getAsJsonArray("values");
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) v[i] = values.get(i).getAsDouble();
        return TF.cast(TF.constant(v, Shape.of(dims)), dtype);
    }

    public static int[] ints(JsonObject c, String key) {
        JsonArray a = c.getAsJsonArray(key);
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
        return out;
    }

    /** Same shape, and {@code |a - e| <= atol + rtol |e|} everywhere; the message names the first miss. */
    public static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        assertNotNull(actual, what + ": got null");
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]))) {
                throw new AssertionError(what + ": element " + i + " of shape " + expected.shape() + " is " + a[i]
                        + ", expected " + e[i] + " (difference " + Math.abs(a[i] - e[i]) + ")");
            }
        }
    }
}
