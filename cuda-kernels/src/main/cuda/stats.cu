// Tensor statistics for the debugger, computed where the tensor lives: each block summarises its
// share of the elements (finite count, mean and sum of squared deviations by Welford's update,
// min, max, NaN/Inf/zero counts) into 8 doubles; the host merges the few block summaries with
// Chan's formula (StatsMerge.java), so only those cross the bus.
#include "common.cuh"

#define STATS_THREADS 256

struct Summary {
    double count, mean, m2, min, max, nan, inf, zero;
};

// Chan et al.'s pairwise update of (count, mean, m2).
__device__ __forceinline__ void merge(Summary& a, const Summary& b) {
    double n = a.count + b.count;
    if (b.count > 0) {
        double delta = b.mean - a.mean;
        a.mean = a.mean + delta * (b.count / n);
        a.m2 = a.m2 + b.m2 + delta * delta * (a.count * b.count / n);
        a.count = n;
        if (b.min < a.min) a.min = b.min;
        if (b.max > a.max) a.max = b.max;
    }
    a.nan += b.nan;
    a.inf += b.inf;
    a.zero += b.zero;
}

template <typename T>
__device__ void stats_impl(double* partials, const T* x, int n) {
    __shared__ Summary s[STATS_THREADS];
    Summary me = {0, 0, 0, INFINITY, -INFINITY, 0, 0, 0};
    TD_GRID_LOOP(i, n) {
        double v = td_as_double<T>(x[i]);
        if (isnan(v)) { me.nan += 1; continue; }
        if (isinf(v)) { me.inf += 1; continue; }
        if (v == 0) me.zero += 1;
        me.count += 1;
        if (v < me.min) me.min = v;  // as CpuBackend.stats compares
        if (v > me.max) me.max = v;
        double d = v - me.mean;
        me.mean += d / me.count;
        me.m2 += d * (v - me.mean);
    }
    s[threadIdx.x] = me;
    __syncthreads();
    for (unsigned k = blockDim.x / 2; k > 0; k >>= 1) {
        if (threadIdx.x < k) merge(s[threadIdx.x], s[threadIdx.x + k]);
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        double* p = partials + 8 * blockIdx.x;
        p[0] = s[0].count; p[1] = s[0].mean; p[2] = s[0].m2; p[3] = s[0].min;
        p[4] = s[0].max; p[5] = s[0].nan; p[6] = s[0].inf; p[7] = s[0].zero;
    }
}

#define STATS(name, T) \
    extern "C" __global__ void stats_##name(double* partials, const T* x, int n) { stats_impl<T>(partials, x, n); }
TD_FOR_EACH_NUMERIC(STATS)
