package org.tapedeck.engine.backend.cuda;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import org.tapedeck.engine.backend.Backend;
import org.tapedeck.engine.backend.cpu.CpuBackend;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The CPU backend, with {@link ConvReference} standing in for the convolution and pooling kernels
 * it does not implement yet (it is used as is where it does): the reference a whole GPU training
 * step is compared against.
 */
final class ReferenceBackend {
    private ReferenceBackend() {}

    static Backend create() {
        CpuBackend cpu = CpuBackend.INSTANCE;
        InvocationHandler h = (proxy, method, a) -> switch (method.getName()) {
            case "conv2d" -> ConvReference.conv2d((Tensor) a[0], (Tensor) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5], (Shape) a[6]);
            case "conv2dBackpropInput" -> ConvReference.conv2dBackpropInput((Tensor) a[0], (Tensor) a[1], (int) a[2], (int) a[3], (int) a[4],
                    (int) a[5], (Shape) a[6]);
            case "conv2dBackpropFilter" -> ConvReference.conv2dBackpropFilter((Tensor) a[0], (Tensor) a[1], (int) a[2], (int) a[3],
                    (int) a[4], (int) a[5], (Shape) a[6]);
            case "maxPool" -> ConvReference.maxPool((Tensor) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5], (int) a[6],
                    (Shape) a[7]);
            case "maxPoolGrad" -> ConvReference.maxPoolGrad((Tensor) a[0], (Tensor) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5],
                    (int) a[6], (int) a[7]);
            case "toString" -> "CPU reference";
            default -> {
                try {
                    yield method.invoke(cpu, a);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        };
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, h);
    }
}
