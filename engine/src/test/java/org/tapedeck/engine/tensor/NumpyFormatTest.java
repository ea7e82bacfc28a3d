package org.tapedeck.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tapedeck.engine.errors.InvalidArgumentException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Checks {@link NumpyFormat#str} against what NumPy 1.24 printed for the arrays of
 * {@code print/corpus.json} (made by {@code src/test/python/gen_print_corpus.py}).
 */
class NumpyFormatTest {

    /** One corpus entry: the array and NumPy's str() of it. */
    private record Case(int index, DType dtype, int[] shape, Object flat, String expected) {
        String describe() {
            return "case #" + index + " " + dtype + " shape " + Arrays.toString(shape);
        }
    }

    @TestFactory
    Stream<DynamicTest> printsLikeNumpy() throws IOException {
        List<Case> cases = loadCorpus();
        assertTrue(cases.size() >= 150, "corpus too small: " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.describe(), () -> {
            String actual = NumpyFormat.str(c.dtype(), c.shape(), c.flat());
            assertEquals(c.expected(), actual, () -> c.describe()
                    + "\n--- expected (NumPy) ---\n" + c.expected()
                    + "\n--- actual ---\n" + actual + "\n");
        }));
    }

    @Test
    void javadocExamples() {
        assertEquals("[[ 1.   0.5]\n [-2.   0.1]]",
                NumpyFormat.str(DType.FLOAT32, new int[] {2, 2}, new float[] {1f, 0.5f, -2f, 0.1f}));
        assertEquals("[  1 -20 300]", NumpyFormat.str(DType.INT32, new int[] {3}, new int[] {1, -20, 300}));
        assertEquals("4.0", NumpyFormat.str(DType.FLOAT64, new int[0], new double[] {4.0}));
        assertEquals("[ True False]", NumpyFormat.str(DType.BOOL, new int[] {2}, new byte[] {1, 0}));
        assertEquals("[]", NumpyFormat.str(DType.FLOAT64, new int[] {2, 0}, new double[0]));
        assertEquals("[255   0]", NumpyFormat.str(DType.UINT8, new int[] {2}, new byte[] {(byte) 255, 0}));
    }

    @Test
    void rejectsMismatchedElements() {
        assertThrows(InvalidArgumentException.class,
                () -> NumpyFormat.str(DType.FLOAT32, new int[] {2}, new double[] {1, 2}));
        assertThrows(InvalidArgumentException.class,
                () -> NumpyFormat.str(DType.INT32, new int[] {3}, new int[] {1, 2}));
        assertThrows(InvalidArgumentException.class,
                () -> NumpyFormat.str(DType.INT64, new int[] {-1}, new long[0]));
    }

    private static List<Case> loadCorpus() throws IOException {
        try (InputStream in = NumpyFormatTest.class.getResourceAsStream("/print/corpus.json")) {
            if (in == null) throw new IOException("print/corpus.json not found on the test class path");
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                JsonArray array = JsonParser.parseReader(reader).getAsJsonArray();
                List<Case> cases = new ArrayList<>();
                for (int i = 0; i < array.size(); i++) {
                    cases.add(parseCase(i, array.get(i).getAsJsonObject()));
                }
                return cases;
            }
        }
    }

    private static Case parseCase(int index, JsonObject o) {
        DType dtype = DType.of(o.get("dtype").getAsString());
        JsonArray shapeJson = o.getAsJsonArray("shape");
        int[] shape = new int[shapeJson.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = shapeJson.get(i).getAsInt();
        JsonArray data = o.getAsJsonArray("data");
        String[] values = new String[data.size()];
        int k = 0;
        for (JsonElement e : data) values[k++] = e.getAsString();
        return new Case(index, dtype, shape, toFlat(dtype, values), o.get("str").getAsString());
    }

    private static Object toFlat(DType dtype, String[] values) {
        int n = values.length;
        switch (dtype) {
            case FLOAT32: {
                float[] a = new float[n];
                // the corpus holds the float32 value's exact double repr: narrowing is exact
                for (int i = 0; i < n; i++) a[i] = (float) parseDouble(values[i]);
                return a;
            }
            case FLOAT64: {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) a[i] = parseDouble(values[i]);
                return a;
            }
            case INT32: {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) a[i] = Integer.parseInt(values[i]);
                return a;
            }
            case INT64: {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) a[i] = Long.parseLong(values[i]);
                return a;
            }
            case UINT8:
            case BOOL: {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) a[i] = (byte) Integer.parseInt(values[i]);
                return a;
            }
            default:
                throw new AssertionError(dtype);
        }
    }

    private static double parseDouble(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }
}
