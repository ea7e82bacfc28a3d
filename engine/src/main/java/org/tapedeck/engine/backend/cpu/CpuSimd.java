package org.tapedeck.engine.backend.cpu;

import org.tapedeck.engine.errors.FailedPreconditionException;

/**
 * Whether the CPU backend's float32 convolutions run on SIMD kernels written with the JDK's Vector
 * API ({@code jdk.incubator.vector}) or on the pure-Java kernels of {@link ConvKernels}.
 *
 * <p>The Vector API is an incubator module: a program must be started with
 * {@code --add-modules jdk.incubator.vector} for it to be there (the {@code tapedeck} launcher and
 * the build do so; the JVM then prints one "WARNING: Using incubator modules" line). When the
 * module is not in the boot layer, or {@code -Dtapedeck.simd=false} is given, every convolution
 * takes the pure-Java path. NOTE: this class never names a Vector API type, and {@link
 * VectorKernels} and {@link VectorLoops} (the classes that do) are loaded only once the module is
 * known to be present, so the engine runs as a plain library on any Java 17 without the flag. The
 * same switch covers the float32 elementwise loops of {@link VectorLoops} (Relu gradient, bias).
 *
 * <pre>{@code
 * if (CpuSimd.enabled()) System.out.println("SIMD convolutions: " + CpuSimd.describe());
 * CpuSimd.setEnabled(false);          // compare with the pure-Java path
 * }</pre>
 */
public final class CpuSimd {
    /** The incubator module holding the Vector API. */
    public static final String MODULE = "jdk.incubator.vector";

    /** The system property that turns SIMD off when set to {@code false}. */
    public static final String PROPERTY = "tapedeck.simd";

    private static final String UNAVAILABLE_REASON = unavailableReason();
    private static volatile boolean enabled =
            UNAVAILABLE_REASON == null && !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"));

    private CpuSimd() {}

    /** Whether the SIMD kernels can run in this JVM (the module is present and the CPU has 256-bit vectors). */
    public static boolean available() { return UNAVAILABLE_REASON == null; }

    /** Whether float32 convolutions currently take the SIMD kernels where their shapes allow. */
    public static boolean enabled() { return enabled; }

    /**
     * Turns the SIMD kernels on or off for the whole JVM (tests and benchmarks compare both paths).
     *
     * @throws FailedPreconditionException when turning on kernels that are not {@link #available()}
     */
    public static void setEnabled(boolean on) {
        if (on && UNAVAILABLE_REASON != null) {
            throw new FailedPreconditionException("SIMD convolutions are not available: " + UNAVAILABLE_REASON);
        }
        enabled = on;
    }

    /** One line for logs and benchmarks: on, off, and why. */
    public static String describe() {
        if (UNAVAILABLE_REASON != null) return "off (" + UNAVAILABLE_REASON + ")";
        if (!enabled) return "off (turned off: -D" + PROPERTY + "=false or CpuSimd.setEnabled(false))";
        return "on (" + MODULE + ", " + VectorKernels.describe() + ")";
    }

    /** Null when the SIMD kernels can run, else why not. */
    private static String unavailableReason() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return "module " + MODULE + " is not in the boot layer; start Java with --add-modules " + MODULE;
        }
        try {
            return VectorKernels.fastOnThisCpu() ? null : "the CPU has no 256-bit float vectors";
        } catch (LinkageError e) {
            return "the Vector API failed to load: " + e;
        }
    }
}
