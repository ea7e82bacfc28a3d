// Reductions over axes (sum, max, min) and arg-reductions (argmax, argmin) along one axis.
// Floating values accumulate in double and integers in 64 bits, as in CpuBackend.reduce; NaN wins
// max and min. ReduceLayout.java computes the two layouts and the block shape.
#include "common.cuh"

enum { R_SUM, R_MAX, R_MIN };

template <int OP> __device__ __forceinline__ double combine_double(double acc, double v) {
    if (OP == R_SUM) return acc + v;
    if (OP == R_MAX) return (v > acc || isnan(v)) ? v : acc;
    return (v < acc || isnan(v)) ? v : acc;
}

template <int OP> __device__ __forceinline__ i64 combine_long(i64 acc, i64 v) {
    if (OP == R_SUM) return (i64) ((u64) acc + (u64) v);
    if (OP == R_MAX) return v > acc ? v : acc;
    return v < acc ? v : acc;
}

template <int OP> __device__ __forceinline__ double identity_double() {
    return OP == R_SUM ? 0.0 : (OP == R_MAX ? -INFINITY : INFINITY);
}

template <int OP> __device__ __forceinline__ i64 identity_long() {
    return OP == R_SUM ? 0 : (OP == R_MAX ? (i64) 0x8000000000000000ULL : (i64) 0x7fffffffffffffffULL);
}

// One output per row of the block (threadIdx.y), its reduction spread over the row's threads
// (threadIdx.x); blockDim.x * blockDim.y == 256. outMap walks the kept dims (input strides),
// redMap the reduced ones; out[o] = reduce over k of x[outMap(o) + redMap(k)].
template <typename T, int OP, bool FLOATING>
__device__ void reduce_impl(T* out, const T* x, int m, int r, const Layout& outMap, const Layout& redMap) {
    __shared__ double sd[256];
    __shared__ i64 sl[256];
    int o = blockIdx.x * blockDim.y + threadIdx.y;
    int t = threadIdx.y * blockDim.x + threadIdx.x;
    double accD = identity_double<OP>();
    i64 accL = identity_long<OP>();
    if (o < m) {
        int base[1];
        td_offsets<1>(outMap, (unsigned) o, base);
        for (unsigned k = threadIdx.x; k < (unsigned) r; k += blockDim.x) {
            int off[1];
            td_offsets<1>(redMap, k, off);
            T v = x[base[0] + off[0]];
            if (FLOATING) accD = combine_double<OP>(accD, (double) v);
            else accL = combine_long<OP>(accL, td_as_long<T>(v));
        }
    }
    if (FLOATING) sd[t] = accD; else sl[t] = accL;
    __syncthreads();
    for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) {
            if (FLOATING) sd[t] = combine_double<OP>(sd[t], sd[t + s]);
            else sl[t] = combine_long<OP>(sl[t], sl[t + s]);
        }
        __syncthreads();
    }
    if (threadIdx.x == 0 && o < m) {
        if (FLOATING) out[o] = (T) sd[t];
        else out[o] = td_from_long<T>(sl[t]);
    }
}

#define REDUCE_OP(opname, OP, name, T, FLOATING) \
    extern "C" __global__ void reduce_##opname##_##name(T* out, const T* x, int m, int r, Layout outMap, Layout redMap) { \
        reduce_impl<T, OP, FLOATING>(out, x, m, r, outMap, redMap); \
    }
#define REDUCE_ALL(name, T, FLOATING) \
    REDUCE_OP(sum, R_SUM, name, T, FLOATING) REDUCE_OP(max, R_MAX, name, T, FLOATING) REDUCE_OP(min, R_MIN, name, T, FLOATING)
#define REDUCE_FLOATING(name, T) REDUCE_ALL(name, T, true)
REDUCE_FLOATING(f32, float)
REDUCE_FLOATING(f64, double)
REDUCE_ALL(i32, int, false)
REDUCE_ALL(i64, i64, false)
REDUCE_ALL(u8, u8, false)

// ---- argmax / argmin: one thread per (outer, inner) position, scanning the axis in order -------------

// NOTE: the first NaN wins, as in NumPy; ties keep the smallest index (CpuBackend.argReduce).
template <typename T, typename O, bool MAX>
__device__ void arg_impl(O* out, const T* x, int outer, int len, int inner) {
    TD_GRID_LOOP(i, outer * inner) {
        int p = (int) i / inner;
        int q = (int) i % inner;
        const T* row = x + (i64) p * len * inner + q;
        int best = 0;
        T w = len > 0 ? row[0] : T();
        bool floating = td_is_floating<T>();
        for (int k = 1; k < len; ++k) {
            T v = row[(i64) k * inner];
            bool better;
            if (floating) better = w == w && (v != v || (MAX ? v > w : v < w));
            else better = MAX ? v > w : v < w;
            if (better) { best = k; w = v; }
        }
        out[i] = (O) best;
    }
}

#define ARG_OUT(name, T, oname, O) \
    extern "C" __global__ void argmax_##name##_##oname(O* out, const T* x, int outer, int len, int inner) { \
        arg_impl<T, O, true>(out, x, outer, len, inner); \
    } \
    extern "C" __global__ void argmin_##name##_##oname(O* out, const T* x, int outer, int len, int inner) { \
        arg_impl<T, O, false>(out, x, outer, len, inner); \
    }
#define ARG(name, T) ARG_OUT(name, T, i32, int) ARG_OUT(name, T, i64, i64)
TD_FOR_EACH_NUMERIC(ARG)
