package org.tapedeck.engine.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Reads the reference values written by {@code src/test/python/gen_optim_reference.py}: tensors
 * are {@code {"dtype", "shape", "data"}} objects with row-major data.
 */
public final class ReferenceJson {
    private ReferenceJson() {}

    /** A JSON file from the test resources, e.g. {@code /optim/losses.json}. */
    public static JsonObject load(String resource) {
        try (InputStream in = ReferenceJson.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("test resource " + resource + " is missing; run gen_optim_reference.py");
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return JsonParser.parseReader(r).getAsJsonObject();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read test resource " + resource, e);
        }
    }

    public static Shape shape(JsonObject t) {
        JsonArray a = t.getAsJsonArray("shape");
        int[] dims = new int[a.size()];
        for (int i = 0; i < dims.length; i++) dims[i] = a.get(i).getAsInt();
        return Shape.of(dims);
    }

    public static double[] values(JsonObject t) {
        JsonArray a = t.getAsJsonArray("data");
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsDouble();
        return out;
    }

    /** The tensor in its recorded dtype, except that floating data becomes {@code floatType}. */
    public static Tensor tensor(JsonObject t, DType floatType) {
        DType dtype = DType.of(t.get("dtype").getAsString());
        double[] v = values(t);
        Shape s = shape(t);
        if (dtype.isFloating()) return TF.cast(TF.constant(v, s), floatType);
        if (dtype == DType.INT32) {
            int[] ints = new int[v.length];
            for (int i = 0; i < v.length; i++) ints[i] = (int) v[i];
            return TF.constant(ints, s);
        }
        long[] longs = new long[v.length];
        for (int i = 0; i < v.length; i++) longs[i] = (long) v[i];
        return TF.constant(longs, s);
    }

    /** Shape and every element within {@code atol + rtol * |expected|}. */
    public static void assertClose(JsonObject expected, Tensor actual, double rtol, double atol, String what) {
        assertArrayEquals(shape(expected).dims(), actual.shape().dims(), what + ": shape");
        assertClose(values(expected), actual.toDoubleArray(), rtol, atol, what);
    }

    public static void assertClose(double[] expected, double[] actual, double rtol, double atol, String what) {
        if (expected.length != actual.length) fail(what + ": " + actual.length + " values, expected " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            double tol = atol + rtol * Math.abs(expected[i]);
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
