// Batched matrix products C[batch] = op(A[batch]) op(B[batch]) with op an optional transpose of
// the last two dims, batch dims broadcast (batchMap: strides[0] for A and strides[1] for B, in
// elements; 0 along broadcast dims). C is contiguous [batches, M, N]. float32 uses a tiled
// shared-memory SGEMM (no cuBLAS on the GPU machines); the other dtypes a plain loop per output,
// accumulating as CpuBackend does (double for float64, 64-bit integers for int32/int64).
#include "common.cuh"

#define BM 64
#define BN 64
#define BK 16

// Element (i, p) of op(A) for an M x K product, and (p, j) of op(B) for a K x N one.
__device__ __forceinline__ int a_index(int i, int p, int M, int K, int ta) { return ta ? p * M + i : i * K + p; }
__device__ __forceinline__ int b_index(int p, int j, int K, int N, int tb) { return tb ? j * K + p : p * N + j; }

// 256 threads (16 x 16) compute a 64 x 64 tile of C, each a 4 x 4 grid of outputs spaced 16
// apart so that reads of the shared tiles are broadcasts or consecutive. Loads are arranged so
// that consecutive threads read consecutive addresses for either orientation of A and B.
extern "C" __global__ void sgemm_f32(float* c, const float* a, const float* b, int M, int N, int K,
                                     int ta, int tb, int batches, Layout batchMap) {
    __shared__ float As[BK][BM + 1];
    __shared__ float Bs[BK][BN + 1];
    int tx = threadIdx.x, ty = threadIdx.y;
    int tid = ty * 16 + tx;
    int row0 = blockIdx.y * BM, col0 = blockIdx.x * BN;
    for (int batch = blockIdx.z; batch < batches; batch += gridDim.z) {
        int off[2];
        td_offsets<2>(batchMap, (unsigned) batch, off);
        const float* A = a + off[0];
        const float* B = b + off[1];
        float acc[4][4] = {};
        for (int k0 = 0; k0 < K; k0 += BK) {
            #pragma unroll
            for (int s = 0; s < 4; ++s) {
                int e = tid + 256 * s;
                int i = ta ? e % BM : e / BK;
                int p = ta ? e / BM : e % BK;
                int gi = row0 + i, gp = k0 + p;
                As[p][i] = gi < M && gp < K ? A[a_index(gi, gp, M, K, ta)] : 0.0f;
                int j = tb ? e / BK : e % BN;
                int q = tb ? e % BK : e / BN;
                int gj = col0 + j, gq = k0 + q;
                Bs[q][j] = gj < N && gq < K ? B[b_index(gq, gj, K, N, tb)] : 0.0f;
            }
            __syncthreads();
            #pragma unroll
            for (int p = 0; p < BK; ++p) {
                float av[4], bv[4];
                #pragma unroll
                for (int r = 0; r < 4; ++r) av[r] = As[p][ty + 16 * r];
                #pragma unroll
                for (int q = 0; q < 4; ++q) bv[q] = Bs[p][tx + 16 * q];
                #pragma unroll
                for (int r = 0; r < 4; ++r)
                    #pragma unroll
                    for (int q = 0; q < 4; ++q) acc[r][q] = fmaf(av[r], bv[q], acc[r][q]);
            }
            __syncthreads();
        }
        float* C = c + (i64) batch * M * N;
        #pragma unroll
        for (int r = 0; r < 4; ++r) {
            int gi = row0 + ty + 16 * r;
            #pragma unroll
            for (int q = 0; q < 4; ++q) {
                int gj = col0 + tx + 16 * q;
                if (gi < M && gj < N) C[(i64) gi * N + gj] = acc[r][q];
            }
        }
    }
}

// One thread per output element of every batch. Integers accumulate in unsigned 64 bits (wrapping
// as Java's long does) and keep the low bits; float64 sums in p order without fused multiply-adds
// (this file is compiled with -fmad=false), as CpuBackend's loop does.
template <typename T, typename Acc>
__device__ void gemm_impl(T* c, const T* a, const T* b, int M, int N, int K, int ta, int tb, int batches,
                          const Layout& batchMap) {
    TD_GRID_LOOP(e, batches * M * N) {
        int batch = (int) e / (M * N);
        int i = ((int) e / N) % M;
        int j = (int) e % N;
        int off[2];
        td_offsets<2>(batchMap, (unsigned) batch, off);
        Acc s = 0;
        for (int p = 0; p < K; ++p) {
            s += (Acc) a[off[0] + a_index(i, p, M, K, ta)] * (Acc) b[off[1] + b_index(p, j, K, N, tb)];
        }
        c[e] = (T) s;
    }
}

#define GEMM(name, T, Acc) \
    extern "C" __global__ void gemm_##name(T* c, const T* a, const T* b, int M, int N, int K, int ta, int tb, \
                                           int batches, Layout batchMap) { \
        gemm_impl<T, Acc>(c, a, b, M, N, K, ta, tb, batches, batchMap); \
    }
GEMM(f64, double, double)
GEMM(i32, int, u64)
GEMM(i64, i64, u64)
