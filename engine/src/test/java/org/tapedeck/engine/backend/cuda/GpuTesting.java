package org.tapedeck.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;
import org.tapedeck.engine.backend.Backends;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.GpuSupport;
import org.tapedeck.engine.tensor.Tensor;

/**
 * What the gpu-tagged tests share: the GPU backend (or a skip saying why there is none), moves
 * between host and device, and comparisons against the CPU backend's results.
 */
final class GpuTesting {
    private GpuTesting() {}

    /** The GPU backend; skips the calling test, with the probe's reason, where there is no GPU. */
    static CudaBackend gpu() {
        Assumptions.assumeTrue(GpuSupport.isAvailable(), "SKIPPED: no GPU on this machine (" + GpuSupport.status() + ")");
        return (CudaBackend) Backends.forDevice(Device.GPU);
    }

    static Tensor up(CudaBackend gpu, Tensor host) { return gpu.fromHost(host.shape(), host.host()); }

    /** The GPU tensor's values as a host tensor (synchronising). */
    static Tensor down(CudaBackend gpu, Tensor device) { return Tensor.wrap(device.shape(), gpu.toHost(device)); }

    /** Same dtype, same shape, and exactly the same values (NaN where NaN). */
    static void assertExact(Tensor expected, Tensor actual, String what) { assertClose(expected, actual, 0, what); }

    /**
     * Same dtype and shape; integers and bools equal; floating values equal within
     * {@code tol * max(1, |expected|)}, NaN exactly where expected is NaN, infinities equal.
     */
    static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        if (!expected.dtype().isFloating()) {
            long[] e = expected.toLongArray();
            long[] a = actual.toLongArray();
            for (int i = 0; i < e.length; i++) {
                if (e[i] != a[i]) fail(what + ": element " + i + " is " + a[i] + ", expected " + e[i]);
            }
            return;
        }
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            boolean ok;
            if (Double.isNaN(e[i]) || Double.isInfinite(e[i])) ok = Double.compare(e[i], a[i]) == 0 || (Double.isNaN(e[i]) && Double.isNaN(a[i]));
            else ok = Math.abs(e[i] - a[i]) <= tol * Math.max(1, Math.abs(e[i]));
            if (!ok) fail(what + ": element " + i + " is " + a[i] + ", expected " + e[i] + " (tolerance " + tol + ")");
        }
    }
}
