package org.tapedeck.engine.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.errors.DataLossException;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.errors.NotFoundException;
import org.tapedeck.engine.errors.UnimplementedException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Operand;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format,
 * which PyTorch, JAX and TensorFlow users share weights in:
 *
 * <pre>
 * 8 bytes     N, the header's length (unsigned, little-endian)
 * N bytes     a JSON object: {"__metadata__": {"k": "v"}, "name": {"dtype": "F32", "shape": [2, 3],
 *             "data_offsets": [begin, end]}, ...}, padded with spaces to a multiple of 8
 * the rest    the tensors' bytes, little-endian and row-major, back to back; offsets count from here
 * </pre>
 *
 * <pre>{@code
 * SafeTensors.save(Path.of("model.safetensors"), Map.of("dense/kernel", kernel, "dense/bias", bias));
 * Map<String, Tensor> weights = SafeTensors.load(Path.of("model.safetensors"));
 * }</pre>
 *
 * Supported dtypes: F32, F64, I32, I64, U8 and BOOL (one byte, 0 or 1). Loaded tensors live on the
 * CPU. A truncated or corrupt file is a {@link DataLossException} naming the file.
 */
public final class SafeTensors {
    private static final String METADATA = "__metadata__";
    // The reference implementation refuses larger headers; so do we, before allocating one.
    private static final long MAX_HEADER = 100_000_000;

    private SafeTensors() {}

    /** What a file holds: the tensors in header order, and the free-form string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /** Writes {@code tensors} (in the map's order) to {@code path}, replacing it. */
    public static void save(Path path, Map<String, ? extends Operand> tensors) { save(path, tensors, Map.of()); }

    /**
     * Writes {@code tensors} and {@code metadata} to {@code path}. The file is written beside the
     * target and moved into place when complete, so a failed save leaves the old file as it was.
     */
    public static void save(Path path, Map<String, ? extends Operand> tensors, Map<String, String> metadata) {
        List<String> names = new ArrayList<>(tensors.keySet());
        List<HostBuffer> data = new ArrayList<>();
        StringBuilder header = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            header.append(Json.quote(METADATA)).append(":{");
            int i = 0;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (i++ > 0) header.append(',');
                header.append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
            }
            header.append('}');
        }
        long offset = 0;
        for (String name : names) {
            if (name == null || name.isEmpty() || name.equals(METADATA)) {
                throw new InvalidArgumentException("SafeTensors.save: invalid tensor name " + (name == null ? "null" : Json.quote(name))
                        + " for " + path);
            }
            Operand value = tensors.get(name);
            if (value == null) throw new InvalidArgumentException("SafeTensors.save: tensor " + Json.quote(name) + " is null");
            Tensor t = value.asTensor();
            HostBuffer h = t.host();
            long end = offset + h.byteSize();
            if (header.length() > 1) header.append(',');
            header.append(Json.quote(name)).append(":{\"dtype\":\"").append(code(t.dtype())).append("\",\"shape\":[");
            int[] dims = t.shape().dims();
            for (int d = 0; d < dims.length; d++) header.append(d > 0 ? "," : "").append(dims[d]);
            header.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            data.add(h);
            offset = end;
        }
        header.append('}');
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();
        writeAtomically(path, ch -> {
            while (head.hasRemaining()) ch.write(head);
            for (HostBuffer h : data) ElementIO.write(h, ch, ByteOrder.LITTLE_ENDIAN);
        });
    }

    /** The tensors of a safetensors file, in header order, on the CPU. */
    public static Map<String, Tensor> load(Path path) { return read(path).tensors(); }

    /** The tensors and the {@code __metadata__} of a safetensors file. */
    public static Contents read(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            Header header = readHeader(path, ch, fileSize);
            long dataStart = 8 + header.length;
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Entry e : header.entries) {
                ch.position(dataStart + e.begin);
                HostBuffer h = ElementIO.read(ch, e.dtype, e.shape.size(), ByteOrder.LITTLE_ENDIAN);
                out.put(e.name, Tensor.wrap(e.shape, h));
            }
            return new Contents(Collections.unmodifiableMap(out), header.metadata);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("SafeTensors: no such file: " + path, e);
        } catch (EOFException e) {
            throw corrupt(path, "truncated: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("SafeTensors: cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    // ---- header -------------------------------------------------------------------------------

    private record Entry(String name, DType dtype, Shape shape, long begin, long end) {}

    private record Header(long length, List<Entry> entries, Map<String, String> metadata) {}

    private static Header readHeader(Path path, FileChannel ch, long fileSize) throws IOException {
        if (fileSize < 8) throw corrupt(path, "the file has " + fileSize + " bytes, too few for the 8-byte header length", null);
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf);
        long n = lenBuf.flip().getLong();
        if (n < 0 || n > MAX_HEADER) throw corrupt(path, "header length " + Long.toUnsignedString(n) + " is beyond the limit of " + MAX_HEADER + " bytes", null);
        if (8 + n > fileSize) throw corrupt(path, "header length " + n + " runs past the end of the file (" + fileSize + " bytes)", null);
        ByteBuffer raw = ByteBuffer.allocate((int) n);
        readFully(ch, raw);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(raw.flip()).toString();
        } catch (CharacterCodingException e) {
            throw corrupt(path, "the header is not valid UTF-8", e);
        }
        if (!text.startsWith("{")) throw corrupt(path, "the header does not start with '{'", null);
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.SyntaxException e) {
            throw corrupt(path, "the header is not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> map)) throw corrupt(path, "the header is not a JSON object", null);
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = Map.of();
        for (Map.Entry<?, ?> kv : map.entrySet()) {
            String name = (String) kv.getKey();
            if (name.equals(METADATA)) {
                metadata = metadata(path, kv.getValue());
            } else {
                entries.add(entry(path, name, kv.getValue()));
            }
        }
        checkLayout(path, entries, fileSize - 8 - n);
        return new Header(n, entries, metadata);
    }

    private static Map<String, String> metadata(Path path, Object value) {
        if (!(value instanceof Map<?, ?> m)) throw corrupt(path, "__metadata__ is not an object", null);
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> kv : m.entrySet()) {
            if (!(kv.getValue() instanceof String s)) {
                throw corrupt(path, "__metadata__ value of " + Json.quote((String) kv.getKey()) + " is not a string", null);
            }
            out.put((String) kv.getKey(), s);
        }
        return Collections.unmodifiableMap(out);
    }

    private static Entry entry(Path path, String name, Object value) {
        String where = "tensor " + Json.quote(name);
        if (!(value instanceof Map<?, ?> m)) throw corrupt(path, where + " is not an object", null);
        if (!(m.get("dtype") instanceof String code)) throw corrupt(path, where + " has no string \"dtype\"", null);
        DType dtype = dtypeOf(path, where, code);
        long[] dims = longs(path, where, "shape", m.get("shape"), -1);
        long[] offsets = longs(path, where, "data_offsets", m.get("data_offsets"), 2);
        long elements = 1;
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            elements *= dims[i];
            if (dims[i] > Integer.MAX_VALUE || elements > Integer.MAX_VALUE) {
                throw new UnimplementedException("SafeTensors: " + where + " in " + path + " has shape " + java.util.Arrays.toString(dims)
                        + ", more than the 2^31-1 elements Tapedeck supports");
            }
            shape[i] = (int) dims[i];
        }
        if (offsets[1] < offsets[0]) throw corrupt(path, where + " has data_offsets [" + offsets[0] + ", " + offsets[1] + "] that end before they begin", null);
        long bytes = elements * dtype.byteSize();
        if (offsets[1] - offsets[0] != bytes) {
            throw corrupt(path, where + " of dtype " + code + " and shape " + Shape.of(shape) + " needs " + bytes
                    + " bytes but its data_offsets [" + offsets[0] + ", " + offsets[1] + "] span " + (offsets[1] - offsets[0]), null);
        }
        return new Entry(name, dtype, Shape.of(shape), offsets[0], offsets[1]);
    }

    /** The tensors' bytes must tile the data section exactly: no gaps, overlaps, or bytes past the end. */
    private static void checkLayout(Path path, List<Entry> entries, long dataSize) {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long end = 0;
        for (Entry e : byOffset) {
            if (e.begin != end) {
                throw corrupt(path, "tensor " + Json.quote(e.name) + " starts at data offset " + e.begin + " but the previous tensor ends at "
                        + end + " (tensors must be contiguous and must not overlap)", null);
            }
            end = e.end;
        }
        if (end != dataSize) {
            throw corrupt(path, end > dataSize
                    ? "truncated: the header describes " + end + " bytes of tensor data but the file holds " + dataSize
                    : "the file holds " + dataSize + " bytes of tensor data but the header describes only " + end, null);
        }
    }

    private static long[] longs(Path path, String where, String key, Object value, int count) {
        if (!(value instanceof List<?> list) || (count >= 0 && list.size() != count)) {
            throw corrupt(path, where + " has no \"" + key + "\" list" + (count >= 0 ? " of " + count + " integers" : ""), null);
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v) || v < 0) {
                throw corrupt(path, where + " has " + key + " entry " + list.get(i) + ", not a non-negative integer", null);
            }
            out[i] = v;
        }
        return out;
    }

    // ---- dtypes -------------------------------------------------------------------------------

    private static String code(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT32 -> "I32";
            case INT64 -> "I64";
            case UINT8 -> "U8";
            case BOOL -> "BOOL";
        };
    }

    private static DType dtypeOf(Path path, String where, String code) {
        for (DType d : DType.values()) if (code(d).equals(code)) return d;
        if (List.of("F16", "BF16", "I8", "I16", "U16", "U32", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2",
                "C64").contains(code)) {
            throw new UnimplementedException("SafeTensors: " + where + " in " + path + " has dtype " + code
                    + ", which Tapedeck does not support (F32, F64, I32, I64, U8, BOOL)");
        }
        throw corrupt(path, where + " has an unknown dtype " + Json.quote(code), null);
    }

    // ---- files --------------------------------------------------------------------------------

    private interface ChannelWriter {
        void write(FileChannel ch) throws IOException;
    }

    private static void writeAtomically(Path path, ChannelWriter body) {
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + path.getFileName(), ".part");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                body.write(ch);
                ch.force(false);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("SafeTensors: cannot write " + path + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the move succeeded or the error above says what went wrong
                }
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) throw new EOFException("the file ends early");
        }
    }

    private static DataLossException corrupt(Path path, String what, Throwable cause) {
        return new DataLossException("SafeTensors: " + path + " is corrupt: " + what, cause);
    }
}
