package org.tapedeck.app.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.function.Supplier;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.GradientTape;
import org.tapedeck.engine.events.ExecutionEvents;
import org.tapedeck.engine.events.ExecutionListener;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Eager dispatch cost of tiny ops ({@code tapedeck bench dispatch}): a 2x2 float32 add and matmul
 * with no tape and no listener, then the add with one listener attached and with a tape recording.
 * Each figure is the median of several timed rounds after a warm-up, with the CPU contention of
 * each round, so it can be compared with {@code shared/bench/torch_opoverhead.py} run alongside.
 */
public final class DispatchBench {
    private static final int ROUNDS = 5;
    private static volatile int sink;
    // NOTE: every result is stored here, so it escapes: the JIT can neither skip the op nor
    // replace the output tensor by scalars, as it could if only a field of it were read.
    private static final Tensor[] RESULTS = new Tensor[1024];

    private DispatchBench() {}

    public static void run(PrintStream out, int opsPerRound) {
        Tensor a = TF.random.uniform(2, 2);
        Tensor b = TF.random.uniform(2, 2);
        out.printf("eager dispatch, 2x2 float32, %,d ops per round, median of %d rounds (µs/op)%n", opsPerRound, ROUNDS);

        report(out, "add", opsPerRound, () -> TF.add(a, b));
        report(out, "matmul", opsPerRound, () -> TF.matmul(a, b));

        ExecutionListener quiet = new ExecutionListener() {
            @Override public void afterOp(OpEvent e) { sink += (int) e.sequence(); }
        };
        try (var reg = ExecutionEvents.addListener(quiet)) {
            report(out, "add, one listener", opsPerRound, () -> TF.add(a, b));
        }

        // The tape is reopened every 1,000 ops so that what it holds stays bounded.
        int[] n = {0};
        GradientTape[] tape = {null};
        report(out, "add, tape recording", opsPerRound, () -> {
            if (n[0]++ % 1000 == 0) {
                if (tape[0] != null) tape[0].close();
                tape[0] = new GradientTape();
                tape[0].watch(a);
            }
            return TF.add(a, b);
        });
        tape[0].close();
    }

    private static void report(PrintStream out, String name, int ops, Supplier<Tensor> op) {
        for (int i = 0; i < ops; i++) RESULTS[i & 1023] = op.get(); // warm-up (JIT)
        double[] us = new double[ROUNDS];
        Contention.Result[] noise = new Contention.Result[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            Contention window = Contention.start();
            long t0 = System.nanoTime();
            for (int i = 0; i < ops; i++) RESULTS[i & 1023] = op.get();
            us[r] = (System.nanoTime() - t0) / 1e3 / ops;
            noise[r] = window.stop();
            sink += RESULTS[(ops - 1) & 1023].size();
        }
        double[] sorted = us.clone();
        Arrays.sort(sorted);
        boolean clean = Arrays.stream(noise).allMatch(Contention.Result::clean);
        long noisy = Arrays.stream(noise).filter(n -> !n.clean()).count();
        out.printf("  %-22s %7.3f µs/op   rounds %s%s%n", name, sorted[ROUNDS / 2], fmt(us),
                clean ? "" : "   (" + noisy + " of " + ROUNDS + " rounds shared the CPU with other work)");
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? " " : "").append(String.format("%.3f", v[i]));
        return sb.append(']').toString();
    }
}
