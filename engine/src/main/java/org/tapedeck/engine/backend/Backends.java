package org.tapedeck.engine.backend;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.tapedeck.engine.backend.cpu.CpuBackend;
import org.tapedeck.engine.errors.InvalidArgumentException;

/**
 * Finds the backend of a device. The CPU backend always exists; the GPU backend registers itself
 * when {@link GpuSupport} finds a GPU, which happens the first time a GPU is asked for, so the CPU
 * path never loads its classes.
 */
public final class Backends {
    private static final Map<Device, Backend> REGISTERED = new ConcurrentHashMap<>();
    private static final java.util.Set<Device> FALLBACK_SAID = ConcurrentHashMap.newKeySet();

    private Backends() {}

    public static Backend forDevice(Device device) {
        if (device.type() == Device.Type.CPU) return CpuBackend.INSTANCE;
        Backend b = REGISTERED.get(device);
        if (b == null && device.type() == Device.Type.GPU) {
            GpuSupport.probe();
            b = REGISTERED.get(device);
        }
        if (b == null) {
            throw new InvalidArgumentException("device " + device + " is not available (known devices: "
                    + available() + (device.type() == Device.Type.GPU ? "; " + GpuSupport.status() : "") + ")");
        }
        return b;
    }

    /**
     * Where ops asked to run on {@code device} run: the device itself when it has a backend,
     * otherwise the CPU, as TensorFlow's soft placement does. The GPU probe's log line has said
     * why; a missing GPU:1 next to a GPU:0 is said once here.
     */
    public static Device resolve(Device device) {
        if (device.type() == Device.Type.CPU || REGISTERED.containsKey(device)) return device;
        if (device.type() == Device.Type.GPU) {
            GpuSupport.probe();
            if (REGISTERED.containsKey(device)) return device;
            if (GpuSupport.isAvailable() && FALLBACK_SAID.add(device)) {
                System.err.println("tapedeck: " + device + " does not exist (devices: " + available() + "); its ops run on CPU:0");
            }
        }
        return Device.CPU;
    }

    /** Makes {@code backend} the one serving its device. */
    public static void register(Backend backend) { REGISTERED.put(backend.device(), backend); }

    /** The devices with a backend, CPU first (probing for a GPU on the first call). */
    public static java.util.List<Device> available() {
        GpuSupport.probe();
        java.util.List<Device> list = new java.util.ArrayList<>();
        list.add(Device.CPU);
        REGISTERED.keySet().stream().sorted(java.util.Comparator.comparing(Device::toString)).forEach(list::add);
        return list;
    }
}
