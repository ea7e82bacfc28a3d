package org.tapedeck.app;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Optional;

import org.tapedeck.app.bench.DispatchBench;
import org.tapedeck.app.cli.Options;
import org.tapedeck.app.train.EvaluateCommand;
import org.tapedeck.app.train.TrainCommand;
import org.tapedeck.app.examples.Example;
import org.tapedeck.app.examples.Examples;
import org.tapedeck.engine.errors.TapedeckException;

/**
 * The {@code tapedeck} command: {@code tapedeck example <name>}, {@code tapedeck bench dispatch}.
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
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage(out);
            return 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
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

    private static int example(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: tapedeck example <name>");
            listExamples(err);
            return 2;
        }
        Optional<Example> ex = Examples.named(args[0]);
        if (ex.isEmpty()) {
            err.println("tapedeck: no example named '" + args[0] + "'");
            listExamples(err);
            return 2;
        }
        ex.get().run(out);
        return 0;
    }

    private static int bench(String[] args, PrintStream out, PrintStream err) {
        if (args.length >= 1 && args[0].equals("dispatch")) {
            int ops = args.length >= 2 ? Integer.parseInt(args[1]) : 2_000_000;
            DispatchBench.run(out, ops);
            return 0;
        }
        err.println("usage: tapedeck bench dispatch [ops-per-round]");
        return 2;
    }

    private static void listExamples(PrintStream s) {
        s.println("examples:");
        for (Example e : Examples.all()) s.printf("  %-10s %s%n", e.name(), e.description());
    }

    private static void usage(PrintStream s) {
        s.println("usage: tapedeck <command> [options]");
        s.println();
        s.println("commands:");
        s.println("  example <name>        run one of the tutorial's snippets");
        s.println("  train [options]       train the tutorial's MNIST model without a window:");
        s.println("                        --epochs 3 --batch-size 32 --seed S --steps N");
        s.println("                        --data DIR|subset (IDX files, or the embedded subset)");
        s.println("                        --threads N --device cpu|gpu|auto --out DIR");
        s.println("  evaluate --weights F  test accuracy of weights saved by train [--data DIR]");
        s.println("  bench dispatch [n]    time eager dispatch of tiny ops");
        s.println();
        listExamples(s);
    }
}
