// One fused Adam step (Backend.adamUpdate, Keras' formula) writing three new tensors:
//   m' = m + (g - m) * b1c,  v' = v + (g*g - v) * b2c,  x' = x - alpha * m' / (sqrt(v') + eps)
// with b1c = 1 - beta1 and b2c = 1 - beta2 rounded to the dtype by the caller, exactly as
// CpuBackend computes them; compiled with -fmad=false, so float32 results match it bit for bit.
#include "common.cuh"

template <typename T>
__device__ void adam(T* xo, T* mo, T* vo, const T* x, const T* m, const T* v, const T* g, int n,
                     T alpha, T b1c, T b2c, T eps) {
    TD_GRID_LOOP(i, n) {
        T gi = g[i];
        T mi = m[i] + (gi - m[i]) * b1c;
        T vi = v[i] + (gi * gi - v[i]) * b2c;
        mo[i] = mi;
        vo[i] = vi;
        xo[i] = x[i] - alpha * mi / (sqrt(vi) + eps);
    }
}

#define ADAM(name, T) \
    extern "C" __global__ void adam_##name(T* xo, T* mo, T* vo, const T* x, const T* m, const T* v, const T* g, int n, \
                                           T alpha, T b1c, T b2c, T eps) { \
        adam<T>(xo, mo, vo, x, m, v, g, n, alpha, b1c, b2c, eps); \
    }
TD_FOR_EACH_FLOATING(ADAM)
