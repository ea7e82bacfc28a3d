package org.tapedeck.engine.backend.cuda;

import static org.tapedeck.engine.backend.cuda.KernelCatalog.suffix;

import java.util.Arrays;

import jcuda.driver.CUdeviceptr;

import org.tapedeck.engine.errors.UnimplementedException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** Launches matmul.cu: the tiled SGEMM for float32, a loop per output for float64, int32 and int64. */
final class MatmulKernels {
    static final int TILE = 64;

    private final CudaRuntime rt;

    MatmulKernels(CudaRuntime rt) { this.rt = rt; }

    Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB, Shape outShape) {
        DType type = a.dtype();
        if (type != DType.FLOAT32 && type != DType.FLOAT64 && type != DType.INT32 && type != DType.INT64) {
            throw new UnimplementedException("BatchMatMulV2 on " + rt.device + ": no kernel for dtype " + type);
        }
        CUdeviceptr pa = rt.ptr(a);
        CUdeviceptr pb = rt.ptr(b);
        Tensor out = rt.allocate(type, outShape);
        if (outShape.size() == 0) return out;
        BatchLayout batch = BatchLayout.of(a.shape(), b.shape(), transposeA, outShape);
        int m = batch.m();
        int n = batch.n();
        int k = batch.k();
        int ta = transposeA ? 1 : 0;
        int tb = transposeB ? 1 : 0;
        if (type == DType.FLOAT32) {
            Grid g = Grid.of((n + TILE - 1) / TILE, (m + TILE - 1) / TILE, Math.min(batch.batches(), Grid.MAX_BLOCKS), 16, 16);
            rt.launch("sgemm_f32", g, rt.ptr(out), pa, pb, m, n, k, ta, tb, batch.batches(), batch.layout().pack());
        } else {
            rt.launch("gemm_" + suffix(type), Grid.over(outShape.size()), rt.ptr(out), pa, pb, m, n, k, ta, tb,
                    batch.batches(), batch.layout().pack());
        }
        return out;
    }

    /**
     * The batch dims of a product: output batch t reads A's matrix at {@code layout.offsets(t)[0]}
     * and B's at {@code [1]} (element offsets; 0 strides along broadcast batch dims).
     */
    record BatchLayout(int m, int n, int k, int batches, StridedLayout layout) {

        static BatchLayout of(Shape a, Shape b, boolean transposeA, Shape out) {
            int r = out.rank();
            int[] od = out.dims();
            int m = od[r - 2];
            int n = od[r - 1];
            int k = transposeA ? a.dim(-2) : a.dim(-1);
            int[] batchDims = Arrays.copyOf(od, r - 2);
            Shape batchShape = Shape.of(batchDims);
            int[] sa = StridedLayout.broadcastStrides(Shape.of(Arrays.copyOf(a.dims(), a.rank() - 2)), batchShape);
            int[] sb = StridedLayout.broadcastStrides(Shape.of(Arrays.copyOf(b.dims(), b.rank() - 2)), batchShape);
            for (int i = 0; i < sa.length; i++) {
                sa[i] *= m * k;
                sb[i] *= k * n;
            }
            return new BatchLayout(m, n, k, batchShape.size(), StridedLayout.of(batchDims, sa, sb));
        }

        /** Where element (i, p) of op(A) sits in A's matrix: matmul.cu's a_index. */
        static int aIndex(int i, int p, int m, int k, boolean transposed) { return transposed ? p * m + i : i * k + p; }

        /** Where element (p, j) of op(B) sits in B's matrix: matmul.cu's b_index. */
        static int bIndex(int p, int j, int k, int n, boolean transposed) { return transposed ? j * k + p : p * n + j; }
    }
}
