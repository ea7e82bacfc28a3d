package org.tapedeck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tapedeck.engine.backend.GpuSupport;

/**
 * The CPU path in a fresh JVM, where class loading can be watched: plain CPU work loads no JCuda
 * class and says nothing about GPUs; asking for a GPU on a machine without one says so in exactly
 * one line and computes on the CPU.
 */
class CpuPathTest {

    private static List<String> run(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xlog:class+load=info", "-cp",
                System.getProperty("java.class.path"), CpuPathProgram.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the program timed out");
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }

    @Test
    void cpuWorkLoadsNoJcudaClassAndLogsNothing() throws Exception {
        List<String> lines = run();
        assertTrue(lines.contains("result CPU:0 54.0"), String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
        assertEquals(List.of(), lines.stream().filter(l -> l.contains(" jcuda.")).toList(), "JCuda classes were loaded");
        assertEquals(List.of(), lines.stream().filter(l -> l.contains("backend.cuda.")).toList(), "the CUDA backend was loaded");
        assertEquals(List.of(), lines.stream().filter(l -> l.startsWith("tapedeck:")).toList());
    }

    @Test
    void askingForAMissingGpuSaysSoOnceAndRunsOnTheCpu() throws Exception {
        Assumptions.assumeFalse(GpuSupport.isAvailable(), "this machine has a GPU: " + GpuSupport.status());
        List<String> lines = run("gpu");
        assertTrue(lines.contains("result CPU:0 54.0"), String.join("\n", lines));
        List<String> said = lines.stream().filter(l -> l.startsWith("tapedeck:")).toList();
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("tapedeck: no GPU: "), said.get(0));
    }
}
