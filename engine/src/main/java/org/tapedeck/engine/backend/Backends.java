package org.tapedeck.engine.backend;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.tapedeck.engine.backend.cpu.CpuBackend;
import org.tapedeck.engine.errors.InvalidArgumentException;

/**
 * Finds the backend of a device. The CPU backend always exists; other backends register
 * themselves when they find their hardware, so the CPU path never loads their classes.
 */
public final class Backends {
    private static final Map<Device, Backend> REGISTERED = new ConcurrentHashMap<>();

    private Backends() {}

    public static Backend forDevice(Device device) {
        if (device.type() == Device.Type.CPU) return CpuBackend.INSTANCE;
        Backend b = REGISTERED.get(device);
        if (b == null) {
            throw new InvalidArgumentException("device " + device + " is not available (known devices: "
                    + available() + ")");
        }
        return b;
    }

    /** Makes {@code backend} the one serving its device. */
    public static void register(Backend backend) { REGISTERED.put(backend.device(), backend); }

    /** The devices with a backend, CPU first. */
    public static java.util.List<Device> available() {
        java.util.List<Device> list = new java.util.ArrayList<>();
        list.add(Device.CPU);
        REGISTERED.keySet().stream().sorted(java.util.Comparator.comparing(Device::toString)).forEach(list::add);
        return list;
    }
}
