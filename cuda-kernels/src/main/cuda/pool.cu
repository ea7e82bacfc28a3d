// Max pooling over NHWC windows, forward and gradient, for float32 and float64. Padded positions
// never win; the first maximum in row-major window order wins ties; a NaN wins over numbers (as
// reduce max does). The gradient goes to each window's winner (Backend.maxPoolGrad).
#include "common.cuh"

// Same 13 ints as conv.cu's ConvGeom, with KH/KW the pool size and F == C.
struct PoolGeom {
    int N, H, W, C, KH, KW, F, OH, OW, sh, sw, pt, pl;
};

template <typename T> __device__ __forceinline__ bool beats(T v, T best) {
    return v > best || (isnan((double) v) && !isnan((double) best));
}

// The winner of window (n, oh, ow, c) as a flat input row*W+col index, or -1 if the window lies
// entirely in the padding; 'value' gets its value.
template <typename T>
__device__ int window_winner(const T* x, const PoolGeom& g, int n, int oh, int ow, int c, T& value) {
    int winner = -1;
    T best = 0;
    for (int kh = 0; kh < g.KH; ++kh) {
        int ih = oh * g.sh - g.pt + kh;
        if (ih < 0 || ih >= g.H) continue;
        for (int kw = 0; kw < g.KW; ++kw) {
            int iw = ow * g.sw - g.pl + kw;
            if (iw < 0 || iw >= g.W) continue;
            T v = x[((n * g.H + ih) * g.W + iw) * g.C + c];
            if (winner < 0 || beats(v, best)) {
                best = v;
                winner = ih * g.W + iw;
            }
        }
    }
    value = best;
    return winner;
}

template <typename T>
__device__ void pool_fwd(T* y, const T* x, PoolGeom g) {
    TD_GRID_LOOP(e, g.N * g.OH * g.OW * g.C) {
        int c = (int) e % g.C;
        int t = (int) e / g.C;
        int ow = t % g.OW; t /= g.OW;
        int oh = t % g.OH;
        int n = t / g.OH;
        T v;
        int winner = window_winner<T>(x, g, n, oh, ow, c, v);
        y[e] = winner < 0 ? (T) -INFINITY : v;
    }
}

// One thread per input element: it sums, in window order, the gradients of the windows that
// contain it and that it wins. Windows oh with oh*sh - pt <= h < oh*sh - pt + KH contain row h
// (ConvGeometry.windowsCovering).
template <typename T>
__device__ void pool_bwd(T* dx, const T* x, const T* dy, PoolGeom g) {
    TD_GRID_LOOP(e, g.N * g.H * g.W * g.C) {
        int c = (int) e % g.C;
        int t = (int) e / g.C;
        int iw = t % g.W; t /= g.W;
        int ih = t % g.H;
        int n = t / g.H;
        int ohLo = max(0, (ih + g.pt - g.KH + g.sh) / g.sh);
        int ohHi = min(g.OH - 1, (ih + g.pt) / g.sh);
        int owLo = max(0, (iw + g.pl - g.KW + g.sw) / g.sw);
        int owHi = min(g.OW - 1, (iw + g.pl) / g.sw);
        T acc = 0;
        for (int oh = ohLo; oh <= ohHi; ++oh) {
            for (int ow = owLo; ow <= owHi; ++ow) {
                T v;
                if (window_winner<T>(x, g, n, oh, ow, c, v) == ih * g.W + iw) {
                    acc += dy[((n * g.OH + oh) * g.OW + ow) * g.C + c];
                }
            }
        }
        dx[e] = acc;
    }
}

#define POOL(name, T) \
    extern "C" __global__ void maxpool_fwd_##name(T* y, const T* x, PoolGeom g) { pool_fwd<T>(y, x, g); } \
    extern "C" __global__ void maxpool_bwd_##name(T* dx, const T* x, const T* dy, PoolGeom g) { pool_bwd<T>(dx, x, dy, g); }
TD_FOR_EACH_FLOATING(POOL)
