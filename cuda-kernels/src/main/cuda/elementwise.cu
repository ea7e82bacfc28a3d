// Elementwise kernels: unary, binary and comparisons with NumPy broadcasting, where, the relu
// gradient, cast, fill.
// Every value is computed as the CPU backend computes it (CpuBackend, UnaryOp, BinaryOp): floating
// types in double (float32's +, -, *, /, max, min, compare, abs, neg, relu, sqrt directly in float,
// which rounds identically), integer types in 64-bit two's complement, stored back keeping the low
// bits. The op codes are UnaryOp/BinaryOp as numbered by ElementwiseKernels.java.
#include "common.cuh"

// ---- unary ----------------------------------------------------------------------------------------

enum { U_NEG, U_ABS, U_SIGN, U_RELU, U_SQRT, U_EXP, U_LOG, U_TANH, U_SIGMOID };

__device__ double unary_double(int op, double x) {
    switch (op) {
        case U_NEG: return -x;
        case U_ABS: return fabs(x);
        // NOTE: Math.signum keeps NaN and the sign of a zero.
        case U_SIGN: return x > 0 ? 1.0 : (x < 0 ? -1.0 : x);
        case U_RELU: return x > 0 || isnan(x) ? x : 0.0;
        case U_SQRT: return sqrt(x);
        case U_EXP: return exp(x);
        case U_LOG: return log(x);
        case U_TANH: return tanh(x);
        case U_SIGMOID:
            if (x >= 0) return 1.0 / (1.0 + exp(-x));
            { double e = exp(x); return e / (1.0 + e); }
        default: return nan("");
    }
}

__device__ float unary_float(int op, float x) {
    switch (op) {
        case U_NEG: return -x;
        case U_ABS: return fabsf(x);
        case U_SIGN: return x > 0 ? 1.0f : (x < 0 ? -1.0f : x);
        case U_RELU: return x > 0 || isnan(x) ? x : 0.0f;
        case U_SQRT: return sqrtf(x);  // correctly rounded, as (float) Math.sqrt(x) is
        default: return (float) unary_double(op, (double) x);
    }
}

__device__ i64 unary_long(int op, i64 x) {
    switch (op) {
        case U_NEG: return (i64) (0ULL - (u64) x);
        case U_ABS: return x < 0 ? (i64) (0ULL - (u64) x) : x;
        case U_SIGN: return (x > 0) - (x < 0);
        case U_RELU: return x > 0 ? x : 0;
        default: return 0;  // the op layer only sends the ops defined for integers
    }
}

template <typename T> __device__ __forceinline__ T unary_value(int op, T x) {
    return td_from_long<T>(unary_long(op, td_as_long<T>(x)));
}
template <> __device__ __forceinline__ float unary_value<float>(int op, float x) { return unary_float(op, x); }
template <> __device__ __forceinline__ double unary_value<double>(int op, double x) { return unary_double(op, x); }

#define UNARY(name, T) \
    extern "C" __global__ void unary_##name(T* out, const T* x, int n, int op) { \
        TD_GRID_LOOP(i, n) out[i] = unary_value<T>(op, x[i]); \
    }
TD_FOR_EACH_NUMERIC(UNARY)

// ---- binary -------------------------------------------------------------------------------------

enum { B_ADD, B_SUB, B_MUL, B_DIV, B_FLOOR_DIV, B_FLOOR_MOD, B_POW, B_MAXIMUM, B_MINIMUM,
       B_EQUAL, B_NOT_EQUAL, B_LESS, B_LESS_EQUAL, B_GREATER, B_GREATER_EQUAL };

// Error kinds reported through the error word's value: which integer rule was broken.
enum { E_DIV_BY_ZERO = 1, E_NEGATIVE_POWER = 2 };

template <typename F> __device__ __forceinline__ F binary_floating(int op, F a, F b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        // NOTE: floor(a / b) must see the double quotient: a float quotient can round up to an integer.
        case B_FLOOR_DIV: return (F) floor((double) a / (double) b);
        case B_FLOOR_MOD: {
            double r = fmod((double) a, (double) b);
            return (F) (r != 0 && ((r < 0) != ((double) b < 0)) ? r + (double) b : r);
        }
        case B_POW: {
            double x = a, y = b;
            // Java's Math.pow: a NaN exponent gives NaN, and (+-1)^(+-inf) is NaN (C gives 1).
            if (isnan(y) || (isinf(y) && fabs(x) == 1.0)) return (F) nan("");
            return (F) pow(x, y);
        }
        case B_MAXIMUM: return isnan(a) || a >= b ? a : b;
        case B_MINIMUM: return isnan(a) || a <= b ? a : b;
        default: return (F) nan("");
    }
}

// Integer arithmetic wraps as Java's long does (hence the unsigned casts: signed overflow is
// undefined in C++). Division by zero and negative powers report an error and give 0.
__device__ i64 binary_long(int op, i64 a, i64 b, int* err, int ticket, int position) {
    switch (op) {
        case B_ADD: return (i64) ((u64) a + (u64) b);
        case B_SUB: return (i64) ((u64) a - (u64) b);
        case B_MUL: return (i64) ((u64) a * (u64) b);
        case B_FLOOR_DIV: {
            if (b == 0) { td_report(err, ticket, position, E_DIV_BY_ZERO); return 0; }
            if (b == -1) return (i64) (0ULL - (u64) a);
            i64 q = a / b;
            return (a % b != 0 && ((a ^ b) < 0)) ? q - 1 : q;
        }
        case B_FLOOR_MOD: {
            if (b == 0) { td_report(err, ticket, position, E_DIV_BY_ZERO); return 0; }
            if (b == -1) return 0;
            i64 r = a % b;
            return (r != 0 && ((r ^ b) < 0)) ? r + b : r;
        }
        case B_POW: {
            if (b < 0) { td_report(err, ticket, position, E_NEGATIVE_POWER); return 0; }
            u64 result = 1, base = (u64) a;
            while (b > 0) {
                if (b & 1) result *= base;
                base *= base;
                b >>= 1;
            }
            return (i64) result;
        }
        case B_MAXIMUM: return a > b ? a : b;
        case B_MINIMUM: return a < b ? a : b;
        default: return 0;
    }
}

template <typename T> __device__ __forceinline__ T binary_value(int op, T a, T b, int* err, int ticket, int pos) {
    return td_from_long<T>(binary_long(op, td_as_long<T>(a), td_as_long<T>(b), err, ticket, pos));
}
template <> __device__ __forceinline__ float binary_value<float>(int op, float a, float b, int*, int, int) {
    return binary_floating<float>(op, a, b);
}
template <> __device__ __forceinline__ double binary_value<double>(int op, double a, double b, int*, int, int) {
    return binary_floating<double>(op, a, b);
}

template <typename T> __device__ __forceinline__ bool compare_value(int op, T a, T b) {
    switch (op) {
        case B_EQUAL: return a == b;
        case B_NOT_EQUAL: return a != b;
        case B_LESS: return a < b;
        case B_LESS_EQUAL: return a <= b;
        case B_GREATER: return a > b;
        case B_GREATER_EQUAL: return a >= b;
        default: return false;
    }
}

// L: the output's dims; strides[0] for a, strides[1] for b.
#define BINARY(name, T) \
    extern "C" __global__ void binary_##name(T* out, const T* a, const T* b, int n, Layout L, int op, \
                                             int* err, int ticket) { \
        TD_GRID_LOOP(i, n) { \
            int off[2]; \
            td_offsets<2>(L, i, off); \
            out[i] = binary_value<T>(op, a[off[0]], b[off[1]], err, ticket, (int) i); \
        } \
    } \
    extern "C" __global__ void compare_##name(u8* out, const T* a, const T* b, int n, Layout L, int op) { \
        TD_GRID_LOOP(i, n) { \
            int off[2]; \
            td_offsets<2>(L, i, off); \
            out[i] = compare_value<T>(op, a[off[0]], b[off[1]]) ? 1 : 0; \
        } \
    }
TD_FOR_EACH_NUMERIC(BINARY)

// ---- where: by element width, since it only moves bits ---------------------------------------------

// L: the output's dims; strides[0] for cond, strides[1] for a, strides[2] for b.
#define WHERE(width, T) \
    extern "C" __global__ void where_##width(T* out, const u8* cond, const T* a, const T* b, int n, Layout L) { \
        TD_GRID_LOOP(i, n) { \
            int off[3]; \
            td_offsets<3>(L, i, off); \
            out[i] = cond[off[0]] ? a[off[1]] : b[off[2]]; \
        } \
    }
TD_FOR_EACH_WIDTH(WHERE)

// ---- relu gradient ------------------------------------------------------------------------------

// CpuBackend.reluGrad: a select, so a NaN or infinite gradient stays out where the feature is not
// positive; a NaN feature compares false, so it passes nothing.
#define RELU_GRAD(name, T) \
    extern "C" __global__ void relu_grad_##name(T* out, const T* gradients, const T* features, int n) { \
        TD_GRID_LOOP(i, n) out[i] = features[i] > (T) 0 ? gradients[i] : (T) 0; \
    }
TD_FOR_EACH_NUMERIC(RELU_GRAD)

// ---- cast -------------------------------------------------------------------------------------------

// CpuBackend.cast's rules: to bool, "!= 0" of the double value; into a floating type through the
// double value; from floating into integers through (long), keeping the low bits; integer to
// integer through the long value, keeping the low bits.
template <typename S, typename D> __device__ __forceinline__ D cast_value(S v) {
    if (td_is_floating<D>()) return (D) td_as_double<S>(v);
    return td_from_long<D>(td_as_long<S>(v));
}

#define CAST_TO(sname, S, dname, D) \
    extern "C" __global__ void cast_##sname##_##dname(D* out, const S* x, int n) { \
        TD_GRID_LOOP(i, n) out[i] = cast_value<S, D>(x[i]); \
    }
#define CAST_FROM(sname, S) \
    CAST_TO(sname, S, f32, float) CAST_TO(sname, S, f64, double) CAST_TO(sname, S, i32, int) \
    CAST_TO(sname, S, i64, i64) CAST_TO(sname, S, u8, u8) \
    extern "C" __global__ void cast_##sname##_b8(u8* out, const S* x, int n) { \
        TD_GRID_LOOP(i, n) out[i] = td_as_double<S>(x[i]) != 0 ? 1 : 0; \
    }
TD_FOR_EACH_NUMERIC(CAST_FROM)

// ---- fill (8-byte elements; narrower ones use cuMemsetD8/D32) ---------------------------------------

extern "C" __global__ void fill_8(u64* out, int n, u64 bits) {
    TD_GRID_LOOP(i, n) out[i] = bits;
}
