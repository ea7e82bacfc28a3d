package org.tapedeck.engine.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.tapedeck.engine.datasets.Mnist.Data;
import org.tapedeck.engine.datasets.Mnist.Source;
import org.tapedeck.engine.datasets.Mnist.Split;
import org.tapedeck.engine.errors.DataLossException;
import org.tapedeck.engine.errors.NotFoundException;
import org.tapedeck.engine.errors.TapedeckException;
import org.tapedeck.engine.io.Npz;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Finds MNIST, configurably; {@link Mnist#loader()} starts from the defaults that
 * {@link Mnist#loadData()} uses. Each setter returns this loader.
 *
 * <pre>{@code
 * Mnist.Data mnist = Mnist.loader()
 *         .cacheDir(Path.of("/data/cache/mnist"))
 *         .mirrors(List.of(URI.create("https://my.mirror.example/mnist/")))
 *         .progress(null)           // no progress bar
 *         .load();
 * }</pre>
 */
public final class MnistLoader {
    /** The public mirrors tried by default, in order; each holds the four {@code .gz} files. */
    public static final List<URI> DEFAULT_MIRRORS = List.of(
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"));

    private static final System.Logger LOG = System.getLogger(Mnist.class.getName());
    private static final String SUBSET = "mnist-subset/";

    private Path dataDir;
    private Path environmentDir;
    private Path kerasCache;
    private Path cacheDir;
    private List<URI> mirrors = DEFAULT_MIRRORS;
    private final Map<MnistFile, String> checksums = new EnumMap<>(MnistFile.class);
    private boolean allowEmbedded = true;
    private PrintStream progress = System.err;
    private Duration connectTimeout = Duration.ofSeconds(15);
    private Duration readTimeout = Duration.ofSeconds(30);
    private TapedeckException downloadFailure;

    private MnistLoader() {
        for (MnistFile f : MnistFile.values()) checksums.put(f, f.sha256);
    }

    /** The places {@link Mnist#loadData()} looks, read from the environment and the home folder. */
    static MnistLoader withDefaults() {
        MnistLoader l = new MnistLoader();
        Path home = Path.of(System.getProperty("user.home"));
        String data = System.getenv("TAPEDECK_DATA");
        l.environmentDir = data == null || data.isBlank() ? null : Path.of(data);
        String keras = System.getenv("KERAS_HOME");
        l.kerasCache = (keras == null || keras.isBlank() ? home.resolve(".keras") : Path.of(keras)).resolve("datasets").resolve("mnist.npz");
        String xdg = System.getenv("XDG_CACHE_HOME");
        l.cacheDir = (xdg == null || xdg.isBlank() ? home.resolve(".cache") : Path.of(xdg)).resolve("tapedeck").resolve("mnist");
        String offline = System.getenv("TAPEDECK_OFFLINE");
        if (offline != null && !offline.isBlank() && !offline.equals("0")) l.mirrors = List.of();
        return l;
    }

    /** Reads the IDX files in {@code dir} and nothing else (null: search as usual). */
    public MnistLoader dataDir(Path dir) { this.dataDir = dir; return this; }

    /** The folder {@code TAPEDECK_DATA} names, searched first (with its {@code mnist} subfolder); null: none. */
    public MnistLoader environmentDir(Path dir) { this.environmentDir = dir; return this; }

    /** Keras' {@code mnist.npz}; null: do not look. */
    public MnistLoader kerasCache(Path npz) { this.kerasCache = npz; return this; }

    /** Tapedeck's cache folder, read and downloaded into; null: neither cache nor download. */
    public MnistLoader cacheDir(Path dir) { this.cacheDir = dir; return this; }

    /** Base URLs to download from, in order of preference; empty: never download. */
    public MnistLoader mirrors(List<URI> mirrors) { this.mirrors = List.copyOf(mirrors); return this; }

    /** Never download. */
    public MnistLoader offline() { return mirrors(List.of()); }

    /**
     * The SHA-256 (hex) that the decompressed file {@code fileName} (e.g. {@code train-images-idx3-ubyte})
     * must have, instead of the published one: for mirrors of modified data, and for tests.
     */
    public MnistLoader checksum(String fileName, String sha256) {
        for (MnistFile f : MnistFile.values()) {
            if (f.fileName.equals(fileName)) {
                checksums.put(f, sha256.toLowerCase(Locale.ROOT));
                return this;
            }
        }
        throw new IllegalArgumentException("no MNIST file is named '" + fileName + "'");
    }

    /** Whether to fall back to the subset inside the jar (default true); without it, finding nothing is an error. */
    public MnistLoader allowEmbedded(boolean allow) { this.allowEmbedded = allow; return this; }

    /** Where download progress goes (default {@code System.err}); null: nowhere. */
    public MnistLoader progress(PrintStream out) { this.progress = out; return this; }

    /** How long to wait for a mirror to accept the connection, and for each read. */
    public MnistLoader timeouts(Duration connect, Duration read) {
        this.connectTimeout = connect;
        this.readTimeout = read;
        return this;
    }

    // ---- the search ---------------------------------------------------------------------------

    /** Loads MNIST from the first place that has it; see {@link Mnist}. */
    public Data load() {
        downloadFailure = null;
        if (dataDir != null) {
            Map<MnistFile, Path> files = filesIn(dataDir);
            if (files.size() < 4) {
                throw new NotFoundException("MNIST: " + dataDir + " lacks " + missing(files)
                        + " (raw or .gz); it needs all four IDX files");
            }
            return found(fromFiles(files, Source.EXPLICIT_DIR, dataDir.toString(), false));
        }
        List<String> tried = new ArrayList<>();
        Data data = fromEnvironment(tried);
        if (data == null) data = fromKerasCache(tried);
        if (data == null) data = fromCache(tried);
        if (data == null) data = fromDownload(tried);
        if (data != null) return found(data);
        String summary = String.join("\n  ", tried);
        if (!allowEmbedded) {
            String message = "MNIST: not found, and the embedded subset is not allowed. Tried:\n  " + summary;
            // A download that arrived corrupt is data loss, not absence: say which.
            if (downloadFailure instanceof DataLossException) throw new DataLossException(message, downloadFailure);
            throw new NotFoundException(message, downloadFailure);
        }
        Data subset = embedded();
        LOG.log(Level.WARNING, "MNIST: no local copy and no download; using the subset shipped with Tapedeck ("
                + subset.train().size() + " training and " + subset.test().size() + " test images) instead of the full "
                + "60,000/10,000. Tried:\n  " + summary);
        return subset;
    }

    private static Data found(Data data) {
        LOG.log(Level.INFO, "MNIST: " + data.train().size() + " training and " + data.test().size() + " test images from "
                + data.location() + " (" + data.source() + ")");
        return data;
    }

    private Data fromEnvironment(List<String> tried) {
        if (environmentDir == null) return null;
        for (Path dir : List.of(environmentDir.resolve("mnist"), environmentDir)) {
            Map<MnistFile, Path> files = filesIn(dir);
            if (files.size() == 4) return fromFiles(files, Source.EXPLICIT_DIR, dir.toString(), false);
        }
        tried.add("TAPEDECK_DATA=" + environmentDir + ": no MNIST IDX files there or in its mnist/ subfolder");
        return null;
    }

    private Data fromKerasCache(List<String> tried) {
        if (kerasCache == null) return null;
        if (!Files.isRegularFile(kerasCache)) {
            tried.add(kerasCache + ": absent");
            return null;
        }
        try {
            Map<String, Tensor> a = Npz.read(kerasCache);
            String name = kerasCache.toString();
            Split train = checked(name, new Split(array(a, name, "x_train"), array(a, name, "y_train")));
            Split test = checked(name, new Split(array(a, name, "x_test"), array(a, name, "y_test")));
            return new Data(train, test, Source.KERAS_CACHE, name);
        } catch (TapedeckException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "MNIST: passing over Keras' cache: " + bare(e));
            tried.add(kerasCache + ": " + bare(e));
            return null;
        }
    }

    private static Tensor array(Map<String, Tensor> arrays, String file, String key) {
        Tensor t = arrays.get(key);
        if (t == null) throw Idx.corrupt(file, "it has no array '" + key + "' (it has " + arrays.keySet() + ")", null);
        return t;
    }

    /** Reads the cache, removing files that fail their check so a download can replace them. */
    private Data fromCache(List<String> tried) {
        if (cacheDir == null) return null;
        Map<MnistFile, Path> files = filesIn(cacheDir);
        if (files.size() < 4) {
            tried.add(cacheDir + ": " + (files.isEmpty() ? "empty" : "lacks " + missing(files)));
            return null;
        }
        try {
            return fromFiles(files, Source.TAPEDECK_CACHE, cacheDir.toString(), true);
        } catch (DataLossException e) {
            LOG.log(Level.WARNING, "MNIST: passing over the cache: " + bare(e));
            tried.add(cacheDir + ": " + bare(e));
            return null;
        }
    }

    private Data fromDownload(List<String> tried) {
        if (cacheDir == null || mirrors.isEmpty()) {
            tried.add(cacheDir == null ? "download: no cache folder to download into" : "download: offline (no mirrors)");
            return null;
        }
        Downloader downloader = new Downloader(mirrors, connectTimeout, readTimeout, progress);
        Map<MnistFile, Path> cached = filesIn(cacheDir);
        List<String> urls = new ArrayList<>();
        for (MnistFile f : MnistFile.values()) {
            if (cached.containsKey(f)) continue;
            try {
                urls.add(downloader.fetch(f.gzName(), checksums.get(f), cacheDir.resolve(f.fileName)).toString());
            } catch (TapedeckException e) {
                LOG.log(Level.WARNING, "MNIST: " + bare(e));
                tried.add("download: " + bare(e));
                downloadFailure = e;
                return null;
            }
        }
        try {
            return fromFiles(filesIn(cacheDir), Source.DOWNLOAD, urls.isEmpty() ? cacheDir.toString() : String.join(", ", urls), true);
        } catch (DataLossException e) {
            tried.add("download: " + bare(e));
            downloadFailure = e;
            return null;
        }
    }

    private Data embedded() {
        Map<MnistFile, Tensor> t = new EnumMap<>(MnistFile.class);
        for (MnistFile f : MnistFile.values()) {
            String resource = SUBSET + f.gzName();
            try (InputStream in = Mnist.class.getResourceAsStream(resource)) {
                if (in == null) throw new NotFoundException("MNIST: the embedded subset lacks " + resource);
                t.put(f, Idx.read(in, "embedded " + resource, f, -1).tensor());
            } catch (IOException e) {
                throw new UncheckedIOException("MNIST: cannot read the embedded " + resource, e);
            }
        }
        return new Data(checked("embedded subset", new Split(t.get(MnistFile.TRAIN_IMAGES), t.get(MnistFile.TRAIN_LABELS))),
                checked("embedded subset", new Split(t.get(MnistFile.TEST_IMAGES), t.get(MnistFile.TEST_LABELS))),
                Source.EMBEDDED_SUBSET, "the subset inside the Tapedeck engine jar");
    }

    // ---- files --------------------------------------------------------------------------------

    /** The MNIST files present in {@code dir}, each raw or {@code .gz} (raw preferred). */
    private static Map<MnistFile, Path> filesIn(Path dir) {
        Map<MnistFile, Path> found = new EnumMap<>(MnistFile.class);
        for (MnistFile f : MnistFile.values()) {
            Path raw = dir.resolve(f.fileName);
            Path gz = dir.resolve(f.gzName());
            if (Files.isRegularFile(raw)) found.put(f, raw);
            else if (Files.isRegularFile(gz)) found.put(f, gz);
        }
        return found;
    }

    private static String missing(Map<MnistFile, Path> found) {
        List<String> names = new ArrayList<>();
        for (MnistFile f : MnistFile.values()) if (!found.containsKey(f)) names.add(f.fileName);
        return String.join(", ", names);
    }

    /**
     * Reads the four files. With {@code verify} (the cache), a file whose SHA-256 is not the
     * expected one is deleted and reported as data loss; otherwise a mismatch is only logged.
     */
    private Data fromFiles(Map<MnistFile, Path> files, Source source, String location, boolean verify) {
        Map<MnistFile, Tensor> t = new HashMap<>();
        for (MnistFile f : MnistFile.values()) {
            Path p = files.get(f);
            Idx.Parsed parsed;
            try {
                parsed = Idx.read(p, f);
            } catch (DataLossException e) {
                if (verify) deleteQuietly(p);
                throw e;
            }
            String expected = checksums.get(f);
            if (!parsed.sha256().equals(expected)) {
                String what = p + " has SHA-256 " + parsed.sha256() + ", not the expected " + expected;
                if (verify) {
                    deleteQuietly(p);
                    throw new DataLossException("MNIST: checksum mismatch: " + what + " (removed from the cache)");
                }
                LOG.log(Level.WARNING, "MNIST: " + what + "; using it anyway");
            }
            t.put(f, parsed.tensor());
        }
        return new Data(
                checked(files.get(MnistFile.TRAIN_IMAGES) + " and " + files.get(MnistFile.TRAIN_LABELS),
                        new Split(t.get(MnistFile.TRAIN_IMAGES), t.get(MnistFile.TRAIN_LABELS))),
                checked(files.get(MnistFile.TEST_IMAGES) + " and " + files.get(MnistFile.TEST_LABELS),
                        new Split(t.get(MnistFile.TEST_IMAGES), t.get(MnistFile.TEST_LABELS))),
                source, location);
    }

    /** An error's message without the "MNIST: " it may start with, to nest in another message. */
    private static String bare(Exception e) {
        String m = String.valueOf(e.getMessage());
        return m.startsWith("MNIST: ") ? m.substring("MNIST: ".length()) : m;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "MNIST: cannot remove the bad cache file " + p + ": " + e.getMessage());
        }
    }

    /** Images must be (n, rows, cols) uint8 and labels (n,) uint8 digits. */
    private static Split checked(String where, Split s) {
        Tensor x = s.images();
        Tensor y = s.labels();
        if (x.dtype() != DType.UINT8 || y.dtype() != DType.UINT8
                || x.rank() != 3 || y.rank() != 1) {
            throw Idx.corrupt(where, "expected uint8 images of shape (n, rows, cols) and uint8 labels of shape (n,), got "
                    + x.dtype() + x.shape() + " and " + y.dtype() + y.shape(), null);
        }
        if (x.shape().dim(0) != y.shape().dim(0)) {
            throw Idx.corrupt(where, "there are " + x.shape().dim(0) + " images but " + y.shape().dim(0) + " labels", null);
        }
        byte[] labels = (byte[]) y.host().array();
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xFF) > 9) throw Idx.corrupt(where, "label " + i + " is " + (labels[i] & 0xFF) + ", not a digit", null);
        }
        return s;
    }
}
