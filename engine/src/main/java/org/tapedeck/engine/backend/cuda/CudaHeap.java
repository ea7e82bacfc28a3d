package org.tapedeck.engine.backend.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;

import org.tapedeck.engine.backend.DeviceHeap;
import org.tapedeck.engine.backend.MemoryStats;

/** {@code cuMemAlloc} and {@code cuMemFree} under the caching allocator. */
final class CudaHeap implements DeviceHeap<CUdeviceptr> {
    private final CudaContext ctx;

    CudaHeap(CudaContext ctx) { this.ctx = ctx; }

    @Override
    public CUdeviceptr allocate(long bytes) {
        ctx.makeCurrent();
        CUdeviceptr p = new CUdeviceptr();
        int result = cuMemAlloc(p, bytes);
        if (result == CUresult.CUDA_ERROR_OUT_OF_MEMORY) return null;
        Cu.check(result, "cuMemAlloc(" + bytes + " bytes)");
        return p;
    }

    @Override
    public void free(CUdeviceptr pointer, long bytes) {
        // Kernels queued earlier may still use the block; let them finish first.
        ctx.synchronize();
        Cu.check(cuMemFree(pointer), "cuMemFree");
    }

    @Override
    public String describe() {
        ctx.makeCurrent();
        long[] free = {0};
        long[] total = {0};
        if (cuMemGetInfo(free, total) != CUresult.CUDA_SUCCESS) return "";
        return "the driver reports " + MemoryStats.formatBytes(free[0]) + " free of " + MemoryStats.formatBytes(total[0]);
    }
}
