package org.tapedeck.engine.ops;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

import org.tapedeck.engine.errors.InvalidArgumentException;

/**
 * TensorFlow's {@code tf.name_scope}: a path of names, per thread, that every op executed inside
 * carries in its events ({@code OpEvent.scope()}). Keras layers open one with their name, so the
 * debugger knows that a {@code Conv2D} op ran in {@code sequential/conv2d_1}.
 *
 * <pre>{@code
 * try (var s = TF.nameScope("block1")) {
 *     TF.add(a, b);     // its event's scope is "block1"
 * }
 * }</pre>
 */
public final class NameScope {
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final ThreadLocal<ArrayDeque<String>> PATHS = ThreadLocal.withInitial(ArrayDeque::new);

    private NameScope() {}

    /** Enters {@code name} below the current scope until the returned scope is closed. */
    public static Scope open(String name) {
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new InvalidArgumentException("name scope: '" + name + "' is not a name (non-empty, without '/')");
        }
        ArrayDeque<String> paths = PATHS.get();
        String parent = paths.peek();
        paths.push(parent == null ? name : parent + "/" + name);
        OPEN.incrementAndGet();
        return () -> {
            paths.pop();
            OPEN.decrementAndGet();
        };
    }

    /**
     * Makes {@code path} (a whole path, e.g. {@code gradients/sequential/conv2d}) the current scope
     * until the returned scope is closed; the tape uses it to name the backward ops of a layer.
     */
    public static Scope openPath(String path) {
        ArrayDeque<String> paths = PATHS.get();
        paths.push(path);
        OPEN.incrementAndGet();
        return () -> {
            paths.pop();
            OPEN.decrementAndGet();
        };
    }

    /** The current path, e.g. {@code sequential/conv2d_1}; empty outside any scope. */
    public static String current() {
        if (OPEN.get() == 0) return "";
        String p = PATHS.get().peek();
        return p == null ? "" : p;
    }

    /** An open name scope; closing it returns to the enclosing one. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
