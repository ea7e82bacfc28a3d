package org.tapedeck.engine.datasets;

import java.nio.file.Path;

import org.tapedeck.engine.tensor.Tensor;

/**
 * The MNIST handwritten digits, as {@code tf.keras.datasets.mnist.load_data()} gives them: 60,000
 * training and 10,000 test images of 28x28 uint8 pixels, with uint8 labels 0-9.
 *
 * <pre>{@code
 * Mnist.Data mnist = Mnist.loadData();
 * Tensor images = mnist.train().images();   // uint8 (60000, 28, 28)
 * Tensor labels = mnist.train().labels();   // uint8 (60000,)
 * System.out.println(mnist.source());       // where the data came from
 * }</pre>
 *
 * {@link #loadData()} looks, in order, in
 * <ol>
 * <li>the folder named by the environment variable {@code TAPEDECK_DATA} (or its {@code mnist}
 *     subfolder), holding the four IDX files, raw or {@code .gz};</li>
 * <li>Keras' cache, {@code ~/.keras/datasets/mnist.npz} ({@code $KERAS_HOME/datasets/mnist.npz});</li>
 * <li>Tapedeck's cache, {@code ~/.cache/tapedeck/mnist/} ({@code $XDG_CACHE_HOME/tapedeck/mnist/});</li>
 * <li>the public mirrors, downloading into Tapedeck's cache with a progress bar on stderr, each
 *     file checked against its published SHA-256 (set {@code TAPEDECK_OFFLINE=1} to skip);</li>
 * <li>and last, a subset shipped inside the engine (the first 6,000 training and 1,000 test
 *     images), with a warning: {@link Data#isSubset()} tells.</li>
 * </ol>
 * {@link #loadData(Path)} reads only the given folder. {@link #loader()} configures every step.
 * A truncated or corrupt file is a {@link org.tapedeck.engine.errors.DataLossException} naming
 * it; a corrupt cache is reported and passed over.
 */
public final class Mnist {
    private Mnist() {}

    /** Where {@link Data} came from. */
    public enum Source {
        /** A folder given by {@link #loadData(Path)} or {@code TAPEDECK_DATA}. */
        EXPLICIT_DIR,
        /** Keras' {@code mnist.npz}. */
        KERAS_CACHE,
        /** Files downloaded earlier into Tapedeck's cache. */
        TAPEDECK_CACHE,
        /** Downloaded now (into Tapedeck's cache). */
        DOWNLOAD,
        /** The small subset inside the engine's jar: no network and nothing cached. */
        EMBEDDED_SUBSET
    }

    /** Images (uint8, (n, 28, 28)) and their labels (uint8, (n,)). */
    public record Split(Tensor images, Tensor labels) {
        /** Number of examples. */
        public int size() { return labels.shape().dim(0); }
    }

    /**
     * The two splits, like Keras' {@code (x_train, y_train), (x_test, y_test)}, and where they came from.
     *
     * @param location the folder, file or URL the data was read from
     */
    public record Data(Split train, Split test, Source source, String location) {
        /** True for the embedded subset, which is smaller than MNIST. */
        public boolean isSubset() { return source == Source.EMBEDDED_SUBSET; }
    }

    /** MNIST from the first place that has it (see the class comment), like Keras' {@code load_data()}. */
    public static Data loadData() { return loader().load(); }

    /**
     * MNIST from the IDX files in {@code dir} (raw or {@code .gz}) and nowhere else; missing files
     * are a {@link org.tapedeck.engine.errors.NotFoundException}.
     */
    public static Data loadData(Path dir) { return loader().dataDir(dir).load(); }

    /** A loader with the default places, to adjust: {@code Mnist.loader().offline().load()}. */
    public static MnistLoader loader() { return MnistLoader.withDefaults(); }
}
