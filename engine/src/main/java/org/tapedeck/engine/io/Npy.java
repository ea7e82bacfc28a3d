package org.tapedeck.engine.io;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.errors.DataLossException;
import org.tapedeck.engine.errors.NotFoundException;
import org.tapedeck.engine.errors.UnimplementedException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Reads NumPy's {@code .npy} format (what {@code np.save} writes): a magic string, a version, a
 * header that is a Python dict literal ({@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }})
 * and the raw elements.
 *
 * <pre>{@code
 * Tensor x = Npy.read(Path.of("x.npy"));
 * }</pre>
 *
 * Supported element types: {@code u1}, {@code b1}, {@code i4}, {@code i8}, {@code f4}, {@code f8},
 * either byte order, in C order. Tensors are read onto the CPU.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** The array in an {@code .npy} file. */
    public static Tensor read(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString(), Files.size(path));
        } catch (NoSuchFileException e) {
            throw new NotFoundException("Npy: no such file: " + path, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Npy: cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The array in an {@code .npy} stream; {@code name} names it in errors, and {@code available}
     * (or -1 if unknown) bounds how many bytes a header may claim before anything is allocated.
     */
    public static Tensor read(InputStream stream, String name, long available) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        try {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) throw corrupt(name, "it does not start with the .npy magic string", null);
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            long headerLength;
            if (major == 1) {
                headerLength = in.readUnsignedByte() | (in.readUnsignedByte() << 8);
            } else if (major == 2 || major == 3) {
                headerLength = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            } else {
                throw corrupt(name, "unknown .npy version " + major, null);
            }
            if (headerLength > 1 << 20) throw corrupt(name, "header length " + headerLength + " is implausible", null);
            byte[] header = new byte[(int) headerLength];
            in.readFully(header);
            String dict = new String(header, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            String descr = group(name, DESCR, dict, "descr");
            boolean fortran = group(name, FORTRAN, dict, "fortran_order").equals("True");
            Shape shape = shape(name, group(name, SHAPE, dict, "shape"));
            ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            DType dtype = dtypeOf(name, descr);
            if (fortran && shape.rank() > 1) {
                throw new UnimplementedException("Npy: " + name + " is in Fortran order, which Tapedeck does not read; "
                        + "save it with np.ascontiguousarray");
            }
            long bytes = (long) shape.size() * dtype.byteSize();
            if (available >= 0 && bytes > available) {
                throw corrupt(name, "truncated: its header describes " + bytes + " bytes of data but the file holds at most " + available, null);
            }
            HostBuffer h = ElementIO.read(Channels.newChannel(in), dtype, shape.size(), order);
            if (in.read() >= 0) throw corrupt(name, "there are bytes after the " + bytes + " bytes of data its header describes", null);
            return Tensor.wrap(shape, h);
        } catch (EOFException e) {
            throw corrupt(name, "truncated" + (e.getMessage() != null ? ": " + e.getMessage() : ""), e);
        }
    }

    private static String group(String name, Pattern p, String dict, String key) {
        Matcher m = p.matcher(dict);
        if (!m.find()) throw corrupt(name, "its header has no readable '" + key + "': " + dict.trim(), null);
        return m.group(1);
    }

    private static Shape shape(String name, String tuple) {
        List<Integer> dims = new ArrayList<>();
        long size = 1;
        for (String part : tuple.split(",")) {
            String s = part.trim();
            if (s.endsWith("L")) s = s.substring(0, s.length() - 1);
            if (s.isEmpty()) continue;
            long d;
            try {
                d = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw corrupt(name, "its shape (" + tuple + ") is not a tuple of integers", e);
            }
            size *= Math.max(d, 1);
            if (d < 0 || size > Integer.MAX_VALUE) {
                throw corrupt(name, "its shape (" + tuple + ") has a negative dim or more than 2^31-1 elements", null);
            }
            dims.add((int) d);
        }
        return Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
    }

    private static DType dtypeOf(String name, String descr) {
        String kind = descr.length() > 1 && "<>|=".indexOf(descr.charAt(0)) >= 0 ? descr.substring(1) : descr;
        return switch (kind) {
            case "u1" -> DType.UINT8;
            case "b1" -> DType.BOOL;
            case "i4" -> DType.INT32;
            case "i8" -> DType.INT64;
            case "f4" -> DType.FLOAT32;
            case "f8" -> DType.FLOAT64;
            default -> throw new UnimplementedException("Npy: " + name + " holds elements of type '" + descr
                    + "', which Tapedeck does not read (u1, b1, i4, i8, f4, f8)");
        };
    }

    private static DataLossException corrupt(String name, String what, Throwable cause) {
        return new DataLossException("Npy: " + name + " is corrupt: " + what, cause);
    }
}
