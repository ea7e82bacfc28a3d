package org.tapedeck.engine.datasets;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.errors.DataLossException;
import org.tapedeck.engine.errors.NotFoundException;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Reads the IDX files MNIST is published in: a big-endian header (magic number {@code 0x0000TTDD},
 * TT = 0x08 for unsigned bytes and DD the number of dims, then one 32-bit size per dim) followed by
 * the bytes. Raw or gzip-compressed (recognised by gzip's magic bytes, whatever the file name).
 */
final class Idx {
    private static final long MAX_BYTES = 1L << 30;   // a header claiming more is corrupt, not MNIST

    private Idx() {}

    /** A uint8 tensor read from an IDX file, and the SHA-256 (hex) of the file's decompressed bytes. */
    record Parsed(Tensor tensor, String sha256) {}

    /** Reads {@code file}, which must be an IDX file of the kind {@code role} names (images or labels). */
    static Parsed read(Path file, MnistFile role) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), role, Files.size(file));
        } catch (NoSuchFileException e) {
            throw new NotFoundException("MNIST: no such file: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("MNIST: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an IDX stream named {@code name} (in errors); {@code size} is the stream's length in
     * bytes, or -1 when unknown, to reject a wrong header before allocating for it.
     */
    static Parsed read(InputStream raw, String name, MnistFile role, long size) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        boolean gzip = startsWithGzipMagic(buffered);
        try {
            DigestInputStream digest = new DigestInputStream(gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered, Sha256.newDigest());
            DataInputStream in = new DataInputStream(digest);
            int magic = in.readInt();
            if (magic != role.magic()) {
                throw corrupt(name, "bad magic number " + magic + ", expected " + role.magic() + " (an IDX file of "
                        + (role.isImages() ? "images" : "labels") + ")", null);
            }
            int rank = magic & 0xFF;
            int[] dims = new int[rank];
            long bytes = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                bytes *= Integer.toUnsignedLong(dims[i]);
                if (dims[i] < 0 || bytes > MAX_BYTES) {
                    throw corrupt(name, "its header gives implausible sizes " + java.util.Arrays.toString(dims), null);
                }
            }
            long header = 4 + 4L * rank;
            if (!gzip && size >= 0 && size != header + bytes) {
                throw corrupt(name, (size < header + bytes ? "truncated: " : "") + "its header describes " + Shape.of(dims)
                        + " = " + bytes + " bytes of data but the file holds " + (size - header), null);
            }
            byte[] data = new byte[(int) bytes];
            int got = in.readNBytes(data, 0, data.length);
            if (got < data.length) {
                throw corrupt(name, "truncated: it holds " + got + " of the " + bytes + " bytes of data its header describes (shape "
                        + Shape.of(dims) + ")", null);
            }
            if (in.read() >= 0) {
                throw corrupt(name, "there are bytes after the " + bytes + " bytes of data its header describes (shape "
                        + Shape.of(dims) + ")", null);
            }
            return new Parsed(Tensor.wrap(Shape.of(dims), HostBuffer.wrap(data)), Sha256.hex(digest.getMessageDigest().digest()));
        } catch (EOFException e) {
            throw corrupt(name, "truncated" + (gzip ? " gzip data (" + e.getMessage() + ")" : " header"), e);
        } catch (ZipException e) {
            throw corrupt(name, "corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static boolean startsWithGzipMagic(BufferedInputStream in) throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == 0x1F && b == 0x8B;
    }

    static DataLossException corrupt(String name, String what, Throwable cause) {
        return new DataLossException("MNIST: " + name + " is corrupt: " + what, cause);
    }
}
