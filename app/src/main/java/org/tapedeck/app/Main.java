package org.tapedeck.app;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import org.tapedeck.app.bench.DispatchBench;
import org.tapedeck.app.bench.KernelBench;
import org.tapedeck.app.bench.TrainBench;
import org.tapedeck.app.train.Devices;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.ops.Placement;
import org.tapedeck.app.cli.Options;
import org.tapedeck.app.train.EvaluateCommand;
import org.tapedeck.app.train.TrainCommand;
import org.tapedeck.app.desktop.DebuggerLauncher;
import org.tapedeck.app.examples.Example;
import org.tapedeck.app.examples.Examples;
import org.tapedeck.app.programs.ClassPathProgram;
import org.tapedeck.app.programs.ProgramEntry;
import org.tapedeck.app.programs.Programs;
import org.tapedeck.engine.errors.TapedeckException;

/**
 * The {@code tapedeck} command: {@code tapedeck} (the debugger on the default program),
 * {@code tapedeck debug [--example NAME | --main CLASS --classpath PATH [ARGS...]]},
 * {@code tapedeck example <name>}, {@code tapedeck bench dispatch}, {@code tapedeck bench kernels}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            return dispatch(args, out, err);
        } catch (Options.UsageException e) {
            err.println("tapedeck " + e.getMessage());
            return 2;
        } catch (IOException | TapedeckException e) {
            err.println("tapedeck: " + e.getMessage());
            return 1;
        }
    }

    private static int dispatch(String[] args, PrintStream out, PrintStream err) throws IOException {
        if (args.length == 0) return DebuggerLauncher.open(Programs.defaultProgram(), err);
        if (args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage(out);
            return 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "debug":
                return debug(rest, err);
            case "example":
                return example(rest, out, err);
            case "bench":
                return bench(rest, out, err);
            case "train":
                return TrainCommand.run(rest, out, err);
            case "evaluate":
                return EvaluateCommand.run(rest, out, err);
            default:
                err.println("tapedeck: unknown command '" + args[0] + "'");
                usage(err);
                return 2;
        }
    }

    private static int debug(String[] args, PrintStream err) {
        ProgramEntry program;
        try {
            program = debugTarget(args);
        } catch (IllegalArgumentException e) {
            err.println("tapedeck debug: " + e.getMessage());
            err.println(DEBUG_USAGE);
            return 2;
        }
        return DebuggerLauncher.open(program, err);
    }

    private static final String DEBUG_USAGE = "usage: tapedeck debug [--example NAME | --main CLASS --classpath PATH [ARGS...]]";

    /** What {@code tapedeck debug ARGS} debugs; throws with the reason when the arguments make no sense. */
    public static ProgramEntry debugTarget(String[] args) {
        if (args.length == 0) return Programs.defaultProgram();
        if (args[0].equals("--example")) {
            if (args.length != 2) throw new IllegalArgumentException("--example takes one program name");
            return Programs.named(args[1]).orElseThrow(() -> new IllegalArgumentException("no program named '" + args[1]
                    + "'; known: " + String.join(", ", Programs.all().stream().map(ProgramEntry::name).toList())));
        }
        String mainClass = null;
        String classPath = null;
        int i = 0;
        while (i < args.length && (args[i].equals("--main") || args[i].equals("--classpath") || args[i].equals("-cp"))) {
            if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value");
            if (args[i].equals("--main")) mainClass = args[i + 1];
            else classPath = args[i + 1];
            i += 2;
        }
        if (mainClass == null && classPath == null) throw new IllegalArgumentException("unknown option '" + args[0] + "'");
        if (mainClass == null) throw new IllegalArgumentException("--classpath needs --main CLASS");
        if (classPath == null) throw new IllegalArgumentException("--main needs --classpath DIR_OR_JARS");
        String[] programArgs = Arrays.copyOfRange(args, i, args.length);
        ClassPathProgram p = ClassPathProgram.load(mainClass, classPath, programArgs);
        return new ProgramEntry(mainClass, "loaded from " + classPath, p);
    }

    private static int example(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1 && args.length != 3) {
            err.println("usage: tapedeck example <name> [--device cpu|gpu|auto]");
            listExamples(err);
            return 2;
        }
        Device device = Devices.select(Options.parse("example", Arrays.copyOfRange(args, 1, args.length), Set.of("device"))
                .string("device", "cpu"), err);
        Optional<Example> ex = Examples.named(args[0]);
        if (ex.isEmpty()) {
            err.println("tapedeck: no example named '" + args[0] + "'");
            listExamples(err);
            return 2;
        }
        try (Placement.Scope onDevice = TF.device(device)) {
            ex.get().run(out);
        }
        return 0;
    }

    private static int bench(String[] args, PrintStream out, PrintStream err) {
        if (args.length >= 1 && args[0].equals("dispatch")) {
            int ops = args.length >= 2 ? Integer.parseInt(args[1]) : 2_000_000;
            DispatchBench.run(out, ops);
            return 0;
        }
        if (args.length >= 1 && args[0].equals("train")) {
            return TrainBench.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (args.length >= 1 && args[0].equals("kernels")) {
            return KernelBench.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        err.println("usage: tapedeck bench dispatch [ops-per-round]");
        err.println("       tapedeck bench train [--steps 500] [--warmup auto|N] [--threads 2] [--data DIR|subset] [--device cpu|gpu]");
        err.println("                         [--rounds 1] [--observe none|events|session|feed] [--cores own|shared]");
        err.println("       tapedeck bench kernels [--threads 2] [--simd both|on|off] [--rounds 5]");
        return 2;
    }

    private static void listExamples(PrintStream s) {
        s.println("examples:");
        for (Example e : Examples.all()) s.printf("  %-10s %s%n", e.name(), e.description());
    }

    private static void listPrograms(PrintStream s) {
        s.println("programs for `debug --example` (the default first):");
        for (ProgramEntry p : Programs.all()) s.printf("  %-10s %s%n", p.name(), p.description());
    }

    private static void usage(PrintStream s) {
        s.println("usage: tapedeck [<command> [options]]");
        s.println();
        s.println("commands:");
        s.println("  (none)                open the debugger on the built-in demo training");
        s.println("  debug                 the same");
        s.println("  debug --example NAME  open the debugger on a named program (below)");
        s.println("  debug --main CLASS --classpath PATH [ARGS...]");
        s.println("                        open the debugger on your own main(String[]) or Runnable");
        s.println("  example <name> [--device cpu|gpu|auto]  run one of the tutorial's snippets");
        s.println("  train [options]       train the tutorial's MNIST model without a window:");
        s.println("                        --epochs 3 --batch-size 32 --seed S --steps N");
        s.println("                        --data DIR|subset (IDX files, or the embedded subset)");
        s.println("                        --threads N --device cpu|gpu|auto --out DIR");
        s.println("  evaluate --weights F  test accuracy of weights saved by train [--data DIR]");
        s.println("  bench dispatch [n]    time eager dispatch of tiny ops");
        s.println("  bench train [options] steady-state training throughput of the tutorial model");
        s.println("  bench kernels [opts]  ms/call and GFLOP/s of the tutorial's convolutions and a GEMM");
        s.println();
        listPrograms(s);
    }
}
