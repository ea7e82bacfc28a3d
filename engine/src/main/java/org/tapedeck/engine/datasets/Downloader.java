package org.tapedeck.engine.datasets;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.tapedeck.engine.errors.DataLossException;
import org.tapedeck.engine.errors.NotFoundException;
import org.tapedeck.engine.errors.TapedeckException;

/**
 * Fetches gzip-compressed files from a list of mirrors, trying each in turn. A file is
 * decompressed into a temporary file beside its target while it downloads, its SHA-256 checked,
 * and only then moved into place in one atomic step; whatever fails, no partial file is left.
 */
final class Downloader {
    private final List<URI> mirrors;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final PrintStream progress;

    /**
     * @param mirrors base URLs, each a folder ({@code https://host/mnist/}) holding the {@code .gz} files
     * @param progress where the progress bar goes, or null for none
     */
    Downloader(List<URI> mirrors, Duration connectTimeout, Duration readTimeout, PrintStream progress) {
        this.mirrors = List.copyOf(mirrors);
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.progress = progress;
    }

    /**
     * Downloads {@code gzName} from the first mirror that delivers it whole with the decompressed
     * SHA-256 {@code sha256}, and stores it, decompressed, as {@code target}. Throws
     * {@link DataLossException} when a mirror delivered a corrupt or cut-off file and none a good
     * one, {@link NotFoundException} when no mirror could deliver at all; the message lists every
     * mirror's failure.
     *
     * @return the URL the file came from
     */
    URI fetch(String gzName, String sha256, Path target) {
        if (mirrors.isEmpty()) throw new NotFoundException("download of " + gzName + ": no mirrors are configured");
        List<String> failures = new ArrayList<>();
        List<Exception> causes = new ArrayList<>();
        boolean dataLoss = false;
        for (URI mirror : mirrors) {
            URI url = resolve(mirror, gzName);
            try {
                fetchFrom(url, sha256, target);
                return url;
            } catch (DataLossException e) {
                dataLoss = true;
                failures.add(e.getMessage());
                causes.add(e);
            } catch (IOException e) {
                failures.add(url + ": " + describe(e));
                causes.add(e);
            }
        }
        String message = "could not download " + gzName + " (tried " + mirrors.size() + " mirror" + (mirrors.size() > 1 ? "s" : "")
                + "):\n  " + String.join("\n  ", failures);
        TapedeckException e = dataLoss ? new DataLossException(message) : new NotFoundException(message);
        causes.forEach(e::addSuppressed);
        throw e;
    }

    private static URI resolve(URI mirror, String name) {
        String base = mirror.toString();
        return URI.create(base.endsWith("/") ? base + name : base + "/" + name);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m != null ? ": " + m : "");
    }

    private void fetchFrom(URI url, String sha256, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        URLConnection connection = url.toURL().openConnection();
        connection.setConnectTimeout((int) connectTimeout.toMillis());
        connection.setReadTimeout((int) readTimeout.toMillis());
        connection.setRequestProperty("User-Agent", "Tapedeck");
        Path tmp = null;
        ProgressBar bar = null;
        CountingStream counted = null;
        boolean ok = false;
        try {
            if (connection instanceof HttpURLConnection http) {
                int status = http.getResponseCode();
                if (status != HttpURLConnection.HTTP_OK) throw new IOException("HTTP " + status + " " + http.getResponseMessage());
            }
            long length = connection.getContentLengthLong();
            if (progress != null) progress.println("Downloading " + url);
            bar = new ProgressBar(progress, target.getFileName() + ".gz", length);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
            MessageDigest digest = Sha256.newDigest();
            counted = new CountingStream(connection.getInputStream(), bar);
            try (InputStream gz = new GZIPInputStream(counted, 1 << 16); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = gz.read(buf)) >= 0; ) {
                    digest.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            } catch (ZipException e) {
                throw new DataLossException(url + ": corrupt gzip data (" + e.getMessage() + ")", e);
            } catch (IOException e) {
                // Cut off: the gzip stream ended early, or the connection failed mid-transfer.
                if (e instanceof EOFException || counted.failed) {
                    throw new DataLossException(url + ": " + cutOff(counted.count, length) + " (" + describe(e) + ")", e);
                }
                throw e;
            }
            if (length >= 0 && counted.count != length) throw new DataLossException(url + ": " + cutOff(counted.count, length));
            String actual = Sha256.hex(digest.digest());
            if (!actual.equalsIgnoreCase(sha256)) {
                throw new DataLossException(url + ": checksum mismatch for " + target.getFileName() + ": expected SHA-256 " + sha256
                        + " but the download has " + actual);
            }
            moveAtomically(tmp, target);
            ok = true;
        } finally {
            if (bar != null) bar.finish(counted != null ? counted.count : 0, ok);
            if (tmp != null) Files.deleteIfExists(tmp);
            if (connection instanceof HttpURLConnection http) http.disconnect();
        }
    }

    private static String cutOff(long got, long length) {
        return length >= 0 && got < length
                ? "the transfer stopped after " + got + " of " + length + " bytes"
                : "the download is truncated after " + got + " bytes";
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Counts the compressed bytes as they arrive and moves the progress bar. */
    private static final class CountingStream extends FilterInputStream {
        long count;
        boolean failed;
        private final ProgressBar bar;

        CountingStream(InputStream in, ProgressBar bar) {
            super(in);
            this.bar = bar;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            if (n > 0) {
                count += n;
                bar.update(count);
            }
            return n;
        }

    }
}
