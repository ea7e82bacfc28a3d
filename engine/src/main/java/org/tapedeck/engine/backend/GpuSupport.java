package org.tapedeck.engine.backend;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Whether this machine has a usable GPU, found once and said in one log line. The CUDA backend is
 * loaded by name, so that engine code running on the CPU never loads a JCuda class: without a
 * driver, the first touch of JCuda fails with an {@code UnsatisfiedLinkError}, which here becomes
 * the reason in the log line, never a crash.
 *
 * <pre>{@code
 * if (GpuSupport.isAvailable()) Placement.setDefaultDevice(Device.GPU);
 * System.out.println(GpuSupport.status());   // "GPU:0 NVIDIA H100 80GB HBM3 (...)" or "no GPU: ..."
 * }</pre>
 *
 * Setting the system property {@code tapedeck.gpu=off} (or the environment variable
 * {@code TAPEDECK_GPU=off}) skips the probe and runs everything on the CPU.
 */
public final class GpuSupport {
    static final String PROBE_CLASS = "org.tapedeck.engine.backend.cuda.CudaProbe";

    private static volatile Result result;
    private static volatile Consumer<String> log = System.err::println;

    private GpuSupport() {}

    /** What the probe found: the backend of GPU:0, or null with the reason in {@code message}. */
    public record Result(Backend backend, String message) {
        public boolean available() { return backend != null; }
    }

    /** True when GPU:0 has a backend (probing on the first call). */
    public static boolean isAvailable() { return probe().available(); }

    /** The probe's one-line finding. */
    public static String status() { return probe().message(); }

    /** Where the probe's line goes (standard error by default); the debugger can show it instead. */
    public static void setLog(Consumer<String> sink) { log = sink; }

    /** Probes once per process and registers the GPU backend when one is found. */
    public static Result probe() {
        Result r = result;
        if (r != null) return r;
        synchronized (GpuSupport.class) {
            if (result == null) {
                Result found = disabledBy() != null
                        ? disabled(disabledBy(), log)
                        : probeWith(GpuSupport::openByReflection, log);
                if (found.available()) Backends.register(found.backend());
                result = found;
            }
            return result;
        }
    }

    /**
     * Runs {@code opener} and says what came of it in exactly one line to {@code sink}; never
     * throws (a failing probe means "no GPU"). The testable core of {@link #probe()}.
     */
    static Result probeWith(Supplier<Backend> opener, Consumer<String> sink) {
        Result r;
        try {
            Backend b = opener.get();
            r = new Result(b, b.device() + " " + b);
        } catch (RuntimeException | LinkageError e) {
            r = new Result(null, "no GPU: " + reason(e) + "; ops placed on GPU:0 run on CPU:0");
        }
        sink.accept("tapedeck: " + r.message());
        return r;
    }

    private static Result disabled(String by, Consumer<String> sink) {
        Result r = new Result(null, "no GPU: disabled by " + by + "; ops placed on GPU:0 run on CPU:0");
        sink.accept("tapedeck: " + r.message());
        return r;
    }

    private static String disabledBy() {
        String p = System.getProperty("tapedeck.gpu");
        if (p != null && isOff(p)) return "-Dtapedeck.gpu=" + p;
        String e = System.getenv("TAPEDECK_GPU");
        if (e != null && isOff(e)) return "TAPEDECK_GPU=" + e;
        return null;
    }

    private static boolean isOff(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        return s.equals("off") || s.equals("false") || s.equals("0") || s.equals("no");
    }

    /** The CUDA backend's probe, reached by name so that this class does not link against JCuda. */
    private static Backend openByReflection() {
        try {
            Class<?> probe = Class.forName(PROBE_CLASS, true, GpuSupport.class.getClassLoader());
            return (Backend) probe.getMethod("open").invoke(null);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof LinkageError l) throw l;
            throw new IllegalStateException(String.valueOf(cause), cause);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the CUDA backend is not on the class path", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start the CUDA backend: " + e, e);
        }
    }

    private static String reason(Throwable e) {
        if (e instanceof NoClassDefFoundError) return "JCuda is not usable (" + e.getMessage() + ")";
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }
}
