package org.tapedeck.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.ops.Placement;
import org.tapedeck.engine.tensor.Tensor;

/** The GPU probe and the CPU fallback; runs on every machine (no GPU needed). */
class GpuSupportTest {

    @Test
    void noDriverMeansOneLogLineAndNoGpu() {
        List<String> lines = new ArrayList<>();
        GpuSupport.Result r = GpuSupport.probeWith(() -> {
            throw new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"");
        }, lines::add);
        assertFalse(r.available());
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("tapedeck: no GPU: Error while loading native library"), lines.get(0));
        assertTrue(lines.get(0).endsWith("ops placed on GPU:0 run on CPU:0"), lines.get(0));
    }

    @Test
    void aDriverWithoutADeviceOrAFailedLoadAlsoFallsBack() {
        List<String> lines = new ArrayList<>();
        GpuSupport.Result a = GpuSupport.probeWith(() -> {
            throw new IllegalStateException("the NVIDIA driver is installed but finds no GPU (CUDA_ERROR_NO_DEVICE)");
        }, lines::add);
        GpuSupport.Result b = GpuSupport.probeWith(() -> {
            throw new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver");
        }, lines::add);
        assertFalse(a.available());
        assertFalse(b.available());
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).contains("CUDA_ERROR_NO_DEVICE"), lines.get(0));
        assertTrue(lines.get(1).contains("JCuda is not usable"), lines.get(1));
    }

    @Test
    void aFoundGpuIsSaidInOneLineToo() {
        List<String> lines = new ArrayList<>();
        Backend fake = fakeBackend(new Device(Device.Type.GPU, 3));
        GpuSupport.Result r = GpuSupport.probeWith(() -> fake, lines::add);
        assertTrue(r.available());
        assertSame(fake, r.backend());
        assertEquals(List.of("tapedeck: GPU:3 fake GPU"), lines);
    }

    @Test
    void theRealProbeNeverThrowsAndGivesAReason() {
        GpuSupport.Result r = GpuSupport.probe();
        assertSame(r, GpuSupport.probe(), "probed once");
        assertFalse(r.message().isBlank());
        assertEquals(r.available(), Backends.available().contains(Device.GPU));
    }

    @Test
    void withoutAGpuOpsPlacedOnTheGpuRunOnTheCpu() {
        Assumptions.assumeFalse(GpuSupport.isAvailable(), "this machine has a GPU: " + GpuSupport.status());
        Tensor y;
        try (Placement.Scope s = TF.device("GPU:0")) {
            Tensor x = TF.constant(new float[][] {{1, 2}, {3, 4}});
            y = TF.matmul(x, x);
            assertEquals(Device.CPU, Placement.current());
        }
        assertEquals(Device.CPU, y.device());
        assertArrayEquals(new float[] {7, 10, 15, 22}, y.toFloatArray());
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> Backends.forDevice(Device.GPU));
        assertTrue(e.getMessage().contains("GPU:0 is not available") && e.getMessage().contains("no GPU"), e.getMessage());
    }

    /** A stand-in backend on a made-up device; it is never asked to compute. */
    private static Backend fakeBackend(Device device) {
        InvocationHandler h = (proxy, method, args) -> switch (method.getName()) {
            case "device" -> device;
            case "toString" -> "fake GPU";
            default -> throw new AssertionError("the stand-in backend was asked to compute: " + method.getName());
        };
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, h);
    }
}
