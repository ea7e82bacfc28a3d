package org.tapedeck.engine.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.tapedeck.engine.errors.DataLossException;
import org.tapedeck.engine.errors.NotFoundException;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Reads NumPy's {@code .npz} archives ({@code np.savez}, {@code np.savez_compressed}): a zip of
 * {@code .npy} files, one per array, named by the keyword they were saved under.
 *
 * <pre>{@code
 * Map<String, Tensor> arrays = Npz.read(Path.of("mnist.npz"));
 * Tensor xTrain = arrays.get("x_train");
 * }</pre>
 */
public final class Npz {
    private Npz() {}

    /** Every array in the archive, by name (without {@code .npy}), in archive order. */
    public static Map<String, Tensor> read(Path path) {
        if (!Files.isRegularFile(path)) throw new NotFoundException("Npz: no such file: " + path);
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || !e.getName().endsWith(".npy")) continue;
                String key = e.getName().substring(0, e.getName().length() - 4);
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(key, Npy.read(in, path + "!" + e.getName(), e.getSize()));
                }
            }
        } catch (ZipException e) {
            throw new DataLossException("Npz: " + path + " is corrupt: not a readable zip archive (" + e.getMessage() + ")", e);
        } catch (java.io.EOFException e) {
            throw new DataLossException("Npz: " + path + " is corrupt: truncated (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Npz: cannot read " + path + ": " + e.getMessage(), e);
        }
        return Collections.unmodifiableMap(out);
    }
}
