package org.tapedeck.engine.ops;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

import org.tapedeck.engine.backend.Backend;
import org.tapedeck.engine.backend.Backends;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Decides where an op runs, as TensorFlow's eager placer does: inside a {@link #scope} on that
 * scope's device, otherwise on the device of its first input (or the default device for ops
 * without inputs). Inputs living elsewhere are copied there first.
 */
public final class Placement {
    private static final AtomicInteger SCOPES = new AtomicInteger();
    private static final ThreadLocal<ArrayDeque<Device>> STACK = ThreadLocal.withInitial(ArrayDeque::new);
    private static volatile Device defaultDevice = Device.CPU;

    private Placement() {}

    /** The device for ops with no inputs (zeros, fill, random, range) outside any scope. */
    public static Device defaultDevice() { return defaultDevice; }

    /** Makes {@code device} the default; a GPU that does not exist means the CPU (see {@link Backends#resolve}). */
    public static void setDefaultDevice(Device device) {
        defaultDevice = Backends.resolve(device);
    }

    /**
     * Runs ops on {@code device} until the returned scope is closed, like
     * {@code with tf.device('/GPU:0'):}; on a machine without that GPU they run on the CPU, as
     * TensorFlow's soft placement does.
     */
    public static Scope scope(Device device) {
        STACK.get().push(Backends.resolve(device));
        SCOPES.incrementAndGet();
        return () -> {
            STACK.get().pop();
            SCOPES.decrementAndGet();
        };
    }

    /** The innermost scope's device on this thread, or null. */
    public static Device scoped() {
        if (SCOPES.get() == 0) return null;
        return STACK.get().peek();
    }

    /** The device an op with no inputs runs on now. */
    public static Device current() {
        Device d = scoped();
        return d != null ? d : defaultDevice;
    }

    /** Picks the op's backend and moves inputs onto its device (replacing them in the array). */
    static Backend place(Tensor[] inputs) {
        Device target = scoped();
        if (target == null) target = inputs.length > 0 ? inputs[0].device() : defaultDevice;
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].device().equals(target)) inputs[i] = Copies.copy(inputs[i], target);
        }
        return Backends.forDevice(target);
    }

    /** An active device scope; closing it restores the previous device. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
