package org.tapedeck.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.DataLossException;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.errors.NotFoundException;
import org.tapedeck.engine.errors.UnimplementedException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("dense/kernel", TF.constant(new float[][] {{1.5f, -2f, Float.MIN_VALUE}, {Float.MAX_VALUE, 0f, -0f}}));
        m.put("dense/bias", TF.constant(new double[] {Math.PI, -1e-300}));
        m.put("step", TF.constant(42L));
        m.put("ids", TF.constant(new int[] {Integer.MIN_VALUE, -1, 7}));
        m.put("pixels", TF.constant(new byte[] {0, 1, (byte) 128, (byte) 255}));
        m.put("mask", TF.constant(new boolean[] {true, false, true, true}));
        m.put("empty", TF.zeros(0, 4));
        m.put("unicode \"name\" ✓", TF.constant(new long[] {Long.MAX_VALUE}));
        return m;
    }

    private static void assertSameTensor(String name, Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype(), name);
        assertEquals(expected.shape(), actual.shape(), name);
        assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), name);
        assertArrayEquals(expected.toLongArray(), actual.toLongArray(), name);
    }

    @Test
    void roundTripKeepsNamesOrderDtypesShapesValuesAndMetadata() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Map<String, Tensor> tensors = sample();
        SafeTensors.save(file, tensors, Map.of("format", "tapedeck"));
        SafeTensors.Contents back = SafeTensors.read(file);
        assertEquals(new ArrayList<>(tensors.keySet()), new ArrayList<>(back.tensors().keySet()));
        for (String name : tensors.keySet()) assertSameTensor(name, tensors.get(name), back.tensors().get(name));
        assertEquals(Map.of("format", "tapedeck"), back.metadata());
        // Keep a copy where the interop script (engine/src/test/python/check_safetensors_interop.py) looks.
        if (Files.isDirectory(Path.of("target"))) {   // Maven's build folder: the test runs in engine/
            Path copy = Path.of("target", "interop", "java-written.safetensors");
            Files.createDirectories(copy.getParent());
            Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void writesTheFormatByteForByte() throws IOException {
        Path file = dir.resolve("small.safetensors");
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("a", TF.constant(new float[] {1f, -2f}));
        m.put("b", TF.constant(new byte[] {7}));
        SafeTensors.save(file, m);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, n % 8, "the header is padded to a multiple of 8");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[8,9]}}",
                header.stripTrailing());
        assertTrue(header.substring(header.stripTrailing().length()).chars().allMatch(c -> c == ' '));
        JsonObject parsed = JsonParser.parseString(header).getAsJsonObject();   // valid JSON for a real parser
        assertEquals(2, parsed.size());
        assertEquals(8 + n + 9, bytes.length);
        b.position(8 + (int) n);
        assertEquals(1f, b.getFloat());
        assertEquals(-2f, b.getFloat());
        assertEquals(7, b.get());
    }

    @Test
    void loadsAFileWrittenByNumpyByHand() throws IOException {
        Path file = resource("numpy-written.safetensors");
        JsonObject expected;
        try (InputStream in = getClass().getResourceAsStream("numpy-written.json")) {
            expected = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        SafeTensors.Contents c = SafeTensors.read(file);
        List<String> order = new ArrayList<>();
        expected.getAsJsonArray("order").forEach(e -> order.add(e.getAsString()));
        assertEquals(order, new ArrayList<>(c.tensors().keySet()));
        assertEquals("np", c.metadata().get("format"));
        assertEquals("written by gen_io_fixtures.py ✓", c.metadata().get("note"));
        for (Map.Entry<String, JsonElement> e : expected.getAsJsonObject("tensors").entrySet()) {
            JsonObject spec = e.getValue().getAsJsonObject();
            Tensor t = c.tensors().get(e.getKey());
            assertEquals(DType.of(spec.get("dtype").getAsString()), t.dtype(), e.getKey());
            int[] shape = new int[spec.getAsJsonArray("shape").size()];
            for (int i = 0; i < shape.length; i++) shape[i] = spec.getAsJsonArray("shape").get(i).getAsInt();
            assertEquals(Shape.of(shape), t.shape(), e.getKey());
            JsonArray values = spec.getAsJsonArray("values");
            assertEquals(values.size(), t.size());
            for (int i = 0; i < values.size(); i++) {
                JsonElement v = values.get(i);
                if (t.dtype().isFloating()) {
                    assertEquals(v.getAsDouble(), t.toDoubleArray()[i], e.getKey() + "[" + i + "]");
                } else if (t.dtype().isBool()) {
                    assertEquals(v.getAsBoolean(), t.toBooleanArray()[i], e.getKey() + "[" + i + "]");
                } else {
                    assertEquals(v.getAsLong(), t.toLongArray()[i], e.getKey() + "[" + i + "]");
                }
            }
        }
        assertEquals(-0.5f, c.tensors().get("weights").toFloatArray()[0]);
        assertEquals(Shape.scalar(), c.tensors().get("step").shape());
    }

    @Test
    void savesVariablesAndOverwritesAtomically() throws IOException {
        Path file = dir.resolve("v.safetensors");
        Variable v = new Variable(TF.constant(new float[] {1, 2, 3}));
        SafeTensors.save(file, Map.of("v", v));
        SafeTensors.save(file, Map.of("v", v, "w", TF.ones(2)));
        assertEquals(2, SafeTensors.load(file).size());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary files left behind");
        }
    }

    @Test
    void rejectsBadNames() {
        Path file = dir.resolve("x.safetensors");
        assertThrows(InvalidArgumentException.class, () -> SafeTensors.save(file, Map.of("__metadata__", TF.ones(1))));
        assertThrows(InvalidArgumentException.class, () -> SafeTensors.save(file, Map.of("", TF.ones(1))));
        assertTrue(Files.notExists(file));
    }

    // ---- corrupt files ------------------------------------------------------------------------

    private Path valid() {
        Path file = dir.resolve("valid.safetensors");
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("a", TF.constant(new float[] {1, 2, 3}));
        m.put("b", TF.constant(new long[] {4}));
        SafeTensors.save(file, m);
        return file;
    }

    private Path withHeader(String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path file = dir.resolve("crafted.safetensors");
        Files.write(file, b.array());
        return file;
    }

    private DataLossException corrupt(Path file, String... fragments) {
        DataLossException e = assertThrows(DataLossException.class, () -> SafeTensors.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
        return e;
    }

    @Test
    void truncatedDataIsDataLoss() throws IOException {
        Path file = valid();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
        corrupt(file, "truncated", "20 bytes", "17");
    }

    @Test
    void truncatedHeaderIsDataLoss() throws IOException {
        Path file = valid();
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 20));
        corrupt(file, "runs past the end");
        Files.write(file, new byte[] {1, 2, 3});
        corrupt(file, "too few");
    }

    @Test
    void corruptHeadersAreDataLoss() throws IOException {
        corrupt(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]", 4), "not valid JSON");
        corrupt(withHeader("[1, 2]", 0), "does not start with '{'");
        corrupt(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4), "needs 8 bytes");
        corrupt(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "starts at data offset 4");
        corrupt(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", 6), "must not overlap");
        corrupt(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 12), "describes only 4");
        corrupt(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "data_offsets");
        corrupt(withHeader("{\"a\":{\"dtype\":\"X9\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "unknown dtype");
        corrupt(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4), "non-negative");
        corrupt(withHeader("{\"__metadata__\":{\"k\":1}}", 0), "not a string");
        corrupt(withHeader("{\"a\":1,\"a\":2}", 0), "duplicate key");
        Path file = withHeader("{}", 0);
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] = (byte) 0xFF;
        bytes[7] = (byte) 0x7F;
        Files.write(file, bytes);
        corrupt(file, "beyond the limit");
        byte[] bad = Files.readAllBytes(withHeader("{\"\u00e9\":1}", 0));
        bad[10] = (byte) 0xC3;
        bad[11] = (byte) 0x28;   // not a valid UTF-8 continuation byte
        Files.write(file, bad);
        corrupt(file, "UTF-8");
    }

    @Test
    void unsupportedDtypesAndMissingFilesSayWhy() throws IOException {
        Path f16 = withHeader("{\"h\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", 2);
        UnimplementedException e = assertThrows(UnimplementedException.class, () -> SafeTensors.load(f16));
        assertTrue(e.getMessage().contains("F16") && e.getMessage().contains("\"h\""), e.getMessage());
        assertThrows(NotFoundException.class, () -> SafeTensors.load(dir.resolve("missing.safetensors")));
    }

    private Path resource(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream(name)) {
            Files.copy(in, p);
        }
        return p;
    }
}
