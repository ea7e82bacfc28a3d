package org.tapedeck.engine.backend.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;

import org.tapedeck.engine.backend.MemoryStats;

/**
 * One GPU as the driver API sees it: the device's primary context, the one stream every kernel and
 * copy of the backend is queued on, and the PTX modules of {@code cuda-kernels}, loaded on first
 * use. Work on the stream runs in order, so a buffer freed on the host and reused by a later
 * kernel is never overwritten while an earlier kernel still reads it.
 */
final class CudaContext {
    private static final String PTX_PATH = "/org/tapedeck/cuda/";

    final CUdevice device = new CUdevice();
    final CUcontext context = new CUcontext();
    final CUstream stream = new CUstream();
    final String name;
    final long totalMemory;
    final int multiprocessors;
    final int driverVersion;
    final String computeCapability;
    private final Map<String, CUmodule> modules = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final ThreadLocal<Boolean> currentOnThread = ThreadLocal.withInitial(() -> false);

    private CudaContext(int ordinal) {
        Cu.check(cuDeviceGet(device, ordinal), "cuDeviceGet(" + ordinal + ")");
        byte[] nameBytes = new byte[256];
        Cu.check(cuDeviceGetName(nameBytes, nameBytes.length, device), "cuDeviceGetName");
        int len = 0;
        while (len < nameBytes.length && nameBytes[len] != 0) len++;
        name = new String(nameBytes, 0, len, java.nio.charset.StandardCharsets.US_ASCII);
        long[] total = {0};
        Cu.check(cuDeviceTotalMem(total, device), "cuDeviceTotalMem");
        totalMemory = total[0];
        multiprocessors = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        computeCapability = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR) + "."
                + attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        int[] version = {0};
        Cu.check(cuDriverGetVersion(version), "cuDriverGetVersion");
        driverVersion = version[0];
        Cu.check(cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        makeCurrent();
        // NOTE: a blocking stream: the synchronous copies (on the legacy default stream) wait for
        // the work queued here, and work queued here after them waits for them.
        Cu.check(cuStreamCreate(stream, CUstream_flags.CU_STREAM_DEFAULT), "cuStreamCreate");
    }

    /** Opens GPU {@code ordinal} (cuInit must have succeeded). */
    static CudaContext open(int ordinal) { return new CudaContext(ordinal); }

    private int attribute(int attribute) {
        int[] v = {0};
        Cu.check(cuDeviceGetAttribute(v, attribute, device), "cuDeviceGetAttribute(" + attribute + ")");
        return v[0];
    }

    /** Binds the context to the calling thread (once per thread). */
    void makeCurrent() {
        if (!currentOnThread.get()) {
            Cu.check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
            currentOnThread.set(true);
        }
    }

    /** Waits for everything queued on the stream. */
    void synchronize() {
        makeCurrent();
        Cu.check(cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    /** Loads a PTX module now (the probe loads one to learn whether the driver accepts the PTX version). */
    synchronized CUmodule module(String moduleName) {
        CUmodule m = modules.get(moduleName);
        if (m != null) return m;
        makeCurrent();
        byte[] ptx = readPtx(moduleName);
        m = new CUmodule();
        Cu.check(cuModuleLoadData(m, ptx), "cuModuleLoadData(" + moduleName + ".ptx)");
        modules.put(moduleName, m);
        return m;
    }

    /** The PTX text of a module with the terminating zero byte cuModuleLoadData needs. */
    private static byte[] readPtx(String moduleName) {
        String path = PTX_PATH + moduleName + ".ptx";
        try (InputStream in = CudaContext.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the GPU kernels " + path + " are not on the class path "
                        + "(they come with the tapedeck-cuda-kernels jar)");
            }
            byte[] text = in.readAllBytes();
            byte[] z = new byte[text.length + 1];
            System.arraycopy(text, 0, z, 0, text.length);
            return z;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private synchronized CUfunction function(KernelCatalog.Kernel kernel) {
        CUfunction f = functions.get(kernel.name());
        if (f == null) {
            f = new CUfunction();
            Cu.check(cuModuleGetFunction(f, module(kernel.module()), kernel.name()), "cuModuleGetFunction(" + kernel.name() + ")");
            functions.put(kernel.name(), f);
        }
        return f;
    }

    /**
     * Queues {@code kernelName} on the stream with {@code args}, checked against the kernel's
     * parameters in {@link KernelCatalog}: device pointers, Integer, Long, Float, Double, or int[]
     * for the packed structs.
     */
    void launch(String kernelName, Grid grid, Object... args) {
        KernelCatalog.Kernel k = KernelCatalog.get(kernelName);
        List<KernelCatalog.Param> params = k.params();
        if (args.length != params.size()) {
            throw new IllegalArgumentException(kernelName + " takes " + params.size() + " arguments, got " + args.length);
        }
        Pointer[] p = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) p[i] = argument(kernelName, i, params.get(i), args[i]);
        makeCurrent();
        Cu.check(cuLaunchKernel(function(k), grid.blocksX(), grid.blocksY(), grid.blocksZ(),
                grid.threadsX(), grid.threadsY(), 1, 0, stream, Pointer.to(p), null), "cuLaunchKernel(" + kernelName + ")");
    }

    private static Pointer argument(String kernel, int i, KernelCatalog.Param param, Object a) {
        boolean ok = switch (param) {
            case PTR -> a instanceof CUdeviceptr;
            case INT -> a instanceof Integer;
            case LONG -> a instanceof Long;
            case FLOAT -> a instanceof Float;
            case DOUBLE -> a instanceof Double;
            case LAYOUT -> a instanceof int[] s && s.length == StridedLayout.PACKED_INTS;
            case GEOMETRY -> a instanceof int[] s && s.length == ConvGeometry.PACKED_INTS;
        };
        if (!ok) {
            throw new IllegalArgumentException(kernel + ": argument " + i + " must be " + param + ", got "
                    + (a == null ? "null" : a.getClass().getSimpleName()));
        }
        return switch (param) {
            case PTR -> Pointer.to((CUdeviceptr) a);
            case INT -> Pointer.to(new int[] {(Integer) a});
            case LONG -> Pointer.to(new long[] {(Long) a});
            case FLOAT -> Pointer.to(new float[] {(Float) a});
            case DOUBLE -> Pointer.to(new double[] {(Double) a});
            case LAYOUT, GEOMETRY -> Pointer.to((int[]) a);
        };
    }

    /** {@code NVIDIA H100 80GB HBM3 (compute 9.0, 132 SMs, 79.1 GiB, driver 13.0)}. */
    String describe() {
        return name + " (compute " + computeCapability + ", " + multiprocessors + " SMs, " + MemoryStats.formatBytes(totalMemory)
                + ", driver " + driverVersion / 1000 + "." + (driverVersion % 1000) / 10 + ")";
    }
}
