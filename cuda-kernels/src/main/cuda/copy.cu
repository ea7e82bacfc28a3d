// Data movement: strided gathers and scatters (transpose, broadcastTo, slice, pad, concat), gather
// and its adjoint scatterAdd along one axis, and an index range check. Pure moves work by element
// width, not dtype. StridedLayout.java and GatherGeometry.java compute the layouts.
#include "common.cuh"

// out[i] = in[inOffset + L(i)]: transpose (permuted strides), broadcastTo (0 strides), slice.
#define STRIDED(width, T) \
    extern "C" __global__ void strided_gather_##width(T* out, const T* in, int n, Layout L, int inOffset) { \
        TD_GRID_LOOP(i, n) { \
            int off[1]; \
            td_offsets<1>(L, i, off); \
            out[i] = in[inOffset + off[0]]; \
        } \
    } \
    extern "C" __global__ void strided_scatter_##width(T* out, const T* in, int n, Layout L, int outOffset) { \
        TD_GRID_LOOP(i, n) { \
            int off[1]; \
            td_offsets<1>(L, i, off); \
            out[outOffset + off[0]] = in[i]; \
        } \
    }
TD_FOR_EACH_WIDTH(STRIDED)

// params viewed as [outer, axisLen, inner], out as [outer, count, inner]. Indices were checked by
// check_indices first; one that is still out of range gives zeros rather than a wild read.
#define GATHER_I(width, T, iname, I) \
    extern "C" __global__ void gather_##width##_##iname(T* out, const T* params, const I* idx, int outer, int count, \
                                                        int axisLen, int inner) { \
        TD_GRID_LOOP(e, outer * count * inner) { \
            int q = (int) e % inner; \
            int t = (int) e / inner; \
            int j = t % count; \
            int p = t / count; \
            I at = idx[j]; \
            out[e] = at >= 0 && at < axisLen ? params[((i64) p * axisLen + at) * inner + q] : (T) 0; \
        } \
    }
#define GATHER(width, T) GATHER_I(width, T, i32, int) GATHER_I(width, T, i64, i64)
TD_FOR_EACH_WIDTH(GATHER)

#define CHECK(iname, I) \
    extern "C" __global__ void check_indices_##iname(const I* idx, int count, int axisLen, int* err, int ticket) { \
        TD_GRID_LOOP(j, count) { \
            if (idx[j] < 0 || idx[j] >= axisLen) td_report(err, ticket, (int) j, (i64) idx[j]); \
        } \
    }
TD_FOR_EACH_INDEX(CHECK)

// out viewed as [outer, axisLen, inner], updates as [outer, count, inner]. One thread per output
// element sums, in index order, the updates whose index points at it: the same order as
// CpuBackend.scatterAdd, so the sums agree exactly, and no atomics are needed.
template <typename T> __device__ __forceinline__ T td_add(T a, T b) { return td_from_long<T>(td_as_long<T>(a) + td_as_long<T>(b)); }
template <> __device__ __forceinline__ float td_add<float>(float a, float b) { return a + b; }
template <> __device__ __forceinline__ double td_add<double>(double a, double b) { return a + b; }

#define SCATTER_ADD_I(name, T, iname, I) \
    extern "C" __global__ void scatter_add_##name##_##iname(T* out, const T* updates, const I* idx, int outer, \
                                                            int count, int axisLen, int inner) { \
        TD_GRID_LOOP(e, outer * axisLen * inner) { \
            int q = (int) e % inner; \
            int t = (int) e / inner; \
            int a = t % axisLen; \
            int p = t / axisLen; \
            T acc = 0; \
            for (int j = 0; j < count; ++j) { \
                if (idx[j] == a) acc = td_add<T>(acc, updates[((i64) p * count + j) * inner + q]); \
            } \
            out[e] = acc; \
        } \
    }
#define SCATTER_ADD(name, T) SCATTER_ADD_I(name, T, i32, int) SCATTER_ADD_I(name, T, i64, i64)
TD_FOR_EACH_NUMERIC(SCATTER_ADD)
