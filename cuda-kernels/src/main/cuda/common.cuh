// Shared by every kernel family: element types, the strided index layout, grid-stride loops and
// the error word. The Java side (org.tapedeck.engine.backend.cuda) mirrors the index arithmetic in
// small helpers (StridedLayout, ConvGeometry, ...) that compute the launch parameters.
#pragma once

typedef long long i64;
typedef unsigned long long u64;
typedef unsigned char u8;

// Up to this many dims after the Java side has merged the dims it can (StridedLayout.MAX_RANK).
#define TD_MAX_RANK 8

// Row-major dims of an iteration space and, for up to three operands, the element stride of each
// dim (0 along broadcast dims). Passed by value: 33 ints, laid out exactly as StridedLayout.pack().
struct Layout {
    int rank;
    int dims[TD_MAX_RANK];
    int strides[3][TD_MAX_RANK];
};

// The offsets of element i (row-major over L.dims) in each of the first OPS operands.
// NOTE: the innermost dim is peeled off first, so rank-1 layouts cost one multiply.
template <int OPS>
__device__ __forceinline__ void td_offsets(const Layout& L, unsigned i, int (&off)[OPS]) {
    #pragma unroll
    for (int k = 0; k < OPS; ++k) off[k] = 0;
    for (int d = L.rank - 1; d > 0; --d) {
        unsigned dim = (unsigned) L.dims[d];
        unsigned c = i % dim;
        i /= dim;
        #pragma unroll
        for (int k = 0; k < OPS; ++k) off[k] += (int) c * L.strides[k][d];
    }
    if (L.rank > 0) {
        #pragma unroll
        for (int k = 0; k < OPS; ++k) off[k] += (int) i * L.strides[k][0];
    }
}

// for (i in [0, n)) spread over the whole grid; n < 2^31, so i + stride never wraps an unsigned.
#define TD_GRID_LOOP(i, n) \
    for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < (unsigned) (n); i += blockDim.x * gridDim.x)

// The error word: int[4] on the device = {ticket, position, value (i64, low then high)}. The first
// failing thread of any launch wins; the Java side reads it at the next synchronisation and throws
// the error it registered under that ticket.
__device__ __forceinline__ void td_report(int* err, int ticket, int position, i64 value) {
    if (atomicCAS(err, 0, ticket) == 0) {
        err[1] = position;
        err[2] = (int) (value & 0xffffffffLL);
        err[3] = (int) (value >> 32);
    }
}

// ---- values as the CPU backend reads them (HostBuffer.getDouble / getLong) ----------------------

template <typename T> __device__ __forceinline__ bool td_is_floating() { return false; }
template <> __device__ __forceinline__ bool td_is_floating<float>() { return true; }
template <> __device__ __forceinline__ bool td_is_floating<double>() { return true; }

template <typename T> __device__ __forceinline__ double td_as_double(T v) { return (double) v; }

template <typename T> __device__ __forceinline__ i64 td_as_long(T v) { return (i64) v; }
// NOTE: (long) of a double in Java saturates and maps NaN to 0. PTX's cvt.rzi saturates too, but
// gives LLONG_MIN for NaN on the GPU (seen on an H200), so NaN is mapped to 0 here explicitly.
template <> __device__ __forceinline__ i64 td_as_long<float>(float v) { return v != v ? 0 : (i64) v; }
template <> __device__ __forceinline__ i64 td_as_long<double>(double v) { return v != v ? 0 : (i64) v; }

// Stores keep the low bits, as HostBuffer.setLong does (int32 the low 32, uint8 the low 8).
template <typename T> __device__ __forceinline__ T td_from_long(i64 v) { return (T) v; }
template <> __device__ __forceinline__ int td_from_long<int>(i64 v) { return (int) (unsigned) (u64) v; }
template <> __device__ __forceinline__ u8 td_from_long<u8>(i64 v) { return (u8) (u64) v; }

// One instantiation per dtype: name suffix and C type. bool is stored as u8 (0 or 1) and reads
// through the u8 kernels; only casts to bool need their own (they normalise to 0/1).
#define TD_FOR_EACH_NUMERIC(X) X(f32, float) X(f64, double) X(i32, int) X(i64, i64) X(u8, u8)
#define TD_FOR_EACH_FLOATING(X) X(f32, float) X(f64, double)
#define TD_FOR_EACH_WIDTH(X) X(1, u8) X(4, unsigned) X(8, u64)
#define TD_FOR_EACH_INDEX(X) X(i32, int) X(i64, i64)
