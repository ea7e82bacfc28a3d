package org.tapedeck.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed PTX must be what nvcc makes of the committed CUDA sources today: machines without
 * nvcc run the PTX, so a kernel edited without re-running {@code build-ptx.sh} would silently run
 * the old code there. Recompiles every {@code .cu} with the flags in {@code nvcc.flags} and
 * compares byte for byte (nvcc's PTX is deterministic); skips where no nvcc is found.
 */
class PtxFreshnessTest {
    private static final Path SOURCES = Path.of("src/main/cuda");
    private static final Path PTX = Path.of("src/main/resources/org/tapedeck/cuda");

    @Test
    void everySourceHasItsPtxAndNoPtxIsOrphaned() throws IOException {
        assertEquals(names(SOURCES, ".cu"), names(PTX, ".ptx"),
                "each src/main/cuda/X.cu needs a committed X.ptx (run cuda-kernels/build-ptx.sh)");
    }

    @Test
    void committedPtxIsFresh(@TempDir Path tmp) throws Exception {
        String nvcc = findNvcc();
        Assumptions.assumeTrue(nvcc != null,
                "SKIPPED: no nvcc (looked at $NVCC, PATH, /usr/local/cuda/bin/nvcc); the committed PTX is not checked");
        List<String> flags = List.of(Files.readString(SOURCES.resolve("nvcc.flags")).trim().split("\\s+"));
        List<String> stale = new ArrayList<>();
        for (String name : names(SOURCES, ".cu")) {
            Path out = tmp.resolve(name + ".ptx");
            List<String> cmd = new ArrayList<>();
            cmd.add(nvcc);
            cmd.addAll(flags);
            cmd.addAll(List.of("-o", out.toString(), SOURCES.resolve(name + ".cu").toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "nvcc timed out on " + name + ".cu");
            assertEquals(0, p.exitValue(), "nvcc failed on " + name + ".cu:\n" + log);
            String fresh = Files.readString(out);
            String committed = Files.readString(PTX.resolve(name + ".ptx"));
            if (!fresh.equals(committed)) {
                stale.add(name + ".ptx (committed by " + compiler(committed) + ", checked with " + compiler(fresh) + ")");
            }
        }
        if (!stale.isEmpty()) {
            fail("stale PTX, regenerate with cuda-kernels/build-ptx.sh and commit it: " + String.join(", ", stale));
        }
    }

    /** The "Cuda compilation tools" line nvcc writes at the top of its PTX. */
    private static String compiler(String ptx) {
        return ptx.lines().filter(l -> l.contains("Cuda compilation tools")).findFirst()
                .map(l -> l.replace("//", "").trim()).orElse("an unknown compiler");
    }

    private static Set<String> names(Path dir, String ext) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(ext))
                    .map(f -> f.substring(0, f.length() - ext.length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static String findNvcc() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("NVCC");
        if (env != null && !env.isBlank()) candidates.add(Path.of(env));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) candidates.add(Path.of(dir, "nvcc"));
            }
        }
        candidates.add(Path.of("/usr/local/cuda/bin/nvcc"));
        return candidates.stream().filter(Files::isExecutable).map(Path::toString).findFirst().orElse(null);
    }
}
