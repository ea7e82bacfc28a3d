package org.tapedeck.engine.backend.cuda;

import static org.tapedeck.engine.backend.cuda.KernelCatalog.suffix;

import jcuda.driver.CUdeviceptr;

import org.tapedeck.engine.backend.CachingAllocator;
import org.tapedeck.engine.errors.UnimplementedException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** Launches conv.cu, pool.cu and adam.cu: the kernels of a training step, for float32 and float64. */
final class TrainingKernels {
    private final CudaRuntime rt;

    TrainingKernels(CudaRuntime rt) { this.rt = rt; }

    private void requireFloating(String op, Tensor x) {
        if (x.dtype() != DType.FLOAT32 && x.dtype() != DType.FLOAT64) {
            throw new UnimplementedException(op + " on " + rt.device + ": no kernel for dtype " + x.dtype()
                    + " (float32 and float64 only)");
        }
    }

    Tensor conv2d(Tensor input, Tensor filter, int sh, int sw, int pt, int pl, Shape outShape) {
        requireFloating("Conv2D", input);
        CUdeviceptr x = rt.ptr(input);
        CUdeviceptr w = rt.ptr(filter);
        Tensor out = rt.allocate(input.dtype(), outShape);
        int n = outShape.size();
        if (n > 0) {
            ConvGeometry g = ConvGeometry.conv(input.shape(), filter.shape(), sh, sw, pt, pl, outShape);
            rt.launch("conv2d_fwd_" + suffix(input.dtype()), Grid.over(n), rt.ptr(out), x, w, g.pack());
        }
        return out;
    }

    Tensor conv2dBackpropInput(Tensor grad, Tensor filter, int sh, int sw, int pt, int pl, Shape inputShape) {
        requireFloating("Conv2DBackpropInput", grad);
        CUdeviceptr dy = rt.ptr(grad);
        CUdeviceptr w = rt.ptr(filter);
        Tensor out = rt.allocate(grad.dtype(), inputShape);
        int n = inputShape.size();
        if (n > 0) {
            ConvGeometry g = ConvGeometry.conv(inputShape, filter.shape(), sh, sw, pt, pl, grad.shape());
            rt.launch("conv2d_bwd_input_" + suffix(grad.dtype()), Grid.over(n), rt.ptr(out), dy, w, g.pack());
        }
        return out;
    }

    /**
     * The filter gradient, summed over (n, oh, ow) in parts when the filter alone gives too few
     * blocks to fill the GPU; the parts go to a scratch block and are added in a fixed order.
     */
    Tensor conv2dBackpropFilter(Tensor input, Tensor grad, int sh, int sw, int pt, int pl, Shape filterShape) {
        requireFloating("Conv2DBackpropFilter", input);
        CUdeviceptr x = rt.ptr(input);
        CUdeviceptr dy = rt.ptr(grad);
        Tensor out = rt.allocate(input.dtype(), filterShape);
        int count = filterShape.size();
        if (count == 0) return out;
        ConvGeometry g = ConvGeometry.conv(input.shape(), filterShape, sh, sw, pt, pl, grad.shape());
        String t = suffix(input.dtype());
        int splits = g.filterSplits(rt.ctx.multiprocessors);
        int perSplit = ConvGeometry.perSplit(g.filterReductionLength(), splits);
        Grid grid = Grid.of(g.KH * g.KW * g.C, g.filterChunks(), splits, ConvGeometry.FILTER_THREADS, 1);
        if (splits == 1) {
            rt.launch("conv2d_bwd_filter_" + t, grid, rt.ptr(out), x, dy, g.pack(), perSplit);
            return out;
        }
        CachingAllocator.Block<CUdeviceptr> work = rt.scratch((long) splits * count * input.dtype().byteSize(),
                "the partial filter gradients of Conv2DBackpropFilter, filter shape " + filterShape);
        try {
            rt.launch("conv2d_bwd_filter_" + t, grid, work.pointer(), x, dy, g.pack(), perSplit);
            rt.launch("sum_splits_" + t, Grid.over(count), rt.ptr(out), work.pointer(), splits, count);
        } finally {
            work.release();
        }
        return out;
    }

    Tensor maxPool(Tensor input, int ph, int pw, int sh, int sw, int pt, int pl, Shape outShape) {
        requireFloating("MaxPool", input);
        CUdeviceptr x = rt.ptr(input);
        Tensor out = rt.allocate(input.dtype(), outShape);
        int n = outShape.size();
        if (n > 0) {
            ConvGeometry g = ConvGeometry.pool(input.shape(), ph, pw, sh, sw, pt, pl, outShape);
            rt.launch("maxpool_fwd_" + suffix(input.dtype()), Grid.over(n), rt.ptr(out), x, g.pack());
        }
        return out;
    }

    Tensor maxPoolGrad(Tensor input, Tensor grad, int ph, int pw, int sh, int sw, int pt, int pl) {
        requireFloating("MaxPoolGrad", input);
        CUdeviceptr x = rt.ptr(input);
        CUdeviceptr dy = rt.ptr(grad);
        Tensor out = rt.allocate(input.dtype(), input.shape());
        int n = input.size();
        if (n > 0) {
            ConvGeometry g = ConvGeometry.pool(input.shape(), ph, pw, sh, sw, pt, pl, grad.shape());
            rt.launch("maxpool_bwd_" + suffix(input.dtype()), Grid.over(n), rt.ptr(out), x, dy, g.pack());
        }
        return out;
    }

    /** One fused launch writing the three new tensors; constants rounded to the dtype as CpuBackend rounds them. */
    Tensor[] adamUpdate(Tensor var, Tensor m, Tensor v, Tensor grad, double alpha, double beta1, double beta2, double epsilon) {
        requireFloating("Adam", var);
        CUdeviceptr px = rt.ptr(var);
        CUdeviceptr pm = rt.ptr(m);
        CUdeviceptr pv = rt.ptr(v);
        CUdeviceptr pg = rt.ptr(grad);
        Tensor xo = rt.allocate(var.dtype(), var.shape());
        Tensor mo = rt.allocate(var.dtype(), var.shape());
        Tensor vo = rt.allocate(var.dtype(), var.shape());
        int n = var.size();
        if (n > 0) {
            boolean f32 = var.dtype() == DType.FLOAT32;
            Object a = f32 ? (Object) (float) alpha : (Object) alpha;
            Object b1 = f32 ? (Object) (float) (1 - beta1) : (Object) (1 - beta1);
            Object b2 = f32 ? (Object) (float) (1 - beta2) : (Object) (1 - beta2);
            Object eps = f32 ? (Object) (float) epsilon : (Object) epsilon;
            rt.launch("adam_" + suffix(var.dtype()), Grid.over(n), rt.ptr(xo), rt.ptr(mo), rt.ptr(vo), px, pm, pv, pg, n,
                    a, b1, b2, eps);
        }
        return new Tensor[] {xo, mo, vo};
    }
}
