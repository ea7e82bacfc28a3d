package org.tapedeck.engine.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.data.Dataset;
import org.tapedeck.engine.data.Pair;
import org.tapedeck.engine.errors.DataLossException;
import org.tapedeck.engine.errors.NotFoundException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

class MnistTest {
    private static final int[] FIRST_TRAIN_LABELS = {5, 0, 4, 1, 9, 2, 1, 3, 1, 4};
    private static final int[] FIRST_TEST_LABELS = {7, 2, 1, 0, 4, 1, 4, 9, 5, 9};

    @TempDir
    Path tmp;

    /** shared/data/mnist beside the repository (CI: ../shared/data/mnist from the repo root), or null. */
    static Path sharedMnist() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("data").resolve("mnist");
            if (Files.isRegularFile(candidate.resolve("train-images-idx3-ubyte.gz"))) return candidate;
        }
        return null;
    }

    private static int[] firstLabels(Tensor labels) { return Arrays.copyOf(labels.toIntArray(), 10); }

    private static long pixelSum(Tensor images, int n) {
        long s = 0;
        for (int v : images.slice(0, n).toIntArray()) s += v;
        return s;
    }

    // ---- the real files -----------------------------------------------------------------------

    @Test
    void loadsTheRealFilesAndTheEmbeddedSubsetIsTheirPrefix() {
        Path dir = sharedMnist();
        assumeTrue(dir != null, "shared/data/mnist not found above " + Path.of("").toAbsolutePath() + "; skipping the real-data test");
        Mnist.Data mnist = Mnist.loadData(dir);
        assertEquals(Mnist.Source.EXPLICIT_DIR, mnist.source());
        assertFalse(mnist.isSubset());
        assertEquals(DType.UINT8, mnist.train().images().dtype());
        assertEquals(Shape.of(60000, 28, 28), mnist.train().images().shape());
        assertEquals(Shape.of(60000), mnist.train().labels().shape());
        assertEquals(Shape.of(10000, 28, 28), mnist.test().images().shape());
        assertEquals(Shape.of(10000), mnist.test().labels().shape());
        assertArrayEquals(FIRST_TRAIN_LABELS, firstLabels(mnist.train().labels()));
        assertArrayEquals(FIRST_TEST_LABELS, firstLabels(mnist.test().labels()));
        // Pixel sums of the first 20 training and 10 test images, as numpy computed them (gen_mnist_fixtures.py).
        assertEquals(461292, pixelSum(mnist.train().images(), 20));
        assertEquals(231611, pixelSum(mnist.test().images(), 10));

        Mnist.Data subset = IdxFixtures.isolatedLoader().load();
        assertArrayEquals((byte[]) mnist.train().images().slice(0, 6000).host().array(), (byte[]) subset.train().images().host().array());
        assertArrayEquals((byte[]) mnist.train().labels().slice(0, 6000).host().array(), (byte[]) subset.train().labels().host().array());
        assertArrayEquals((byte[]) mnist.test().images().slice(0, 1000).host().array(), (byte[]) subset.test().images().host().array());
        assertArrayEquals((byte[]) mnist.test().labels().slice(0, 1000).host().array(), (byte[]) subset.test().labels().host().array());
    }

    // ---- the embedded subset ------------------------------------------------------------------

    @Test
    void fallsBackToTheEmbeddedSubsetAndSaysSo() {
        Mnist.Data subset = IdxFixtures.isolatedLoader().cacheDir(tmp.resolve("empty-cache")).load();
        assertEquals(Mnist.Source.EMBEDDED_SUBSET, subset.source());
        assertTrue(subset.isSubset());
        assertEquals(Shape.of(6000, 28, 28), subset.train().images().shape());
        assertEquals(6000, subset.train().size());
        assertEquals(Shape.of(1000, 28, 28), subset.test().images().shape());
        assertArrayEquals(FIRST_TRAIN_LABELS, firstLabels(subset.train().labels()));
        assertArrayEquals(FIRST_TEST_LABELS, firstLabels(subset.test().labels()));
        assertEquals(461292, pixelSum(subset.train().images(), 20));
    }

    @Test
    void withoutTheSubsetFindingNothingIsAnError() {
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> IdxFixtures.isolatedLoader().cacheDir(tmp).kerasCache(tmp.resolve("mnist.npz")).allowEmbedded(false).load());
        assertTrue(e.getMessage().contains("mnist.npz: absent") && e.getMessage().contains("offline"), e.getMessage());
    }

    @Test
    void theTutorialPipelineRunsOverTheSubset() {
        Mnist.Data mnist = IdxFixtures.isolatedLoader().load();
        Dataset<Pair> dataset = Dataset.fromTensorSlices(mnist.train().images(), mnist.train().labels())
                .shuffle(1000, 7)
                .batch(32)
                .map(b -> new Pair(TF.expandDims(TF.cast(b.first(), DType.FLOAT32).div(255), -1), TF.cast(b.second(), DType.INT64)));
        assertEquals(188, dataset.cardinality());
        Iterator<Pair> it = dataset.iterator();
        Pair batch = it.next();
        assertEquals(Shape.of(32, 28, 28, 1), batch.first().shape());
        assertEquals(DType.FLOAT32, batch.first().dtype());
        assertEquals(DType.INT64, batch.second().dtype());
        assertEquals(Shape.of(32), batch.second().shape());
        float max = 0;
        for (float v : batch.first().toFloatArray()) {
            assertTrue(v >= 0 && v <= 1);
            max = Math.max(max, v);
        }
        assertEquals(1f, max);
        int batches = 1;
        Pair last = batch;
        while (it.hasNext()) {
            last = it.next();
            batches++;
        }
        assertEquals(188, batches);
        assertEquals(6000 - 187 * 32, last.first().shape().dim(0));
    }

    // ---- Keras' cache -------------------------------------------------------------------------

    private Path kerasFixture() throws IOException {
        Path npz = tmp.resolve("keras").resolve("mnist.npz");
        Files.createDirectories(npz.getParent());
        try (InputStream in = getClass().getResourceAsStream("keras-mnist-small.npz")) {
            Files.copy(in, npz);
        }
        return npz;
    }

    @Test
    void readsKerasCache() throws IOException {
        Path npz = kerasFixture();
        Mnist.Data d = IdxFixtures.isolatedLoader().kerasCache(npz).cacheDir(tmp.resolve("cache")).load();
        assertEquals(Mnist.Source.KERAS_CACHE, d.source());
        assertEquals(npz.toString(), d.location());
        assertEquals(Shape.of(20, 28, 28), d.train().images().shape());
        assertEquals(DType.UINT8, d.train().images().dtype());
        assertEquals(Shape.of(10), d.test().labels().shape());
        assertArrayEquals(FIRST_TRAIN_LABELS, firstLabels(d.train().labels()));
        assertArrayEquals(FIRST_TEST_LABELS, firstLabels(d.test().labels()));
        assertEquals(461292, pixelSum(d.train().images(), 20));
        assertEquals(231611, pixelSum(d.test().images(), 10));
    }

    @Test
    void aCorruptKerasCacheIsPassedOver() throws IOException {
        Path npz = kerasFixture();
        byte[] bytes = Files.readAllBytes(npz);
        Files.write(npz, Arrays.copyOf(bytes, bytes.length - 100));
        Mnist.Data d = IdxFixtures.isolatedLoader().kerasCache(npz).load();
        assertEquals(Mnist.Source.EMBEDDED_SUBSET, d.source());
        DataLossException e = assertThrows(DataLossException.class, () -> org.tapedeck.engine.io.Npz.read(npz));
        assertTrue(e.getMessage().contains(npz.toString()), e.getMessage());
    }

    // ---- folders and the cache ----------------------------------------------------------------

    @Test
    void readsAFolderOfRawOrGzippedFiles() throws IOException {
        for (boolean gz : new boolean[] {true, false}) {
            Path dir = IdxFixtures.write(tmp.resolve(gz ? "gz" : "raw"), gz);
            Mnist.Data d = IdxFixtures.isolatedLoader().dataDir(dir).load();
            assertEquals(Mnist.Source.EXPLICIT_DIR, d.source());
            assertEquals(Shape.of(IdxFixtures.TRAIN, 28, 28), d.train().images().shape());
            assertEquals(Shape.of(IdxFixtures.TEST), d.test().labels().shape());
            assertEquals(IdxFixtures.label(4, 3), d.train().labels().toIntArray()[4]);
            assertEquals(IdxFixtures.label(2, 7), d.test().labels().toIntArray()[2]);
            assertEquals(IdxFixtures.pixel(3, 100, 1), d.train().images().getLong(3, 100 / 28, 100 % 28));
            assertEquals(IdxFixtures.pixel(4, 783, 2), d.test().images().getLong(4, 27, 27));
        }
    }

    @Test
    void theEnvironmentFolderAndItsMnistSubfolderAreSearched() throws IOException {
        IdxFixtures.write(tmp.resolve("data").resolve("mnist"), true);
        Mnist.Data d = IdxFixtures.isolatedLoader().environmentDir(tmp.resolve("data")).load();
        assertEquals(Mnist.Source.EXPLICIT_DIR, d.source());
        assertEquals(tmp.resolve("data").resolve("mnist").toString(), d.location());
    }

    @Test
    void anExplicitFolderMissingFilesIsNotFound() throws IOException {
        Path dir = IdxFixtures.write(tmp.resolve("partial"), true);
        Files.delete(dir.resolve(MnistFile.TEST_LABELS.gzName()));
        NotFoundException e = assertThrows(NotFoundException.class, () -> IdxFixtures.isolatedLoader().dataDir(dir).load());
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte") && e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void readsTheTapedeckCacheAndDropsABadFileFromIt() throws IOException {
        Path cache = IdxFixtures.write(tmp.resolve("cache"), false);
        Mnist.Data d = IdxFixtures.isolatedLoader().cacheDir(cache).load();
        assertEquals(Mnist.Source.TAPEDECK_CACHE, d.source());
        assertEquals(IdxFixtures.TRAIN, d.train().size());

        // A cached file that no longer matches its checksum is removed and the search goes on.
        byte[] labels = Files.readAllBytes(cache.resolve(MnistFile.TRAIN_LABELS.fileName));
        labels[9] = (byte) ((labels[9] + 1) % 10);
        Files.write(cache.resolve(MnistFile.TRAIN_LABELS.fileName), labels);
        Mnist.Data fallback = IdxFixtures.isolatedLoader().cacheDir(cache).load();
        assertEquals(Mnist.Source.EMBEDDED_SUBSET, fallback.source());
        assertFalse(Files.exists(cache.resolve(MnistFile.TRAIN_LABELS.fileName)));
    }

    // ---- corrupt files ------------------------------------------------------------------------

    /** Writes good fixtures, breaks one file with {@code damage}, and expects data loss naming it. */
    private DataLossException corrupt(MnistFile file, boolean gz, Consumer<byte[][]> damage, String... fragments) throws IOException {
        Path dir = IdxFixtures.write(Files.createTempDirectory(tmp, "bad"), gz);
        Path p = dir.resolve(gz ? file.gzName() : file.fileName);
        byte[][] holder = {Files.readAllBytes(p)};
        damage.accept(holder);
        Files.write(p, holder[0]);
        DataLossException e = assertThrows(DataLossException.class, () -> IdxFixtures.isolatedLoader().dataDir(dir).load());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
        return e;
    }

    private static byte[] raw(MnistFile f) { return IdxFixtures.files().get(f); }

    @Test
    void badMagicNumbers() throws IOException {
        corrupt(MnistFile.TRAIN_IMAGES, false, b -> b[0][3] = 1, "bad magic number 2049", "expected 2051");
        corrupt(MnistFile.TEST_LABELS, true, b -> b[0] = IdxFixtures.gzip(raw(MnistFile.TEST_IMAGES)), "bad magic number 2051", "expected 2049");
    }

    @Test
    void wrongSizes() throws IOException {
        corrupt(MnistFile.TRAIN_IMAGES, false, b -> b[0] = Arrays.copyOf(b[0], b[0].length - 28), "truncated", "9408 bytes", "9380");
        corrupt(MnistFile.TRAIN_LABELS, false, b -> b[0] = Arrays.copyOf(b[0], b[0].length + 3), "holds 15");
        // Sizes that disagree inside a gzip stream are found while reading.
        corrupt(MnistFile.TEST_IMAGES, true, b -> b[0] = IdxFixtures.gzip(Arrays.copyOf(raw(MnistFile.TEST_IMAGES), 16 + 784 * 3)),
                "truncated", "2352 of the 3920 bytes");
        corrupt(MnistFile.TEST_LABELS, true, b -> b[0] = IdxFixtures.gzip(Arrays.copyOf(raw(MnistFile.TEST_LABELS), 8 + 5 + 1)), "bytes after");
        // Images and labels that do not pair up.
        corrupt(MnistFile.TRAIN_LABELS, false, b -> b[0] = IdxFixtures.labels(IdxFixtures.TRAIN - 1, 3), "12 images but 11 labels");
        corrupt(MnistFile.TRAIN_LABELS, false, b -> b[0][8 + 2] = 42, "label 2 is 42");
        corrupt(MnistFile.TRAIN_IMAGES, false, b -> b[0] = new byte[] {0, 0, 8, 3, 0, 0}, "truncated header");
        corrupt(MnistFile.TRAIN_IMAGES, true, b -> {
            byte[] header = raw(MnistFile.TRAIN_IMAGES).clone();
            header[4] = 0x7F;   // 2 billion images
            b[0] = IdxFixtures.gzip(header);
        }, "implausible sizes");
    }

    @Test
    void truncatedOrCorruptGzip() throws IOException {
        corrupt(MnistFile.TRAIN_IMAGES, true, b -> b[0] = Arrays.copyOf(b[0], b[0].length / 2), "truncated gzip");
        corrupt(MnistFile.TRAIN_LABELS, true, b -> b[0] = Arrays.copyOf(b[0], b[0].length - 4), "truncated gzip");
        corrupt(MnistFile.TEST_IMAGES, true, b -> b[0][b[0].length - 6] ^= 0x55, "corrupt gzip");   // the CRC
        corrupt(MnistFile.TEST_IMAGES, true, b -> b[0][b[0].length / 2] ^= 0x55);   // the deflate stream: any data loss naming the file
    }
}
