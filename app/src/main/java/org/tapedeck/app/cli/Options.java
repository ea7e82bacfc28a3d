package org.tapedeck.app.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} / {@code --name=value} options of one subcommand, checked against the names
 * it accepts. Errors are {@link UsageException}s that name the option.
 */
public final class Options {
    private final String command;
    private final Map<String, String> values = new LinkedHashMap<>();

    private Options(String command) { this.command = command; }

    /** Thrown for a malformed command line; the message says what is wrong. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) { super(message); }
    }

    public static Options parse(String command, String[] args, Set<String> known) {
        Options o = new Options(command);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new UsageException(command + ": unexpected argument '" + a + "'");
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.length) throw new UsageException(command + ": option --" + name + " needs a value");
                value = args[++i];
            }
            if (!known.contains(name)) {
                throw new UsageException(command + ": unknown option --" + name + " (known: --" + String.join(", --", known) + ")");
            }
            o.values.put(name, value);
        }
        return o;
    }

    public boolean has(String name) { return values.containsKey(name); }

    public String string(String name, String fallback) { return values.getOrDefault(name, fallback); }

    public int integer(String name, int fallback) { return (int) number(name, fallback, Integer.MIN_VALUE, Integer.MAX_VALUE); }

    public long number(String name, long fallback, long min, long max) {
        String v = values.get(name);
        if (v == null) return fallback;
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) throw new UsageException(command + ": --" + name + " must be between " + min + " and " + max + ", got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " needs a whole number, got '" + v + "'");
        }
    }
}
