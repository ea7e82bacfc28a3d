package org.tapedeck.engine.backend.cuda;

import static org.tapedeck.engine.backend.cuda.KernelCatalog.suffix;
import static org.tapedeck.engine.backend.cuda.KernelCatalog.width;

import jcuda.driver.CUdeviceptr;

import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.errors.UnimplementedException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** Launches copy.cu: transpose, broadcastTo, slice, pad, concat, gather and scatterAdd. */
final class CopyKernels {
    private final CudaRuntime rt;

    CopyKernels(CudaRuntime rt) { this.rt = rt; }

    /** out[i] = x[offset + layout(i)]: the read side of transpose, broadcastTo and slice. */
    private Tensor gatherStrided(Tensor x, Shape outShape, StridedLayout layout, int offset) {
        CUdeviceptr in = rt.ptr(x);
        Tensor out = rt.allocate(x.dtype(), outShape);
        int n = outShape.size();
        if (n > 0) rt.launch("strided_gather_" + width(x.dtype()), Grid.over(n), rt.ptr(out), in, n, layout.pack(), offset);
        return out;
    }

    /** out[offset + layout(i)] = x[i] for every element i of x. */
    private void scatterStrided(Tensor x, Tensor out, StridedLayout layout, int offset) {
        int n = x.size();
        if (n > 0) rt.launch("strided_scatter_" + width(x.dtype()), Grid.over(n), rt.ptr(out), rt.ptr(x), n, layout.pack(), offset);
    }

    Tensor transpose(Tensor x, int[] perm) {
        int[] d = x.shape().dims();
        int[] outDims = new int[perm.length];
        for (int i = 0; i < perm.length; i++) outDims[i] = d[perm[i]];
        return gatherStrided(x, Shape.of(outDims), StridedLayout.permute(x.shape(), perm), 0);
    }

    Tensor broadcastTo(Tensor x, Shape shape) {
        return gatherStrided(x, shape, StridedLayout.broadcast(shape, x.shape()), 0);
    }

    Tensor slice(Tensor x, int[] begin, int[] size) {
        return gatherStrided(x, Shape.of(size), StridedLayout.box(x.shape(), size), StridedLayout.offsetOf(x.shape(), begin));
    }

    Tensor pad(Tensor x, int[] before, int[] after) {
        int[] d = x.shape().dims();
        int[] outDims = new int[d.length];
        for (int i = 0; i < d.length; i++) outDims[i] = before[i] + d[i] + after[i];
        Shape outShape = Shape.of(outDims);
        rt.ptr(x);
        Tensor out = rt.allocate(x.dtype(), outShape);
        rt.fillBits(out, 0);
        scatterStrided(x, out, StridedLayout.box(outShape, d), StridedLayout.offsetOf(outShape, before));
        return out;
    }

    /** Each input lands in its columns of the output seen as [outer, outRow]. */
    Tensor concat(Tensor[] xs, int axis, Shape outShape) {
        for (Tensor x : xs) rt.ptr(x);
        Tensor out = rt.allocate(xs[0].dtype(), outShape);
        int outer = AxisSplit.of(outShape, axis).outer();
        if (outer == 0 || outShape.size() == 0) return out;
        int outRow = outShape.size() / outer;
        int col = 0;
        for (Tensor x : xs) {
            int row = x.size() / outer;
            scatterStrided(x, out, StridedLayout.of(new int[] {outer, row}, new int[] {outRow, 1}), col);
            col += row;
        }
        return out;
    }

    Tensor gather(Tensor params, Tensor indices, int axis, Shape outShape) {
        CUdeviceptr p = rt.ptr(params);
        CUdeviceptr idx = rt.ptr(indices);
        AxisSplit s = AxisSplit.of(params.shape(), axis);
        checkIndices("GatherV2", indices, idx, s.length(), params.shape(), axis);
        Tensor out = rt.allocate(params.dtype(), outShape);
        int n = outShape.size();
        if (n > 0) {
            rt.launch("gather_" + width(params.dtype()) + "_" + indexSuffix(indices), Grid.over(n), rt.ptr(out), p, idx,
                    s.outer(), indices.size(), s.length(), s.inner());
        }
        return out;
    }

    Tensor scatterAdd(Tensor updates, Tensor indices, int axis, Shape outShape) {
        if (updates.dtype() == DType.BOOL) {
            throw new UnimplementedException("UnsortedSegmentSum on " + rt.device + ": no kernel for dtype bool");
        }
        CUdeviceptr u = rt.ptr(updates);
        CUdeviceptr idx = rt.ptr(indices);
        AxisSplit s = AxisSplit.of(outShape, axis);
        checkIndices("UnsortedSegmentSum", indices, idx, s.length(), outShape, axis);
        Tensor out = rt.allocate(updates.dtype(), outShape);
        int n = outShape.size();
        if (n > 0) {
            rt.launch("scatter_add_" + suffix(updates.dtype()) + "_" + indexSuffix(indices), Grid.over(n), rt.ptr(out), u, idx,
                    s.outer(), indices.size(), s.length(), s.inner());
        }
        return out;
    }

    private static String indexSuffix(Tensor indices) {
        if (indices.dtype() != DType.INT32 && indices.dtype() != DType.INT64) {
            throw new InvalidArgumentException("indices must be int32 or int64, got " + indices.dtype());
        }
        return suffix(indices.dtype());
    }

    /** Queues the range check; an index out of range is reported, with the CPU's message, at the next read. */
    private void checkIndices(String op, Tensor indices, CUdeviceptr idx, int axisLen, Shape shape, int axis) {
        int count = indices.size();
        if (count == 0) return;
        int ticket = rt.errors.register((pos, value) -> new InvalidArgumentException(op + ": indices[" + pos + "] = " + value
                + " is not in [0, " + axisLen + ") (axis " + axis + " of a tensor of shape " + shape + ")"
                + DeviceErrors.whenFound(rt.device.toString())));
        rt.launch("check_indices_" + indexSuffix(indices), Grid.over(count), idx, count, axisLen, rt.errorWord(), ticket);
    }
}
