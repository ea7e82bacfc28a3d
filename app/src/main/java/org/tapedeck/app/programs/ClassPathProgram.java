package org.tapedeck.app.programs;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.tapedeck.app.session.DebugProgram;

/**
 * The user's own training, loaded from a class path: a class with
 * {@code public static void main(String[])}, or one implementing {@code Runnable} (or
 * {@link DebugProgram}) with a public no-argument constructor.
 *
 * <pre>{@code
 * DebugProgram p = ClassPathProgram.load("com.example.MyTraining", "build/classes:lib/*", new String[0]);
 * }</pre>
 *
 * A class path is entries separated by {@link File#pathSeparator}: folders of classes, jars, and
 * {@code DIR/*} for every jar in a folder.
 */
public final class ClassPathProgram implements DebugProgram {
    private final Class<?> type;
    private final ClassLoader loader;
    private final String[] args;

    private ClassPathProgram(Class<?> type, ClassLoader loader, String[] args) {
        this.type = type;
        this.loader = loader;
        this.args = args;
    }

    /** Loads {@code className}; fails with a message naming what is missing. */
    public static ClassPathProgram load(String className, String classPath, String[] args) {
        URL[] urls = urls(classPath);
        URLClassLoader loader = new URLClassLoader("tapedeck-user", urls, ClassPathProgram.class.getClassLoader());
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("class " + className + " not found on the class path '" + classPath + "'", e);
        }
        if (mainMethod(type) == null && !Runnable.class.isAssignableFrom(type) && !DebugProgram.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("class " + className
                    + " has no public static void main(String[]) and is neither a Runnable nor a DebugProgram");
        }
        return new ClassPathProgram(type, loader, args.clone());
    }

    /** The loaded class. */
    public Class<?> type() { return type; }

    static URL[] urls(String classPath) {
        if (classPath == null || classPath.isBlank()) throw new IllegalArgumentException("the class path is empty");
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) continue;
            try {
                if (entry.endsWith("*")) {
                    Path dir = Path.of(entry.substring(0, entry.length() - 1));
                    if (!Files.isDirectory(dir)) throw new IllegalArgumentException("class path entry '" + entry + "': no folder " + dir);
                    try (Stream<Path> jars = Files.list(dir)) {
                        for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) urls.add(jar.toUri().toURL());
                    }
                } else {
                    Path p = Path.of(entry);
                    if (!Files.exists(p)) throw new IllegalArgumentException("class path entry '" + entry + "' does not exist");
                    urls.add(p.toUri().toURL());
                }
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("class path entry '" + entry + "' is not a valid path", e);
            } catch (IOException e) {
                throw new IllegalArgumentException("class path entry '" + entry + "' cannot be listed: " + e.getMessage(), e);
            }
        }
        return urls.toArray(URL[]::new);
    }

    private static Method mainMethod(Class<?> type) {
        try {
            Method m = type.getMethod("main", String[].class);
            return Modifier.isStatic(m.getModifiers()) && m.getReturnType() == void.class ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    @Override
    public void run(PrintStream out) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Method main = mainMethod(type);
            if (main != null) {
                main.invoke(null, (Object) args.clone());
            } else {
                Object instance = type.getConstructor().newInstance();
                if (instance instanceof DebugProgram p) p.run(out);
                else ((Runnable) instance).run();
            }
        } catch (InvocationTargetException e) {
            // Rethrow what the program threw, unwrapped: the session's stop travels as an Error.
            Throwable cause = e.getCause();
            if (cause instanceof Error err) throw err;
            if (cause instanceof Exception ex) throw ex;
            throw e;
        } finally {
            thread.setContextClassLoader(saved);
        }
    }

    @Override
    public String toString() { return type.getName(); }
}
