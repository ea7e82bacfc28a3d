package org.tapedeck.engine.backend.cuda;

import static org.tapedeck.engine.backend.cuda.KernelCatalog.suffix;

import java.util.Arrays;
import java.util.Locale;

import jcuda.driver.CUdeviceptr;

import org.tapedeck.engine.backend.CachingAllocator;
import org.tapedeck.engine.backend.ReduceOp;
import org.tapedeck.engine.backend.TensorStats;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** Launches reduce.cu (sum, max, min over axes; argmax, argmin) and stats.cu (tensor statistics). */
final class ReduceKernels {
    private final CudaRuntime rt;

    ReduceKernels(CudaRuntime rt) { this.rt = rt; }

    Tensor reduce(ReduceOp op, Tensor x, int[] axes) {
        CUdeviceptr in = rt.ptr(x);
        int[] outDims = x.shape().dims();
        for (int a : axes) outDims[a] = 1;
        Shape outShape = Shape.of(outDims);
        if (x.size() == 0 && op != ReduceOp.SUM && outShape.size() > 0) {
            throw new InvalidArgumentException(op.opName() + ": cannot reduce an empty tensor of shape " + x.shape()
                    + " over axes " + Arrays.toString(axes) + " (the identity of " + op.opName() + " is not defined)");
        }
        Tensor out = rt.allocate(x.dtype(), outShape);
        if (outShape.size() == 0) return out;
        ReduceLayout r = ReduceLayout.of(x.shape(), axes);
        String kernel = "reduce_" + op.name().toLowerCase(Locale.ROOT) + "_" + suffix(x.dtype());
        rt.launch(kernel, Grid.of(r.blocks(), 1, 1, r.threadsPerOutput(), r.outputsPerBlock()),
                rt.ptr(out), in, r.outputs(), r.length(), r.outMap.pack(), r.redMap.pack());
        return out;
    }

    Tensor argReduce(boolean max, Tensor x, int axis, DType outType) {
        CUdeviceptr in = rt.ptr(x);
        AxisSplit s = AxisSplit.of(x.shape(), axis);
        int[] dims = x.shape().dims();
        int[] outDims = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) if (i != axis) outDims[j++] = dims[i];
        Shape outShape = Shape.of(outDims);
        DType kernelType = outType == DType.INT32 ? DType.INT32 : DType.INT64;
        Tensor out = rt.allocate(kernelType, outShape);
        int n = s.outer() * s.inner();
        if (n > 0) {
            String kernel = (max ? "argmax_" : "argmin_") + suffix(x.dtype()) + "_" + suffix(kernelType);
            rt.launch(kernel, Grid.over(n), rt.ptr(out), in, s.outer(), s.length(), s.inner());
        }
        // Other index types (rare) are a cast of the int64 positions, as the CPU's setLong would store them.
        return kernelType == outType ? out : new ElementwiseKernels(rt).cast(out, outType);
    }

    /** Per-block summaries on the device, merged on the host: only 8 doubles per block cross the bus. */
    TensorStats stats(Tensor x) {
        CUdeviceptr in = rt.ptr(x);
        int n = x.size();
        if (n == 0) {
            rt.checkErrors();
            return StatsMerge.merge(new double[0], 0, 0);
        }
        int blocks = (int) Math.min(Math.max(1, 4L * rt.ctx.multiprocessors), (n + Grid.THREADS - 1L) / Grid.THREADS);
        CachingAllocator.Block<CUdeviceptr> partials = rt.scratch((long) blocks * StatsMerge.DOUBLES_PER_BLOCK * Double.BYTES,
                "the statistics of a " + x.dtype() + " tensor of shape " + x.shape());
        try {
            rt.launch("stats_" + suffix(x.dtype()), Grid.of(blocks, 1, 1, Grid.THREADS, 1), partials.pointer(), in, n);
            double[] host = new double[blocks * StatsMerge.DOUBLES_PER_BLOCK];
            rt.download(partials.pointer(), host);
            return StatsMerge.merge(host, blocks, n);
        } finally {
            partials.release();
        }
    }
}
