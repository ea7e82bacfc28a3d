package org.tapedeck.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tapedeck.engine.backend.BinaryOp;
import org.tapedeck.engine.backend.UnaryOp;

/**
 * The Java side's idea of every kernel (name, module, parameters) against the {@code .entry}
 * declarations of the committed PTX, and the op codes against the enums of elementwise.cu: a
 * mismatch would make a GPU read garbage, and this finds it without a GPU.
 */
class KernelCatalogTest {
    private static final Pattern ENTRY = Pattern.compile("\\.visible \\.entry (\\w+)\\(([^)]*)\\)");
    private static final Pattern PARAM = Pattern.compile("\\.param (?:\\.align \\d+ )?(\\.\\w+) \\w+?(\\[\\d+\\])?\\s*$");

    private static String ptx(String module) throws IOException {
        try (InputStream in = KernelCatalogTest.class.getResourceAsStream("/org/tapedeck/cuda/" + module + ".ptx")) {
            assertNotNull(in, module + ".ptx is not on the class path");
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** Kernel name to its parameter types as PTX spells them ({@code .u64}, {@code .b8[132]}). */
    private static Map<String, List<String>> entries(String module) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(ptx(module));
        while (m.find()) {
            List<String> params = new ArrayList<>();
            for (String p : m.group(2).split(",")) {
                if (p.isBlank()) continue;
                Matcher pm = PARAM.matcher(p.trim());
                if (!pm.find()) throw new AssertionError("cannot read parameter '" + p.trim() + "' of " + m.group(1));
                params.add(pm.group(1) + (pm.group(2) == null ? "" : pm.group(2)));
            }
            out.put(m.group(1), params);
        }
        return out;
    }

    @Test
    void everyKernelOfThePtxIsInTheCatalogWithItsParameters() throws IOException {
        Map<String, List<String>> expected = new TreeMap<>();
        Map<String, List<String>> actual = new TreeMap<>();
        for (KernelCatalog.Kernel k : KernelCatalog.all().values()) {
            expected.put(k.module() + ":" + k.name(), k.params().stream().map(p -> p.ptx).toList());
        }
        for (String module : List.of("elementwise", "reduce", "stats", "matmul", "conv", "pool", "adam", "copy")) {
            entries(module).forEach((name, params) -> actual.put(module + ":" + name, params));
        }
        List<String> problems = new ArrayList<>();
        for (String k : expected.keySet()) {
            if (!actual.containsKey(k)) problems.add(k + " is not in the PTX");
            else if (!expected.get(k).equals(actual.get(k))) problems.add(k + ": Java passes " + expected.get(k) + ", PTX takes " + actual.get(k));
        }
        for (String k : actual.keySet()) if (!expected.containsKey(k)) problems.add(k + " is in the PTX but not in KernelCatalog");
        assertEquals(List.of(), problems);
        assertEquals(expected.size(), actual.size());
    }

    /** The enum of elementwise.cu whose constants start with {@code prefix}, in order. */
    private static List<String> cudaEnum(String prefix) throws IOException {
        Path source = Path.of("../cuda-kernels/src/main/cuda/elementwise.cu");
        Assumptions.assumeTrue(Files.exists(source), "the CUDA sources are not next to this module");
        Matcher m = Pattern.compile("enum \\{([^}]*" + prefix + "[^}]*)\\}").matcher(Files.readString(source));
        if (!m.find()) throw new AssertionError("no enum of " + prefix + " constants in " + source);
        return Arrays.stream(m.group(1).split(",")).map(String::trim).toList();
    }

    @Test
    void opCodesMatchTheEnumsOfElementwiseCu() throws IOException {
        List<String> unary = cudaEnum("U_NEG");
        for (UnaryOp op : UnaryOp.values()) assertEquals("U_" + op.name(), unary.get(ElementwiseKernels.code(op)));
        assertEquals(UnaryOp.values().length, unary.size());
        List<String> binary = cudaEnum("B_ADD");
        for (BinaryOp op : BinaryOp.values()) assertEquals("B_" + op.name(), binary.get(ElementwiseKernels.code(op)));
        assertEquals(BinaryOp.values().length, binary.size());
    }
}
