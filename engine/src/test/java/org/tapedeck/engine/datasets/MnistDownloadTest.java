package org.tapedeck.engine.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapedeck.engine.errors.DataLossException;
import org.tapedeck.engine.errors.NotFoundException;

/**
 * The download path against a real HTTP server on the loopback interface, serving small made-up
 * MNIST files: good mirrors, corrupt files, cut connections, dead and stalled mirrors.
 */
class MnistDownloadTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    private String base;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> paths = Collections.synchronizedList(new ArrayList<>());
    private final Map<MnistFile, byte[]> files = IdxFixtures.files();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/good/", ex -> serve(ex, false, false));
        server.createContext("/corrupt/", ex -> serve(ex, true, false));
        server.createContext("/cut/", ex -> serve(ex, false, true));
        server.createContext("/missing/", ex -> {
            count(ex);
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() { server.stop(0); }

    private void count(HttpExchange ex) {
        requests.incrementAndGet();
        paths.add(ex.getRequestURI().getPath());
    }

    /** Serves {@code <name>.gz}: whole, with one label changed (corrupt), or cut off halfway. */
    private void serve(HttpExchange ex, boolean corrupt, boolean cut) throws IOException {
        count(ex);
        String name = ex.getRequestURI().getPath().replaceAll(".*/", "");
        MnistFile file = Stream.of(MnistFile.values()).filter(f -> f.gzName().equals(name)).findFirst().orElse(null);
        if (file == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        byte[] raw = files.get(file).clone();
        if (corrupt) raw[raw.length - 1] ^= 1;
        byte[] body = IdxFixtures.gzip(raw);
        ex.sendResponseHeaders(200, body.length);
        OutputStream out = ex.getResponseBody();
        if (cut) {
            out.write(body, 0, body.length / 2);
            out.flush();
            // A handler that fails makes the server drop the connection, short of the announced length.
            throw new IOException("connection cut on purpose after " + body.length / 2 + " of " + body.length + " bytes");
        }
        out.write(body);
        ex.close();
    }

    private URI mirror(String path) { return URI.create(base + "/" + path + "/"); }

    private MnistLoader loader(Path cache, URI... mirrors) {
        return IdxFixtures.isolatedLoader().cacheDir(cache).mirrors(List.of(mirrors)).allowEmbedded(false)
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private static List<String> listing(Path dir) throws IOException {
        if (!Files.exists(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadsVerifiesAndCaches() throws IOException {
        Path cache = tmp.resolve("cache");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Mnist.Data d = loader(cache, mirror("good")).progress(new PrintStream(progress, true, StandardCharsets.UTF_8)).load();
        assertEquals(Mnist.Source.DOWNLOAD, d.source());
        assertTrue(d.location().contains(base + "/good/train-images-idx3-ubyte.gz"), d.location());
        assertEquals(IdxFixtures.TRAIN, d.train().size());
        assertEquals(IdxFixtures.label(7, 3), d.train().labels().toIntArray()[7]);
        assertEquals(IdxFixtures.pixel(2, 500, 2), d.test().images().getLong(2, 500 / 28, 500 % 28));
        assertEquals(4, requests.get());
        // Stored decompressed, byte for byte, with nothing else left in the folder.
        assertEquals(List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
                listing(cache));
        for (MnistFile f : MnistFile.values()) {
            assertTrue(java.util.Arrays.equals(files.get(f), Files.readAllBytes(cache.resolve(f.fileName))), f.fileName);
        }
        String bar = progress.toString(StandardCharsets.UTF_8);
        assertTrue(bar.contains("Downloading " + base + "/good/train-images-idx3-ubyte.gz"), bar);
        assertTrue(bar.contains("train-images-idx3-ubyte.gz [") && bar.contains("100%"), bar);

        // The next load is served by the cache, without the network.
        Mnist.Data again = loader(cache, mirror("good")).load();
        assertEquals(Mnist.Source.TAPEDECK_CACHE, again.source());
        assertEquals(4, requests.get());
    }

    @Test
    void onlyMissingFilesAreDownloaded() throws IOException {
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache);
        Files.write(cache.resolve(MnistFile.TRAIN_IMAGES.fileName), files.get(MnistFile.TRAIN_IMAGES));
        Mnist.Data d = loader(cache, mirror("good")).load();
        assertEquals(Mnist.Source.DOWNLOAD, d.source());
        assertEquals(3, requests.get());
        assertFalse(paths.contains("/good/train-images-idx3-ubyte.gz"), paths.toString());
    }

    @Test
    void aCorruptFileFailsItsChecksumAndNothingIsCached() throws IOException {
        Path cache = tmp.resolve("cache");
        DataLossException e = assertThrows(DataLossException.class, () -> loader(cache, mirror("corrupt")).load());
        assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        assertEquals(List.of(), listing(cache));

        Downloader downloader = new Downloader(List.of(mirror("corrupt")), Duration.ofSeconds(5), Duration.ofSeconds(5), null);
        Path target = cache.resolve("t10k-labels-idx1-ubyte");
        DataLossException direct = assertThrows(DataLossException.class,
                () -> downloader.fetch("t10k-labels-idx1-ubyte.gz", IdxFixtures.sha256(files.get(MnistFile.TEST_LABELS)), target));
        assertTrue(direct.getMessage().contains(base + "/corrupt/t10k-labels-idx1-ubyte.gz"), direct.getMessage());
        assertTrue(direct.getMessage().contains("expected SHA-256 " + IdxFixtures.sha256(files.get(MnistFile.TEST_LABELS))), direct.getMessage());
        assertEquals(List.of(), listing(cache));
    }

    @Test
    void aCutConnectionIsAClearErrorAndLeavesNoPartialFile() throws IOException {
        Path cache = tmp.resolve("cache");
        DataLossException e = assertThrows(DataLossException.class, () -> loader(cache, mirror("cut")).load());
        assertTrue(e.getMessage().contains(base + "/cut/train-images-idx3-ubyte.gz"), e.getMessage());
        int length = IdxFixtures.gzip(files.get(MnistFile.TRAIN_IMAGES)).length;
        assertTrue(e.getMessage().matches("(?s).*the transfer stopped after \\d+ of " + length + " bytes.*"), e.getMessage());
        assertEquals(List.of(), listing(cache));
    }

    @Test
    void aFailingFirstMirrorFallsThroughToTheSecond() throws IOException {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + deadPort + "/mnist/");
        Path cache = tmp.resolve("cache");
        Mnist.Data d = loader(cache, dead, mirror("missing"), mirror("corrupt"), mirror("good")).load();
        assertEquals(Mnist.Source.DOWNLOAD, d.source());
        assertEquals(IdxFixtures.TEST, d.test().size());
        assertTrue(paths.contains("/missing/train-images-idx3-ubyte.gz"));
        assertTrue(paths.contains("/corrupt/train-images-idx3-ubyte.gz"));
        assertTrue(d.location().contains("/good/"), d.location());
        assertEquals(4, listing(cache).size());
    }

    @Test
    void noMirrorDeliveringIsNotFoundListingEachMirror() throws IOException {
        Path cache = tmp.resolve("cache");
        NotFoundException e = assertThrows(NotFoundException.class, () -> loader(cache, mirror("missing"), mirror("missing2")).load());
        assertTrue(e.getMessage().contains(base + "/missing/train-images-idx3-ubyte.gz: IOException: HTTP 404"), e.getMessage());
        assertTrue(e.getMessage().contains("/missing2/"), e.getMessage());
        assertEquals(List.of(), listing(cache));
    }

    @Test
    void aStalledMirrorTimesOut() throws IOException {
        try (ServerSocket stalled = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) accepted.add(stalled.accept());   // accept, then say nothing
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            URI slow = URI.create("http://127.0.0.1:" + stalled.getLocalPort() + "/mnist/");
            long start = System.nanoTime();
            Mnist.Data d = loader(tmp.resolve("cache"), slow, mirror("good"))
                    .timeouts(Duration.ofSeconds(2), Duration.ofMillis(300)).load();
            assertEquals(Mnist.Source.DOWNLOAD, d.source());
            assertTrue(System.nanoTime() - start < 20_000_000_000L, "timeouts were not applied");
            for (Socket s : accepted) s.close();
        }
    }

    @Test
    void aFailedDownloadFallsBackToTheSubsetAndSaysSo() throws IOException {
        Mnist.Data d = loader(tmp.resolve("cache"), mirror("cut")).allowEmbedded(true).load();
        assertEquals(Mnist.Source.EMBEDDED_SUBSET, d.source());
        assertTrue(d.isSubset());
        assertEquals(List.of(), listing(tmp.resolve("cache")));
    }
}
