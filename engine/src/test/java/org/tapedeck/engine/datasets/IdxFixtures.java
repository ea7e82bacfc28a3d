package org.tapedeck.engine.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Small, made-up MNIST files for tests: IDX bytes with correct headers, deterministic pixels and
 * labels, and their SHA-256, so a loader can be pointed at them with injected checksums.
 */
final class IdxFixtures {
    static final int TRAIN = 12;
    static final int TEST = 5;
    static final int ROWS = 28;
    static final int COLS = 28;

    private IdxFixtures() {}

    /** The decompressed bytes of each file. */
    static Map<MnistFile, byte[]> files() {
        Map<MnistFile, byte[]> m = new EnumMap<>(MnistFile.class);
        m.put(MnistFile.TRAIN_IMAGES, images(TRAIN, 1));
        m.put(MnistFile.TRAIN_LABELS, labels(TRAIN, 3));
        m.put(MnistFile.TEST_IMAGES, images(TEST, 2));
        m.put(MnistFile.TEST_LABELS, labels(TEST, 7));
        return m;
    }

    /** Label i of a file made with {@code salt}. */
    static int label(int i, int salt) { return (i * salt + 1) % 10; }

    /** Pixel k of image i of a file made with {@code salt}. */
    static int pixel(int i, int k, int salt) { return (i * 31 + k * salt) % 256; }

    static byte[] images(int n, int salt) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * ROWS * COLS);
        b.putInt(2051).putInt(n).putInt(ROWS).putInt(COLS);
        for (int i = 0; i < n; i++) for (int k = 0; k < ROWS * COLS; k++) b.put((byte) pixel(i, k, salt));
        return b.array();
    }

    static byte[] labels(int n, int salt) {
        ByteBuffer b = ByteBuffer.allocate(8 + n);
        b.putInt(2049).putInt(n);
        for (int i = 0; i < n; i++) b.put((byte) label(i, salt));
        return b.array();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the four files into {@code dir}, gzipped ({@code .gz} names) or raw. */
    static Path write(Path dir, boolean gz) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<MnistFile, byte[]> e : files().entrySet()) {
            MnistFile f = e.getKey();
            Files.write(dir.resolve(gz ? f.gzName() : f.fileName), gz ? gzip(e.getValue()) : e.getValue());
        }
        return dir;
    }

    /** A loader that looks nowhere by default and accepts these fixtures' checksums. */
    static MnistLoader isolatedLoader() {
        MnistLoader l = Mnist.loader().environmentDir(null).kerasCache(null).cacheDir(null).offline().progress(null);
        for (Map.Entry<MnistFile, byte[]> e : files().entrySet()) l.checksum(e.getKey().fileName, sha256(e.getValue()));
        return l;
    }
}
