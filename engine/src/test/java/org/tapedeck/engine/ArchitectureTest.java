package org.tapedeck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.backend.Backend;

/**
 * The engine's dependency rules, checked on its compiled classes: only
 * {@code org.tapedeck.engine.backend.cuda} touches JCuda, nothing else links to that package
 * (the engine reaches it by name, so the CPU path never loads it), and the engine never uses
 * JavaFX.
 */
class ArchitectureTest {
    private static final String CUDA_PACKAGE = "org/tapedeck/engine/backend/cuda/";

    private static Path classesDir() throws URISyntaxException {
        return Path.of(Backend.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static List<Path> classFiles() throws Exception {
        try (Stream<Path> s = Files.walk(classesDir())) {
            return s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
    }

    private String relative(Path p) throws URISyntaxException { return classesDir().relativize(p).toString().replace('\\', '/'); }

    private TreeSet<String> classesMentioning(String needle, boolean insideCudaPackage) throws Exception {
        TreeSet<String> offenders = new TreeSet<>();
        for (Path p : classFiles()) {
            String name = relative(p);
            if (name.startsWith(CUDA_PACKAGE) == insideCudaPackage && mentions(p, needle)) offenders.add(name);
        }
        return offenders;
    }

    private static boolean mentions(Path classFile, String needle) throws IOException {
        for (String c : ClassReferences.utf8Constants(classFile)) if (c.contains(needle)) return true;
        return false;
    }

    @Test
    void scansTheRealClasses() throws Exception {
        List<Path> files = classFiles();
        assertTrue(files.size() > 50, "expected the engine's classes in " + classesDir());
        assertTrue(!classesMentioning("jcuda/", true).isEmpty(), "the CUDA backend itself must show up as using JCuda");
    }

    @Test
    void onlyTheCudaPackageReferencesJcuda() throws Exception {
        assertEquals(new TreeSet<>(), classesMentioning("jcuda/", false));
    }

    @Test
    void nothingOutsideTheCudaPackageLinksToIt() throws Exception {
        assertEquals(new TreeSet<>(), classesMentioning(CUDA_PACKAGE, false));
    }

    @Test
    void theEngineDoesNotUseJavaFx() throws Exception {
        List<String> offenders = new ArrayList<>(classesMentioning("javafx/", false));
        offenders.addAll(classesMentioning("javafx/", true));
        assertEquals(List.of(), offenders);
    }
}
