// 2-D convolution, NHWC activations and HWIO filters as in TensorFlow, forward and both
// gradients, for float32 and float64 (Backend.conv2d*). Output (oh, ow) reads input row
// oh*sh - pt + kh and column ow*sw - pl + kw; rows and columns outside the input are zeros.
// ConvGeometry.java holds the same index arithmetic and picks the launch shapes.
#include "common.cuh"

// Passed by value, 13 ints in this order (ConvGeometry.pack()).
struct ConvGeom {
    int N, H, W, C, KH, KW, F, OH, OW, sh, sw, pt, pl;
};

__device__ __forceinline__ float td_fma(float a, float b, float c) { return fmaf(a, b, c); }
__device__ __forceinline__ double td_fma(double a, double b, double c) { return fma(a, b, c); }

// One thread per output element (n, oh, ow, f), f fastest: neighbouring threads share the input
// value and read neighbouring filter values.
template <typename T>
__device__ void conv_fwd(T* y, const T* x, const T* w, ConvGeom g) {
    TD_GRID_LOOP(e, g.N * g.OH * g.OW * g.F) {
        int f = (int) e % g.F;
        int t = (int) e / g.F;
        int ow = t % g.OW; t /= g.OW;
        int oh = t % g.OH;
        int n = t / g.OH;
        T acc = 0;
        for (int kh = 0; kh < g.KH; ++kh) {
            int ih = oh * g.sh - g.pt + kh;
            if (ih < 0 || ih >= g.H) continue;
            for (int kw = 0; kw < g.KW; ++kw) {
                int iw = ow * g.sw - g.pl + kw;
                if (iw < 0 || iw >= g.W) continue;
                const T* xp = x + ((n * g.H + ih) * g.W + iw) * g.C;
                const T* wp = w + (kh * g.KW + kw) * g.C * g.F + f;
                for (int c = 0; c < g.C; ++c) acc = td_fma(xp[c], wp[c * g.F], acc);
            }
        }
        y[e] = acc;
    }
}

// One thread per input element (n, h, w, c). NOTE: input row h was read by output row oh through
// filter row kh exactly when h + pt - kh = oh * sh, so only kh with (h + pt - kh) divisible by sh
// and a quotient inside [0, OH) contribute (ConvGeometry.outputIndexFor).
template <typename T>
__device__ void conv_bwd_input(T* dx, const T* dy, const T* w, ConvGeom g) {
    TD_GRID_LOOP(e, g.N * g.H * g.W * g.C) {
        int c = (int) e % g.C;
        int t = (int) e / g.C;
        int iw = t % g.W; t /= g.W;
        int ih = t % g.H;
        int n = t / g.H;
        T acc = 0;
        for (int kh = 0; kh < g.KH; ++kh) {
            int th = ih + g.pt - kh;
            if (th < 0 || th % g.sh != 0) continue;
            int oh = th / g.sh;
            if (oh >= g.OH) continue;
            for (int kw = 0; kw < g.KW; ++kw) {
                int tw = iw + g.pl - kw;
                if (tw < 0 || tw % g.sw != 0) continue;
                int ow = tw / g.sw;
                if (ow >= g.OW) continue;
                const T* gp = dy + ((n * g.OH + oh) * g.OW + ow) * g.F;
                const T* wp = w + ((kh * g.KW + kw) * g.C + c) * g.F;
                for (int f = 0; f < g.F; ++f) acc = td_fma(gp[f], wp[f], acc);
            }
        }
        dx[e] = acc;
    }
}

// The filter gradient dw[kh, kw, c, f] = sum over r = (n, oh, ow) of x[n, ih, iw, c] * dy[r, f].
// Block (blockIdx.x = (kh, kw, c), blockIdx.y = a chunk of 16 filters, blockIdx.z = a split of the
// r range): each of its 256 threads walks r, reading one input value and 16 neighbouring
// gradients, then the block sums its threads into work[split][kh, kw, c, f]. With one split, work
// is dw itself; otherwise sum_splits adds the splits in order. Both orders are fixed, so the
// result is deterministic.
#define FCHUNK 16
#define FILTER_THREADS 256

__device__ __forceinline__ float td_shfl_down(float v, int o) { return __shfl_down_sync(0xffffffffu, v, o); }
__device__ __forceinline__ double td_shfl_down(double v, int o) { return __shfl_down_sync(0xffffffffu, v, o); }

template <typename T>
__device__ void conv_bwd_filter(T* work, const T* x, const T* dy, ConvGeom g, int rPerSplit) {
    __shared__ T partial[FCHUNK][FILTER_THREADS / 32];
    int k = blockIdx.x;
    int c = k % g.C;
    int kw = (k / g.C) % g.KW;
    int kh = k / (g.C * g.KW);
    int f0 = blockIdx.y * FCHUNK;
    int fc = min(FCHUNK, g.F - f0);
    int R = g.N * g.OH * g.OW;
    int rBegin = blockIdx.z * rPerSplit;
    int rEnd = min(R, rBegin + rPerSplit);
    T acc[FCHUNK];
    #pragma unroll
    for (int j = 0; j < FCHUNK; ++j) acc[j] = 0;
    for (int r = rBegin + threadIdx.x; r < rEnd; r += blockDim.x) {
        int ow = r % g.OW;
        int oh = (r / g.OW) % g.OH;
        int n = r / (g.OW * g.OH);
        int ih = oh * g.sh - g.pt + kh;
        int iw = ow * g.sw - g.pl + kw;
        if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
        T xv = x[((n * g.H + ih) * g.W + iw) * g.C + c];
        const T* gp = dy + (i64) r * g.F + f0;
        #pragma unroll
        for (int j = 0; j < FCHUNK; ++j) if (j < fc) acc[j] = td_fma(xv, gp[j], acc[j]);
    }
    int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
    #pragma unroll
    for (int j = 0; j < FCHUNK; ++j) {
        T v = acc[j];
        for (int o = 16; o > 0; o >>= 1) v += td_shfl_down(v, o);
        if (lane == 0) partial[j][warp] = v;
    }
    __syncthreads();
    if (threadIdx.x < fc) {
        T s = 0;
        for (int w = 0; w < FILTER_THREADS / 32; ++w) s += partial[threadIdx.x][w];
        int count = g.KH * g.KW * g.C * g.F;
        work[(i64) blockIdx.z * count + (i64) k * g.F + f0 + threadIdx.x] = s;
    }
}

template <typename T>
__device__ void sum_splits(T* out, const T* work, int splits, int count) {
    TD_GRID_LOOP(e, count) {
        T s = 0;
        for (int k = 0; k < splits; ++k) s += work[(i64) k * count + e];
        out[e] = s;
    }
}

#define CONV(name, T) \
    extern "C" __global__ void conv2d_fwd_##name(T* y, const T* x, const T* w, ConvGeom g) { conv_fwd<T>(y, x, w, g); } \
    extern "C" __global__ void conv2d_bwd_input_##name(T* dx, const T* dy, const T* w, ConvGeom g) { \
        conv_bwd_input<T>(dx, dy, w, g); \
    } \
    extern "C" __global__ void conv2d_bwd_filter_##name(T* work, const T* x, const T* dy, ConvGeom g, int rPerSplit) { \
        conv_bwd_filter<T>(work, x, dy, g, rPerSplit); \
    } \
    extern "C" __global__ void sum_splits_##name(T* out, const T* work, int splits, int count) { \
        sum_splits<T>(out, work, splits, count); \
    }
TD_FOR_EACH_FLOATING(CONV)
