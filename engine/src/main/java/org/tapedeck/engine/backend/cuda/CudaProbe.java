package org.tapedeck.engine.backend.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuInit;

import jcuda.CudaException;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

import org.tapedeck.engine.backend.Backend;
import org.tapedeck.engine.backend.Device;

/**
 * Looks for a driver and a GPU, once. {@code GpuSupport} (which must not link against JCuda)
 * calls {@link #open} by reflection and treats any exception as "no GPU", with its message as the
 * reason it logs.
 */
public final class CudaProbe {
    private CudaProbe() {}

    /**
     * The backend of GPU:0, ready to run (the driver has accepted the PTX kernels).
     *
     * @throws IllegalStateException with a one-line reason when there is no usable GPU
     */
    public static Backend open() {
        try {
            JCudaDriver.setExceptionsEnabled(false);
            int init = cuInit(0);
            if (init == CUresult.CUDA_ERROR_NO_DEVICE) {
                throw new IllegalStateException("the NVIDIA driver is installed but finds no GPU (CUDA_ERROR_NO_DEVICE)");
            }
            Cu.check(init, "cuInit");
            int[] count = {0};
            Cu.check(cuDeviceGetCount(count), "cuDeviceGetCount");
            if (count[0] == 0) throw new IllegalStateException("the NVIDIA driver reports no GPU");
            CudaContext ctx = CudaContext.open(0);
            try {
                ctx.module("adam"); // the driver JIT-compiles the PTX now, or says it cannot
            } catch (RuntimeException e) {
                throw new IllegalStateException(ctx.describe() + " cannot load Tapedeck's kernels (PTX 9.0 from CUDA 13 "
                        + "needs a driver >= 580): " + e.getMessage(), e);
            }
            return new CudaBackend(Device.GPU, ctx);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("no NVIDIA driver: JCuda's native library could not be loaded (libcuda.so.1 "
                    + "missing?): " + firstLine(e.getMessage()), e);
        } catch (LinkageError e) {
            throw new IllegalStateException("JCuda could not be loaded: " + e, e);
        } catch (CudaException e) {
            throw new IllegalStateException("the CUDA driver failed: " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
