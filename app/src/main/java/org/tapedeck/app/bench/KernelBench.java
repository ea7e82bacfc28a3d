package org.tapedeck.app.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import org.tapedeck.app.cli.Options;
import org.tapedeck.app.train.Devices;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.backend.cpu.CpuBackend;
import org.tapedeck.engine.backend.cpu.CpuSimd;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Time per call and GFLOP/s of the CPU kernels the tutorial model spends its time in
 * ({@code tapedeck bench kernels [--threads 2] [--simd both|on|off] [--rounds 5]}): its four
 * convolution shapes with their gradients, and two plain float32 GEMMs: one on the convolutions'
 * SIMD kernel (a 1x1 convolution, the rate these kernels reach on a long reduction) and one on the
 * CPU backend's matmul. Each row is the best and the median of several timed rounds after a warm-up, with the CPU
 * contention of its rounds ({@link Contention}); with {@code --simd both} (the default, where the
 * Vector API is present) every convolution is timed on the pure-Java and on the SIMD path.
 * GFLOP/s is for the best round's wall time; GFLOP/cpu-s divides all rounds' work by this
 * process's CPU time in them, a rate per busy core that other work on the machine distorts less
 * (it still shares caches and memory bandwidth with it, so it is a hint, not a clean figure).
 */
public final class KernelBench {
    /** Seconds per timed round (calls are repeated until a round lasts this long). */
    private static final double ROUND_SECONDS = 0.15;
    private static volatile Tensor sink;

    private KernelBench() {}

    /** One kernel call and its floating-point operations; convolutions are timed on each path. */
    private record Case(String op, String shapes, double flop, boolean conv, Supplier<Tensor> call) {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o = Options.parse("bench kernels", args, Set.of("threads", "simd", "rounds"));
        int threads = (int) o.number("threads", 2, 1, 1024);
        int rounds = (int) o.number("rounds", 5, 1, 1000);
        String simd = o.string("simd", CpuSimd.available() ? "both" : "off");
        List<Boolean> paths = switch (simd) {
            case "both" -> List.of(false, true);
            case "on" -> List.of(true);
            case "off" -> List.of(false);
            default -> throw new Options.UsageException("bench kernels: --simd must be both, on or off, got '" + simd + "'");
        };
        if (paths.contains(true) && !CpuSimd.available()) {
            err.println("tapedeck bench kernels: SIMD is " + CpuSimd.describe());
            return 2;
        }
        Devices.setThreads(threads);
        boolean saved = CpuSimd.enabled();
        out.printf("tapedeck bench kernels: threads %d, SIMD %s; best and median of %d rounds of ~%.2f s%n",
                threads, CpuSimd.describe(), rounds, ROUND_SECONDS);
        out.printf(Locale.ROOT, "%-22s %-44s %-6s %9s %9s %8s %9s  %s%n",
                "op", "shapes", "path", "best ms", "median ms", "GFLOP/s", "GFLOP/cpu-s", "contention");
        Contention all = Contention.start();
        try {
            for (Case c : cases()) {
                if (!c.conv()) {
                    time(out, c, "-", rounds);
                    continue;
                }
                for (boolean on : paths) {
                    CpuSimd.setEnabled(on);
                    time(out, c, on ? "simd" : "scalar", rounds);
                }
            }
        } finally {
            CpuSimd.setEnabled(saved);
        }
        out.println("RESULT " + all.stop());
        return 0;
    }

    private static List<Case> cases() {
        CpuBackend cpu = CpuBackend.INSTANCE;
        List<Case> list = new ArrayList<>();
        // The tutorial: 28x28x1 -> conv 3x3x16 -> relu -> conv 3x3x16 -> relu -> pool -> dense, batch 32.
        int[][] layers = {{32, 28, 28, 1, 16}, {32, 26, 26, 16, 16}};
        for (int[] l : layers) {
            int n = l[0], h = l[1], w = l[2], c = l[3], f = l[4];
            int oh = h - 2, ow = w - 2;
            Tensor x = TF.random.normal(n, h, w, c);
            Tensor k = TF.random.normal(3, 3, c, f);
            Tensor g = TF.random.normal(n, oh, ow, f);
            Shape out = Shape.of(n, oh, ow, f);
            double flop = 2.0 * n * oh * ow * f * 9 * c;
            list.add(new Case("Conv2D", "input " + dims(x) + " filter " + dims(k), flop, true,
                    () -> cpu.conv2d(x, k, 1, 1, 0, 0, out)));
            if (c > 1) {
                list.add(new Case("Conv2DBackpropInput", "filter " + dims(k) + " grad " + dims(g), flop, true,
                        () -> cpu.conv2dBackpropInput(g, k, 1, 1, 0, 0, x.shape())));
            }
            list.add(new Case("Conv2DBackpropFilter", "input " + dims(x) + " grad " + dims(g), flop, true,
                    () -> cpu.conv2dBackpropFilter(x, g, 1, 1, 0, 0, k.shape())));
        }
        // The machine's GEMM rate on the same register-blocked kernel: (4096 x 256) x (256 x 256) as a 1x1 convolution.
        Tensor gx = TF.random.normal(1, 64, 64, 256);
        Tensor gw = TF.random.normal(1, 1, 256, 256);
        Shape gOut = Shape.of(1, 64, 64, 256);
        list.add(new Case("GEMM as 1x1 Conv2D", "(4096,256) x (256,256) float32", 2.0 * 4096 * 256 * 256, true,
                () -> cpu.conv2d(gx, gw, 1, 1, 0, 0, gOut)));
        int m = 512;
        Tensor a = TF.random.normal(m, m);
        Tensor b = TF.random.normal(m, m);
        list.add(new Case("MatMul (TF.matmul)", "(" + m + "," + m + ") x (" + m + "," + m + ") float32", 2.0 * m * m * m, false,
                () -> cpu.matmul(a, b, false, false, Shape.of(m, m))));
        return list;
    }

    private static void time(PrintStream out, Case c, String path, int rounds) {
        // Warm-up: enough calls for the JIT to compile the kernels.
        long w0 = System.nanoTime();
        for (int warm = 0; warm < 20 || System.nanoTime() - w0 < 300_000_000L; warm++) sink = c.call().get();
        double[] ms = new double[rounds];
        long total = 0;
        Contention window = Contention.start();
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            long end = t0 + (long) (ROUND_SECONDS * 1e9);
            int calls = 0;
            long now;
            do {
                sink = c.call().get();
                calls++;
                now = System.nanoTime();
            } while (now < end);
            ms[r] = (now - t0) / 1e6 / calls;
            total += calls;
        }
        Contention.Result noise = window.stop();
        Arrays.sort(ms);
        double best = ms[0];
        double perCpuSecond = noise.known() && noise.ownCpu() > 0 ? c.flop() * total / noise.ownCpu() / 1e9 : Double.NaN;
        out.printf(Locale.ROOT, "%-22s %-44s %-6s %9.3f %9.3f %8.1f %9.1f  %s%n",
                c.op(), c.shapes(), path, best, ms[rounds / 2], c.flop() / best / 1e6, perCpuSecond, noise);
    }

    private static String dims(Tensor t) { return t.shape().toString().replace(" ", ""); }
}
