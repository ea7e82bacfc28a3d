package org.tapedeck.engine.backend.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;
import static jcuda.driver.JCudaDriver.cuMemsetD8Async;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

import org.tapedeck.engine.backend.CachingAllocator;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.DeviceBuffer;
import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * What the kernel families share: the context, the caching allocator, the error word, and the
 * moves between host and device. Uploads and downloads are synchronous copies (Java arrays are not
 * pinned memory); everything else is queued on the stream and returns at once.
 */
final class CudaRuntime {
    final Device device;
    final CudaContext ctx;
    final CachingAllocator<CUdeviceptr> memory;
    final DeviceErrors errors = new DeviceErrors();
    private final CUdeviceptr errorWord = new CUdeviceptr();

    CudaRuntime(Device device, CudaContext ctx) {
        this.device = device;
        this.ctx = ctx;
        this.memory = new CachingAllocator<>(device, new CudaHeap(ctx));
        ctx.makeCurrent();
        // The error word lives as long as the backend: int[4] = {ticket, position, value lo, value hi}.
        Cu.check(cuMemAlloc(errorWord, 16), "cuMemAlloc(error word)");
        Cu.check(cuMemsetD32(errorWord, 0, 4), "cuMemsetD32(error word)");
    }

    /** A new tensor on this device (owned by the open MemoryScope, if any). */
    Tensor allocate(DType dtype, Shape shape) { return Tensor.wrap(shape, memory.allocate(dtype, shape)); }

    /** The device pointer of an input; fails clearly for a freed tensor or one on another device. */
    CUdeviceptr ptr(Tensor t) {
        if (!(t.buffer() instanceof DeviceBuffer<?> b) || !b.device().equals(device)) {
            throw new IllegalArgumentException("a tensor on " + t.device() + " was passed to the " + device
                    + " backend; the op layer copies inputs to the op's device first");
        }
        return (CUdeviceptr) b.pointer();
    }

    /** A scratch block for one op's intermediate results; release it once its last kernel is queued. */
    CachingAllocator.Block<CUdeviceptr> scratch(long bytes, String what) {
        return memory.allocate(bytes, () -> what);
    }

    void launch(String kernel, Grid grid, Object... args) { ctx.launch(kernel, grid, args); }

    CUdeviceptr errorWord() { return errorWord; }

    // ---- host <-> device ---------------------------------------------------------------------------

    Tensor upload(Shape shape, HostBuffer host) {
        Tensor out = allocate(host.dtype(), shape);
        int n = host.size();
        if (n == 1) {
            // A scalar (constants next to tensors, learning rates): a memset on the stream, so the
            // upload does not wait for the kernels queued before it.
            fillBits(out, bitsOf(host));
        } else if (n > 0) {
            ctx.makeCurrent();
            Cu.check(cuMemcpyHtoD(ptr(out), hostPointer(host), (long) n * host.dtype().byteSize()), "cuMemcpyHtoD");
        }
        return out;
    }

    HostBuffer download(Tensor x) {
        CUdeviceptr p = ptr(x);
        HostBuffer h = HostBuffer.allocate(x.dtype(), x.size());
        if (x.size() > 0) {
            ctx.makeCurrent();
            Cu.check(cuMemcpyDtoH(hostPointer(h), p, (long) x.size() * x.dtype().byteSize()), "cuMemcpyDtoH");
        }
        checkErrors();
        return h;
    }

    /** Copies a device block into a host array (synchronously) and reports errors found meanwhile. */
    void download(CUdeviceptr p, double[] into) {
        ctx.makeCurrent();
        Cu.check(cuMemcpyDtoH(Pointer.to(into), p, (long) into.length * Double.BYTES), "cuMemcpyDtoH");
        checkErrors();
    }

    /**
     * Reads the error word if a launch since the last check could have failed; throws the error of
     * the first failure and resets the word.
     */
    void checkErrors() {
        if (!errors.anyPending()) return;
        int[] word = new int[4];
        ctx.makeCurrent();
        Cu.check(cuMemcpyDtoH(Pointer.to(word), errorWord, 16), "cuMemcpyDtoH(error word)");
        if (word[0] == 0) {
            errors.clear();
            return;
        }
        RuntimeException e = errors.resolve(word[0], word[1], (word[2] & 0xffffffffL) | ((long) word[3] << 32));
        Cu.check(cuMemsetD32(errorWord, 0, 4), "cuMemsetD32(error word)");
        errors.clear();
        throw e;
    }

    private static Pointer hostPointer(HostBuffer h) {
        Object a = h.array();
        if (a instanceof float[] f) return Pointer.to(f);
        if (a instanceof double[] d) return Pointer.to(d);
        if (a instanceof int[] i) return Pointer.to(i);
        if (a instanceof long[] l) return Pointer.to(l);
        return Pointer.to((byte[]) a);
    }

    /** The bit pattern of element 0, as the device stores it. */
    static long bitsOf(HostBuffer h) {
        Object a = h.array();
        if (a instanceof float[] f) return Float.floatToRawIntBits(f[0]) & 0xffffffffL;
        if (a instanceof double[] d) return Double.doubleToRawLongBits(d[0]);
        if (a instanceof int[] i) return i[0] & 0xffffffffL;
        if (a instanceof long[] l) return l[0];
        return ((byte[]) a)[0] & 0xffL;
    }

    /** Sets every element of {@code out} to the bit pattern {@code bits} of its width, on the stream. */
    void fillBits(Tensor out, long bits) {
        int n = out.size();
        if (n == 0) return;
        CUdeviceptr p = ptr(out);
        ctx.makeCurrent();
        switch (out.dtype().byteSize()) {
            case 1 -> Cu.check(cuMemsetD8Async(p, (byte) bits, n, ctx.stream), "cuMemsetD8Async");
            case 4 -> Cu.check(cuMemsetD32Async(p, (int) bits, n, ctx.stream), "cuMemsetD32Async");
            default -> launch("fill_8", Grid.over(n), p, n, bits);
        }
    }
}
