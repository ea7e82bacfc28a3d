package org.tapedeck.engine.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * A tensor written down in a reference file made by the scripts in {@code src/test/python}
 * ({@code ops/reference.json}, {@code autograd/torch_gradients.json}): {@code {"dtype", "shape",
 * "data"}} with the elements as strings (floats as Python's repr, "nan", "inf"; integers in decimal; bool as 1/0).
 * It becomes an engine {@link Tensor} for inputs and is compared against one for outputs.
 *
 * <pre>{@code
 * RefTensor r = RefTensor.parse(json);
 * Tensor input = r.toTensor();
 * r.assertMatches(actual, Tolerance.of(1e-6, 1e-6), false, "add #0");
 * }</pre>
 */
public record RefTensor(DType dtype, int[] shape, String[] data) {

    public static RefTensor parse(JsonObject o) {
        DType dtype = DType.of(o.get("dtype").getAsString());
        JsonArray s = o.getAsJsonArray("shape");
        int[] shape = new int[s.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = s.get(i).getAsInt();
        JsonArray d = o.getAsJsonArray("data");
        String[] data = new String[d.size()];
        for (int i = 0; i < data.length; i++) data[i] = d.get(i).getAsString();
        if (data.length != Shape.of(shape).size()) {
            throw new IllegalArgumentException("reference tensor of shape " + Arrays.toString(shape) + " has " + data.length + " values");
        }
        return new RefTensor(dtype, shape, data);
    }

    /** Parses Python's float text: repr digits, "nan", "inf", "-inf". */
    public static double parseFloat(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    public double[] doubles() {
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) out[i] = parseFloat(data[i]);
        return out;
    }

    public long[] longs() {
        long[] out = new long[data.length];
        for (int i = 0; i < out.length; i++) out[i] = Long.parseLong(data[i]);
        return out;
    }

    public boolean[] booleans() {
        boolean[] out = new boolean[data.length];
        for (int i = 0; i < out.length; i++) out[i] = data[i].equals("1");
        return out;
    }

    /** The engine tensor with these values, made through {@code TF.constant(flat, shape)}. */
    public Tensor toTensor() {
        return TF.constant(flatArray(), Shape.of(shape));
    }

    private Object flatArray() {
        int n = data.length;
        switch (dtype) {
            case FLOAT32: {
                float[] a = new float[n];
                double[] d = doubles();
                for (int i = 0; i < n; i++) a[i] = (float) d[i];
                return a;
            }
            case FLOAT64:
                return doubles();
            case INT32: {
                int[] a = new int[n];
                long[] l = longs();
                for (int i = 0; i < n; i++) a[i] = Math.toIntExact(l[i]);
                return a;
            }
            case INT64:
                return longs();
            case UINT8: {
                byte[] a = new byte[n];
                long[] l = longs();
                for (int i = 0; i < n; i++) a[i] = (byte) l[i];
                return a;
            }
            case BOOL:
                return booleans();
            default:
                throw new IllegalArgumentException("unsupported dtype " + dtype);
        }
    }

    /**
     * Checks dtype, shape and values: integers and bools exactly, floats within {@code tol}
     * (NaN only matches NaN, infinities match exactly). With {@code signedZeros}, an expected
     * zero also needs the same sign.
     */
    public void assertMatches(Tensor actual, Tolerance tol, boolean signedZeros, String id) {
        assertEquals(dtype, actual.dtype(), () -> id + ": dtype");
        assertArrayEquals(shape, actual.shape().dims(), () -> id + ": shape, expected " + Shape.of(shape) + " got " + actual.shape());
        if (dtype.isFloating()) {
            double[] want = doubles();
            double[] got = actual.toDoubleArray();
            for (int i = 0; i < want.length; i++) {
                if (!tol.accepts(want[i], got[i], signedZeros)) {
                    fail(id + ": element " + i + " expected " + want[i] + " but was " + got[i] + " (" + tol + ")"
                            + "\nexpected " + Arrays.toString(want) + "\nactual   " + Arrays.toString(got));
                }
            }
        } else if (dtype.isBool()) {
            assertArrayEquals(booleans(), actual.toBooleanArray(), () -> id + ": values");
        } else {
            assertArrayEquals(longs(), actual.toLongArray(), () -> id + ": values");
        }
    }
}
