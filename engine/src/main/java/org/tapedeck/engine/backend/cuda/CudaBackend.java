package org.tapedeck.engine.backend.cuda;

import org.tapedeck.engine.backend.Backend;
import org.tapedeck.engine.backend.BinaryOp;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.DeviceMemory;
import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.backend.MemoryStats;
import org.tapedeck.engine.backend.ReduceOp;
import org.tapedeck.engine.backend.TensorStats;
import org.tapedeck.engine.backend.UnaryOp;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The primitive kernels on an NVIDIA GPU, through JCuda's driver API and the PTX of
 * {@code cuda-kernels}. Every method queues its kernels on one stream and returns at once; only
 * {@link #toHost} and {@link #stats} wait for the GPU. Each kernel computes what
 * {@code CpuBackend} computes (validated op by op against it in the gpu-tagged tests).
 *
 * <p>Nothing outside this package touches JCuda: the engine finds this backend through
 * {@code GpuSupport}, which loads {@link CudaProbe} by name.
 *
 * <pre>{@code
 * try (var gpu = TF.device("GPU:0")) {
 *     Tensor y = TF.matmul(x, w);     // runs here when a GPU was found
 * }
 * }</pre>
 */
public final class CudaBackend implements Backend {
    private final CudaRuntime rt;
    private final ElementwiseKernels elementwise;
    private final ReduceKernels reductions;
    private final MatmulKernels matmul;
    private final CopyKernels copies;
    private final TrainingKernels training;

    CudaBackend(Device device, CudaContext ctx) {
        this.rt = new CudaRuntime(device, ctx);
        this.elementwise = new ElementwiseKernels(rt);
        this.reductions = new ReduceKernels(rt);
        this.matmul = new MatmulKernels(rt);
        this.copies = new CopyKernels(rt);
        this.training = new TrainingKernels(rt);
        DeviceMemory.register(rt.memory);
    }

    @Override
    public Device device() { return rt.device; }

    /** The GPU's name, compute capability, memory and driver version. */
    public String describe() { return rt.ctx.describe(); }

    /** The allocator's counters (also readable as {@code DeviceMemory.stats(device())}). */
    public MemoryStats memoryStats() { return rt.memory.stats(); }

    /** Waits for every queued kernel and reports an error a kernel found meanwhile. */
    public void synchronize() {
        rt.ctx.synchronize();
        rt.checkErrors();
    }

    @Override
    public Tensor fromHost(Shape shape, HostBuffer host) { return rt.upload(shape, host); }

    @Override
    public HostBuffer toHost(Tensor x) { return rt.download(x); }

    @Override
    public Tensor fill(DType dtype, Shape shape, double value) { return elementwise.fill(dtype, shape, value); }

    @Override
    public Tensor unary(UnaryOp op, Tensor x) { return elementwise.unary(op, x); }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b, Shape outShape) { return elementwise.binary(op, a, b, outShape); }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b, Shape outShape) { return elementwise.where(cond, a, b, outShape); }

    @Override
    public Tensor reluGrad(Tensor gradients, Tensor features) { return elementwise.reluGrad(gradients, features); }

    @Override
    public Tensor cast(Tensor x, DType to) { return elementwise.cast(x, to); }

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int[] axes) { return reductions.reduce(op, x, axes); }

    @Override
    public Tensor argReduce(boolean max, Tensor x, int axis, DType outType) { return reductions.argReduce(max, x, axis, outType); }

    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB, Shape outShape) {
        return matmul.matmul(a, b, transposeA, transposeB, outShape);
    }

    @Override
    public Tensor transpose(Tensor x, int[] perm) { return copies.transpose(x, perm); }

    @Override
    public Tensor broadcastTo(Tensor x, Shape shape) { return copies.broadcastTo(x, shape); }

    @Override
    public Tensor slice(Tensor x, int[] begin, int[] size) { return copies.slice(x, begin, size); }

    @Override
    public Tensor pad(Tensor x, int[] before, int[] after) { return copies.pad(x, before, after); }

    @Override
    public Tensor concat(Tensor[] xs, int axis, Shape outShape) { return copies.concat(xs, axis, outShape); }

    @Override
    public Tensor gather(Tensor params, Tensor indices, int axis, Shape outShape) { return copies.gather(params, indices, axis, outShape); }

    @Override
    public Tensor scatterAdd(Tensor updates, Tensor indices, int axis, Shape outShape) {
        return copies.scatterAdd(updates, indices, axis, outShape);
    }

    @Override
    public Tensor conv2d(Tensor input, Tensor filter, int strideH, int strideW, int padTop, int padLeft, Shape outShape) {
        return training.conv2d(input, filter, strideH, strideW, padTop, padLeft, outShape);
    }

    @Override
    public Tensor conv2dBackpropInput(Tensor grad, Tensor filter, int strideH, int strideW, int padTop, int padLeft, Shape inputShape) {
        return training.conv2dBackpropInput(grad, filter, strideH, strideW, padTop, padLeft, inputShape);
    }

    @Override
    public Tensor conv2dBackpropFilter(Tensor input, Tensor grad, int strideH, int strideW, int padTop, int padLeft, Shape filterShape) {
        return training.conv2dBackpropFilter(input, grad, strideH, strideW, padTop, padLeft, filterShape);
    }

    @Override
    public Tensor maxPool(Tensor input, int poolH, int poolW, int strideH, int strideW, int padTop, int padLeft, Shape outShape) {
        return training.maxPool(input, poolH, poolW, strideH, strideW, padTop, padLeft, outShape);
    }

    @Override
    public Tensor maxPoolGrad(Tensor input, Tensor grad, int poolH, int poolW, int strideH, int strideW, int padTop, int padLeft) {
        return training.maxPoolGrad(input, grad, poolH, poolW, strideH, strideW, padTop, padLeft);
    }

    @Override
    public Tensor[] adamUpdate(Tensor var, Tensor m, Tensor v, Tensor grad, double alpha, double beta1, double beta2, double epsilon) {
        return training.adamUpdate(var, m, v, grad, alpha, beta1, beta2, epsilon);
    }

    @Override
    public TensorStats stats(Tensor x) { return reductions.stats(x); }

    @Override
    public String toString() { return describe() + ", JCuda driver API"; }
}
