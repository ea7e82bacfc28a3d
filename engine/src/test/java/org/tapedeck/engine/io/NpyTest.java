package org.tapedeck.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapedeck.engine.errors.DataLossException;
import org.tapedeck.engine.errors.NotFoundException;
import org.tapedeck.engine.errors.UnimplementedException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

class NpyTest {
    @TempDir
    Path dir;

    private Path resource(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream(name)) {
            Files.copy(in, p);
        }
        return p;
    }

    private JsonObject expected() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("arrays.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    @Test
    void readsCompressedAndStoredArchivesWrittenByNumpy() throws IOException {
        JsonObject expected = expected();
        for (String archive : List.of("arrays.npz", "arrays-stored.npz")) {
            Map<String, Tensor> arrays = Npz.read(resource(archive));
            assertEquals(expected.keySet(), arrays.keySet(), archive);
            for (Map.Entry<String, JsonElement> e : expected.entrySet()) {
                JsonObject spec = e.getValue().getAsJsonObject();
                Tensor t = arrays.get(e.getKey());
                String what = archive + "!" + e.getKey();
                assertEquals(DType.of(spec.get("dtype").getAsString()), t.dtype(), what);
                JsonArray shape = spec.getAsJsonArray("shape");
                int[] dims = new int[shape.size()];
                for (int i = 0; i < dims.length; i++) dims[i] = shape.get(i).getAsInt();
                assertEquals(Shape.of(dims), t.shape(), what);
                JsonArray values = spec.getAsJsonArray("values");
                for (int i = 0; i < values.size(); i++) {
                    if (t.dtype().isBool()) assertEquals(values.get(i).getAsBoolean(), t.toBooleanArray()[i], what);
                    else if (t.dtype().isFloating()) assertEquals(values.get(i).getAsDouble(), t.toDoubleArray()[i], what);
                    else assertEquals(values.get(i).getAsLong(), t.toLongArray()[i], what);
                }
            }
        }
    }

    private static byte[] npy(String header, byte[] data) {
        String h = header;
        while ((10 + h.length() + 1) % 64 != 0) h += " ";
        h += "\n";
        byte[] out = new byte[10 + h.length() + data.length];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length(), (byte) (h.length() >> 8)};
        System.arraycopy(magic, 0, out, 0, 10);
        System.arraycopy(h.getBytes(StandardCharsets.ISO_8859_1), 0, out, 10, h.length());
        System.arraycopy(data, 0, out, 10 + h.length(), data.length);
        return out;
    }

    private static Tensor read(byte[] bytes) throws IOException {
        return Npy.read(new ByteArrayInputStream(bytes), "test.npy", bytes.length);
    }

    @Test
    void readsAHandMadeNpy() throws IOException {
        Tensor t = read(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }", new byte[] {1, 2, 3, 4, 5, (byte) 255}));
        assertEquals(Shape.of(2, 3), t.shape());
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 255}, t.toIntArray());
        Tensor one = read(npy("{'descr': '<i4', 'fortran_order': True, 'shape': (1,), }", new byte[] {1, 1, 0, 0}));
        assertEquals(257, one.intValue());
    }

    @Test
    void corruptOrUnsupportedNpyFilesSayWhy() throws IOException {
        byte[] good = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new byte[8]);
        DataLossException e = assertThrows(DataLossException.class, () -> read(Arrays.copyOf(good, good.length - 2)));
        assertTrue(e.getMessage().contains("test.npy") && e.getMessage().contains("truncated"), e.getMessage());
        byte[] badMagic = good.clone();
        badMagic[1] = 'X';
        assertTrue(assertThrows(DataLossException.class, () -> read(badMagic)).getMessage().contains("magic"));
        byte[] extra = Arrays.copyOf(good, good.length + 1);
        assertTrue(assertThrows(DataLossException.class, () -> read(extra)).getMessage().contains("bytes after"));
        assertThrows(DataLossException.class, () -> read(npy("{'descr': '<f4', 'fortran_order': False}", new byte[0])));
        assertThrows(UnimplementedException.class, () -> read(npy("{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }", new byte[2])));
        assertThrows(UnimplementedException.class, () -> read(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 2), }", new byte[8])));
    }

    @Test
    void corruptArchivesAreDataLoss() throws IOException {
        Path npz = resource("arrays.npz");
        byte[] bytes = Files.readAllBytes(npz);
        Files.write(npz, Arrays.copyOf(bytes, bytes.length / 2));
        DataLossException e = assertThrows(DataLossException.class, () -> Npz.read(npz));
        assertTrue(e.getMessage().contains(npz.toString()), e.getMessage());
        Files.writeString(npz, "not a zip at all");
        assertThrows(DataLossException.class, () -> Npz.read(npz));
        assertThrows(NotFoundException.class, () -> Npz.read(dir.resolve("missing.npz")));
    }
}
