package org.tapedeck.engine.backend;

import java.util.Locale;

import org.tapedeck.engine.errors.InvalidArgumentException;

/**
 * Where a tensor lives and where an op runs, named as TensorFlow names devices: {@code CPU:0},
 * {@code GPU:0}.
 */
public record Device(Type type, int index) {

    /** The kinds of device the engine knows. */
    public enum Type { CPU, GPU }

    /** The host. */
    public static final Device CPU = new Device(Type.CPU, 0);

    /** The first GPU. */
    public static final Device GPU = new Device(Type.GPU, 0);

    public Device {
        if (index < 0) throw new InvalidArgumentException("device index must be >= 0, got " + index);
    }

    /**
     * Parses {@code "CPU"}, {@code "GPU:0"}, {@code "/GPU:0"} or TensorFlow's long form
     * {@code "/job:localhost/replica:0/task:0/device:GPU:0"}.
     */
    public static Device parse(String spec) {
        String s = spec.trim();
        int at = s.lastIndexOf("device:");
        if (at >= 0) s = s.substring(at + "device:".length());
        if (s.startsWith("/")) s = s.substring(1);
        String[] parts = s.split(":");
        try {
            Type type = Type.valueOf(parts[0].toUpperCase(Locale.ROOT));
            int index = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            if (parts.length > 2) throw new IllegalArgumentException();
            return new Device(type, index);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("cannot parse device '" + spec + "'; expected e.g. CPU:0 or GPU:0");
        }
    }

    @Override
    public String toString() { return type + ":" + index; }
}
