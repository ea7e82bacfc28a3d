package org.tapedeck.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The runtime switch of {@link CpuSimd}: without {@code --add-modules jdk.incubator.vector} the
 * engine is a plain library that convolves on the pure-Java path (never touching a Vector API
 * class), and {@code -Dtapedeck.simd=false} turns SIMD off where the module is present. Each case
 * runs {@link #main} in a fresh JVM started from this one's class path.
 */
class SimdSwitchTest {

    @Test
    void availabilityFollowsTheBootLayer() {
        boolean module = ModuleLayer.boot().findModule(CpuSimd.MODULE).isPresent();
        // With the module, only a CPU without 256-bit vectors keeps SIMD unavailable.
        boolean expected = module && !CpuSimd.describe().contains("no 256-bit");
        assertEquals(expected, CpuSimd.available(), CpuSimd.describe());
    }

    @Test
    void withoutTheModuleConvolutionsRunOnThePureJavaPath() throws Exception {
        String out = child(List.of());
        assertTrue(out.contains("available=false enabled=false"), out);
        assertTrue(out.contains("not in the boot layer"), out);
        assertEquals(scalarChecksum(), value(out), out);
    }

    @Test
    void thePropertyTurnsSimdOff() throws Exception {
        String out = child(List.of("--add-modules", CpuSimd.MODULE, "-D" + CpuSimd.PROPERTY + "=false"));
        assertTrue(out.contains("available=true enabled=false"), out);
        assertEquals(scalarChecksum(), value(out), out);
    }

    @Test
    void withTheModuleSimdIsOnByDefault() throws Exception {
        String out = child(List.of("--add-modules", CpuSimd.MODULE));
        assertTrue(out.contains("available=true enabled=true"), out);
        assertEquals(scalarChecksum(), value(out), 1e-3, out);
    }

    /** {@link #checksum()} on the pure-Java path, in this JVM. */
    private static double scalarChecksum() {
        boolean saved = CpuSimd.enabled();
        CpuSimd.setEnabled(false);
        try {
            return checksum();
        } finally {
            CpuSimd.setEnabled(saved);
        }
    }

    /** Prints the switch's state and the checksum of a tutorial-shaped float32 convolution. */
    public static void main(String[] args) {
        System.out.println("available=" + CpuSimd.available() + " enabled=" + CpuSimd.enabled() + " " + CpuSimd.describe());
        System.out.println("checksum=" + checksum());
    }

    /** The sum of squares of a 16-to-16-channel convolution's output on fixed inputs. */
    static double checksum() {
        float[] x = new float[2 * 8 * 8 * 16];
        float[] w = new float[3 * 3 * 16 * 16];
        for (int i = 0; i < x.length; i++) x[i] = (i % 13) / 13f - 0.5f;
        for (int i = 0; i < w.length; i++) w[i] = (i % 7) / 7f - 0.5f;
        Tensor y = CpuBackend.INSTANCE.conv2d(TF.constant(x, Shape.of(2, 8, 8, 16)), TF.constant(w, Shape.of(3, 3, 16, 16)),
                1, 1, 0, 0, Shape.of(2, 6, 6, 16));
        double s = 0;
        for (double v : TF.cast(y, DType.FLOAT64).toDoubleArray()) s += v * v;
        return s;
    }

    private static double value(String out) {
        for (String line : out.split("\n")) {
            if (line.startsWith("checksum=")) return Double.parseDouble(line.substring("checksum=".length()).trim());
        }
        throw new AssertionError("no checksum in the child's output:\n" + out);
    }

    private static String child(List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SimdSwitchTest.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish:\n" + out);
        assertEquals(0, p.exitValue(), "the child JVM failed:\n" + out);
        return out;
    }
}
