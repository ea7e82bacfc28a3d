#!/usr/bin/python3
"""Generates the op reference table that OpTableTest checks the engine's facade TF against.

Run from anywhere with Debian 12's NumPy (1.24) and PyTorch (1.13):

    /usr/bin/python3 engine/src/test/python/gen_op_reference.py

It writes engine/src/test/resources/ops/reference.json:

    {"cases": [{"id": "...", "op": "add", "inputs": [<tensor>, ...], "attrs": {...},
                "expected": <tensor>}                          # a value, or
               {"id": "...", "op": "add", ..., "error": {"contains": ["AddV2", "int32"]}}]}

where <tensor> is {"dtype": "float32", "shape": [2, 3], "data": ["1.5", ...]}. "data" is the
row-major element list as strings so that Java reads back exactly these values:
  * floats: repr() of the value as a Python float (exact for float32 too, since every float32
    is a double), or "nan", "inf", "-inf" ("-0.0" keeps the sign of zero);
  * integers (int32, int64, uint8): the decimal integer;
  * bool: "1" or "0".
An error case lists substrings the engine's message must contain: the TensorFlow op name and the
offending dtypes or shapes. "signed_zeros": true asks the test to compare the sign of zeros too.

Adding an op: write its rows in a *_cases function below, map its name to the TF call in
OpCalls.java, list it in OpTableTest.FACADE_OPS, and, if it is differentiable, add it to
GradientCheckTest. Then run this script and check in the regenerated JSON.

Expected values follow TensorFlow's semantics, which NumPy does not always share; each helper
below named tf_* says where they differ. TensorFlow itself is not installed here, so the
semantics are written out from its kernels (tensorflow/core/kernels/cwise_ops.h,
reduction_ops.h, sequence_ops.cc).
"""

import json
import os
import warnings

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "ops", "reference.json")

F32, F64, I32, I64, U8, BOOL = "float32", "float64", "int32", "int64", "uint8", "bool"
NP = {F32: np.float32, F64: np.float64, I32: np.int32, I64: np.int64, U8: np.uint8, BOOL: np.bool_}
FLOATS = (F32, F64)
INTS = (I32, I64, U8)
NUMERIC = FLOATS + INTS
ALL = NUMERIC + (BOOL,)

np.seterr(all="ignore")
warnings.simplefilter("ignore", RuntimeWarning)  # means of empty slices are meant to be nan
rng = np.random.default_rng(20240611)
cases = []


# ---- encoding ---------------------------------------------------------------------------------

def dtype_name(a):
    return "bool" if a.dtype == np.bool_ else a.dtype.name


def encode(v, dtype):
    if dtype in FLOATS:
        f = float(v)
        if np.isnan(f):
            return "nan"
        if np.isinf(f):
            return "inf" if f > 0 else "-inf"
        return repr(f)
    if dtype == BOOL:
        return "1" if bool(v) else "0"
    return str(int(v))


def tensor(a):
    a = np.asarray(a)
    d = dtype_name(a)
    return {"dtype": d, "shape": list(a.shape), "data": [encode(v, d) for v in a.reshape(-1)]}


def describe(op, inputs, attrs, note):
    parts = [op]
    if inputs:
        parts.append(", ".join("%s%s" % (dtype_name(x), tuple(x.shape)) for x in inputs))
    if attrs:
        parts.append(" ".join("%s=%s" % (k, v) for k, v in attrs.items() if k != "nested"))
    if note:
        parts.append("[" + note + "]")
    return " ".join(parts)


def ok(op, inputs, expected, attrs=None, note=None, signed_zeros=False):
    inputs = [np.asarray(x) for x in inputs]
    case = {"id": "#%d %s" % (len(cases), describe(op, inputs, attrs, note)), "op": op,
            "inputs": [tensor(x) for x in inputs], "attrs": attrs or {}, "expected": tensor(expected)}
    if signed_zeros:
        case["signed_zeros"] = True
    cases.append(case)


def err(op, inputs, contains, attrs=None, note=None):
    inputs = [np.asarray(x) for x in inputs]
    cases.append({"id": "#%d %s" % (len(cases), describe(op, inputs, attrs, note or "error")), "op": op,
                  "inputs": [tensor(x) for x in inputs], "attrs": attrs or {},
                  "error": {"contains": contains}})


# ---- sample data ------------------------------------------------------------------------------

def sample(dtype, shape, kind="any"):
    """Random values of dtype: kind "any", "pos" (> 0) or "nonzero" (|v| >= 1 for ints, 0.25 for floats)."""
    shape = tuple(shape)
    if dtype in FLOATS:
        if kind == "pos":
            v = rng.uniform(0.25, 3.0, shape)
        else:
            v = rng.uniform(-3.0, 3.0, shape)
            if kind == "nonzero":
                v = np.where(np.abs(v) < 0.25, 0.5, v)
        return v.astype(NP[dtype])
    if dtype == BOOL:
        return rng.random(shape) < 0.5
    if dtype == U8:
        lo = 1 if kind in ("pos", "nonzero") else 0
        return rng.integers(lo, 20, shape).astype(np.uint8)
    if kind == "pos":
        return rng.integers(1, 10, shape).astype(NP[dtype])
    v = rng.integers(-9, 10, shape)
    if kind == "nonzero":
        v = np.where(v == 0, 3, v)
    return v.astype(NP[dtype])


def arr(values, dtype):
    return np.array(values, dtype=NP[dtype])


BROADCAST_SHAPES = [((2, 3), (2, 3)), ((), (2, 3)), ((2, 3), ()), ((3, 1), (1, 4)),
                    ((2, 3, 4), (4,)), ((4,), (2, 3, 4)), ((2, 1, 4), (3, 1)), ((0, 3), (3,)),
                    ((1, 0), (3, 1))]
FEW_SHAPES = [((2, 3), (2, 3)), ((3, 1), (1, 4)), ((), (2, 2))]


def shapes_for(dtype):
    return BROADCAST_SHAPES if dtype == F32 else FEW_SHAPES


# ---- TensorFlow semantics -----------------------------------------------------------------------

def tf_divide(a, b):
    """tf.divide (truediv): integers are cast first, uint8 to float32, int32/int64 to float64."""
    if a.dtype in (np.uint8,):
        a, b = a.astype(np.float32), b.astype(np.float32)
    elif a.dtype.kind in "iu":
        a, b = a.astype(np.float64), b.astype(np.float64)
    return np.true_divide(a, b)


def tf_floor_div(a, b):
    """FloorDiv: floor(a / b) with the quotient rounded to the dtype first for floats
    (google_floor_div_real); integers round toward negative infinity."""
    if a.dtype.kind == "f":
        return np.floor(np.true_divide(a, b))
    return np.floor_divide(a, b)


def tf_floor_mod(a, b):
    """FloorMod: fmod, then moved to the divisor's sign (google_floor_fmod). NOTE: unlike
    NumPy's mod, a zero remainder keeps fmod's sign: floormod(-1.0, 1.0) is -0.0."""
    if a.dtype.kind == "f":
        t = np.fmod(a, b)
        return np.where((t != 0) & ((b < 0) != (t < 0)), t + b, t).astype(a.dtype)
    return np.mod(a, b)


def tf_cast(x, to):
    """Cast: float -> int truncates toward zero, then wraps to the target width; -> bool is x != 0."""
    t = NP[to]
    if to == BOOL:
        return x != 0
    if x.dtype.kind == "f" and to in INTS:
        return np.trunc(x).astype(np.int64).astype(t)
    return x.astype(t)


def tf_matmul(a, b, ta=False, tb=False):
    if ta:
        a = np.swapaxes(a, -1, -2)
    if tb:
        b = np.swapaxes(b, -1, -2)
    return np.matmul(a, b)


def axes_tuple(axes, rank):
    return None if axes is None else tuple(a % rank for a in axes)


def tf_reduce_sum(x, axes=None, keep=False):
    """Sum in the input's dtype: integer sums wrap (NumPy would widen int32 and uint8)."""
    return np.sum(x, axis=axes_tuple(axes, x.ndim), keepdims=keep, dtype=x.dtype)


def tf_reduce_extremum(x, fn, axes=None, keep=False):
    """Max/Min propagate NaN. Over an empty axis they give the reducer's identity (-inf / +inf
    for floats, the dtype's lowest / highest for integers), where NumPy raises."""
    ax = axes_tuple(axes, x.ndim)
    if x.size == 0:
        shape = np.sum(x, axis=ax, keepdims=keep).shape
        if x.dtype.kind == "f":
            fill = -np.inf if fn is np.max else np.inf
        else:
            info = np.iinfo(x.dtype)
            fill = info.min if fn is np.max else info.max
        return np.full(shape, fill, dtype=x.dtype)
    return fn(x, axis=ax, keepdims=keep)


def tf_reduce_mean(x, axes=None, keep=False):
    """Mean. Integer means sum in 64 bits (reduction_ops.h) and divide truncating toward zero;
    an empty integer mean is 0 (the sum's identity). Float means of nothing are nan."""
    ax = axes_tuple(axes, x.ndim)
    if x.dtype.kind == "f":
        return np.mean(x, axis=ax, keepdims=keep, dtype=x.dtype)
    wide = np.uint64 if x.dtype.kind == "u" else np.int64
    s = np.sum(x.astype(wide), axis=ax, keepdims=keep)
    count = x.size // max(s.size, 1) if x.size else 0
    if count == 0:
        return np.zeros(s.shape, dtype=x.dtype)
    q = (np.abs(s.astype(np.int64)) // count) * np.sign(s.astype(np.int64))
    return q.astype(x.dtype)


def torch_fn(fn, x, *args):
    return fn(torch.from_numpy(np.array(x, copy=True)), *args).numpy()


def tf_range(start, limit, delta, dtype):
    """Range accumulates start + delta + delta ... in the dtype, as TensorFlow's kernel does."""
    t = NP[dtype]
    if dtype in FLOATS:
        size = int(np.ceil(abs((t(limit) - t(start)) / t(delta))))
    else:
        size = (abs(limit - start) + abs(delta) - 1) // abs(delta)
    out = np.empty(size, dtype=t)
    val = t(start)
    for i in range(size):
        out[i] = val
        val = t(val + t(delta))
    return out


def one_hot(indices, depth, on, off, dtype):
    out = np.full(indices.shape + (depth,), off, dtype=NP[dtype])
    for k in range(depth):
        out[..., k] = np.where(indices == k, NP[dtype](on), out[..., k])
    return out


# ---- binary arithmetic ------------------------------------------------------------------------

BINARY = {
    "add": (np.add, "AddV2"),
    "subtract": (np.subtract, "Sub"),
    "multiply": (np.multiply, "Mul"),
    "divide": (tf_divide, "RealDiv"),
    "floorDiv": (tf_floor_div, "FloorDiv"),
    "floorMod": (tf_floor_mod, "FloorMod"),
    "pow": (np.power, "Pow"),
    "maximum": (np.maximum, "Maximum"),
    "minimum": (np.minimum, "Minimum"),
}


def binary_cases():
    for op, (fn, _) in BINARY.items():
        for d in NUMERIC:
            if op == "pow" and d == U8:
                continue
            for sa, sb in shapes_for(d):
                a = sample(d, sa, "pos" if op == "pow" else "any")
                kind = "nonzero" if op in ("divide", "floorDiv", "floorMod") else "any"
                if op == "pow":
                    b = sample(d, sb, "any") if d in FLOATS else rng.integers(0, 5, sb).astype(NP[d])
                else:
                    b = sample(d, sb, kind)
                ok(op, [a, b], fn(a, b))

    # divide: integer division in floating point, by zero too
    ok("divide", [arr([7, -7, 0, 1], I32), arr([2, 2, 0, 0], I32)], tf_divide(arr([7, -7, 0, 1], I32), arr([2, 2, 0, 0], I32)),
       note="int32 gives float64, x/0 is inf or nan")
    ok("divide", [arr([255, 3], U8), arr([2, 0], U8)], tf_divide(arr([255, 3], U8), arr([2, 0], U8)),
       note="uint8 gives float32")
    ok("divide", [arr([1.0, -1.0, 0.0, np.inf], F32), arr([0.0, 0.0, 0.0, np.inf], F32)],
       np.true_divide(arr([1.0, -1.0, 0.0, np.inf], F32), arr([0.0, 0.0, 0.0, np.inf], F32)), note="by zero")

    # integer overflow wraps
    imax, imin = np.iinfo(np.int32).max, np.iinfo(np.int32).min
    a = arr([imax, imin, imax, 100000], I32)
    b = arr([1, -1, 2, 100000], I32)
    ok("add", [a, b], np.add(a, b), note="int32 overflow wraps")
    ok("subtract", [a, b], np.subtract(a, b), note="int32 overflow wraps")
    ok("multiply", [a, b], np.multiply(a, b), note="int32 overflow wraps")
    lmax = np.iinfo(np.int64).max
    ok("add", [arr([lmax, -lmax], I64), arr([1, -2], I64)], np.add(arr([lmax, -lmax], I64), arr([1, -2], I64)),
       note="int64 overflow wraps")
    ok("add", [arr([255, 200], U8), arr([1, 100], U8)], np.add(arr([255, 200], U8), arr([1, 100], U8)), note="uint8 wraps")
    ok("subtract", [arr([0, 5], U8), arr([1, 10], U8)], np.subtract(arr([0, 5], U8), arr([1, 10], U8)), note="uint8 wraps")
    ok("multiply", [arr([16, 3], U8), arr([16, 100], U8)], np.multiply(arr([16, 3], U8), arr([16, 100], U8)), note="uint8 wraps")
    ok("pow", [arr([2, 3, -2], I32), arr([31, 21, 31], I32)], np.power(arr([2, 3, -2], I32), arr([31, 21, 31], I32)),
       note="int32 pow wraps")
    ok("add", [arr([3e38, -3e38], F32), arr([3e38, -3e38], F32)], arr([np.inf, -np.inf], F32), note="float32 overflow")

    # floor division and modulo: signs, exact multiples, zero divisors for floats
    fa = [7.0, -7.0, 7.0, -7.0, 6.0, -6.0, 0.5, -1.0, 1.0, 3.0]
    fb = [2.0, 2.0, -2.0, -2.0, 3.0, 3.0, 0.0, 1.0, 0.0, np.inf]
    for d in FLOATS:
        a, b = arr(fa, d), arr(fb, d)
        ok("floorDiv", [a, b], tf_floor_div(a, b), note="signs and zero divisor")
        ok("floorMod", [a, b], tf_floor_mod(a, b), note="takes the divisor's sign", signed_zeros=True)
    ia = [7, -7, 7, -7, 6, -6, 0]
    ib = [2, 2, -2, -2, 3, -3, 5]
    for d in (I32, I64):
        a, b = arr(ia, d), arr(ib, d)
        ok("floorDiv", [a, b], tf_floor_div(a, b), note="rounds toward -inf")
        ok("floorMod", [a, b], tf_floor_mod(a, b), note="takes the divisor's sign")
    # NOTE: float32 FloorDiv divides in float32 before the floor: 1 / float32(1/3) rounds to 3.
    third = arr([1.0 / 3.0], F32)
    ok("floorDiv", [arr([1.0], F32), third], tf_floor_div(arr([1.0], F32), third), note="quotient rounded to float32 first")
    for op, name in (("floorDiv", "FloorDiv"), ("floorMod", "FloorMod")):
        for d in (I32, I64, U8):
            err(op, [arr([1, 2], d), arr([1, 0], d)], [name, "division by zero"], note="integer division by zero")

    # pow special values (C's pow, which TensorFlow uses: pow(1, nan) = 1, pow(-1, inf) = 1)
    pa = [1.0, 1.0, -1.0, -1.0, 0.0, 0.0, -8.0, np.nan, 2.0, -2.0, 4.0]
    pb = [np.nan, np.inf, np.inf, -np.inf, -1.0, 0.0, 1.0 / 3.0, 0.0, -1.0, 3.0, 0.5]
    for d in FLOATS:
        ok("pow", [arr(pa, d), arr(pb, d)], np.power(arr(pa, d), arr(pb, d)), note="special values")
    err("pow", [arr([2, 3], I32), arr([1, -1], I32)], ["Pow", "negative"], note="int to a negative power")

    # maximum / minimum with NaN: NaN propagates from either side, as TensorFlow's PropagateNaN
    ma = [np.nan, 1.0, np.nan, -np.inf, 2.0, -0.5]
    mb = [1.0, np.nan, np.nan, 3.0, np.inf, -0.5]
    for d in FLOATS:
        ok("maximum", [arr(ma, d), arr(mb, d)], np.maximum(arr(ma, d), arr(mb, d)), note="nan propagates")
        ok("minimum", [arr(ma, d), arr(mb, d)], np.minimum(arr(ma, d), arr(mb, d)), note="nan propagates")

    # signed zeros of plain IEEE arithmetic
    z = arr([0.0, -0.0, -0.0, 0.0], F64)
    ok("multiply", [arr([-1.0, 1.0, -1.0, 0.0], F64), z], np.multiply(arr([-1.0, 1.0, -1.0, 0.0], F64), z), signed_zeros=True)
    ok("add", [arr([-0.0, -0.0], F32), arr([-0.0, 0.0], F32)], arr([-0.0, 0.0], F32), signed_zeros=True)

    # a Java number next to a tensor takes the tensor's dtype
    for op, (fn, name) in BINARY.items():
        x = sample(F32, (2, 3), "pos")
        ok(op, [x], fn(x, np.float32(2.5)), attrs={"scalar": "2.5", "scalarKind": "double"})
        xi = sample(I32, (2, 2), "pos")
        ok(op, [xi], fn(xi, np.int32(3)), attrs={"scalar": "3", "scalarKind": "long"})
        err(op, [xi], [name, "2.5", "int32"], attrs={"scalar": "2.5", "scalarKind": "double"}, note="fraction to int")
    xi = sample(I32, (3,), "pos")
    ok("add", [xi], np.add(xi, np.int32(2)), attrs={"scalar": "2.0", "scalarKind": "double"}, note="whole double to int")

    # mismatched dtypes and shapes
    for op, (_, name) in BINARY.items():
        err(op, [sample(F32, (2,)), sample(I32, (2,))], [name, "float32", "int32"], note="mismatched dtypes")
        err(op, [sample(F64, (2, 3)), sample(F64, (4,))], [name, "(2, 3)", "(4,)"], note="incompatible shapes")
    err("add", [sample(F32, (2, 3, 4)), sample(F32, (3, 3))], ["AddV2", "(2, 3, 4)", "(3, 3)"], note="incompatible shapes")
    for op, name in (("add", "AddV2"), ("multiply", "Mul"), ("divide", "RealDiv"), ("maximum", "Maximum")):
        err(op, [arr([True], BOOL), arr([False], BOOL)], [name, "bool"], note="bool is not numeric")


# ---- unary ------------------------------------------------------------------------------------

def unary_cases():
    simple = {"negative": np.negative, "abs": np.abs, "sign": np.sign, "square": np.square}
    for op, fn in simple.items():
        for d in (F32, F64, I32, I64):
            for shape in ((2, 3), (), (0,), (2, 1, 3)):
                x = sample(d, shape)
                ok(op, [x], fn(x))
    for d in FLOATS:
        ok("negative", [arr([0.0, -0.0, np.inf, np.nan], d)], np.negative(arr([0.0, -0.0, np.inf, np.nan], d)), signed_zeros=True)
        ok("abs", [arr([-0.0, -np.inf, np.nan, -2.5], d)], np.abs(arr([-0.0, -np.inf, np.nan, -2.5], d)), signed_zeros=True)
        ok("sign", [arr([-3.0, 0.0, 2.0, np.nan, -np.inf, 1e-30], d)], np.sign(arr([-3.0, 0.0, 2.0, np.nan, -np.inf, 1e-30], d)))
        ok("square", [arr([1e200 if d == F64 else 1e20, np.nan, -3.0], d)], np.square(arr([1e200 if d == F64 else 1e20, np.nan, -3.0], d)),
           note="overflow to inf")
    imin = np.iinfo(np.int32).min
    ok("negative", [arr([imin, 5], I32)], np.negative(arr([imin, 5], I32)), note="int32 min wraps")
    ok("abs", [arr([imin, -5], I32)], np.abs(arr([imin, -5], I32)), note="int32 min wraps")
    ok("square", [arr([70000, -3], I32)], np.square(arr([70000, -3], I32)), note="int32 wraps")

    transcendental = {
        "sqrt": (np.sqrt, "Sqrt", "pos"), "exp": (np.exp, "Exp", "any"), "log": (np.log, "Log", "pos"),
        "tanh": (np.tanh, "Tanh", "any"),
        "sigmoid": (lambda x: torch_fn(torch.sigmoid, x), "Sigmoid", "any"),
    }
    for op, (fn, name, kind) in transcendental.items():
        for d in FLOATS:
            for shape in ((2, 3), (), (0, 2), (4,)):
                x = sample(d, shape, kind)
                ok(op, [x], fn(x))
        for d in INTS:
            err(op, [sample(d, (2,), "pos")], [name, d], note="integers are not accepted")
        err(op, [arr([True], BOOL)], [name, "bool"], note="bool is not accepted")
    specials = [0.0, -0.0, -1.0, np.inf, -np.inf, np.nan, 1e-30, 88.0, 89.0, 710.0, -745.0, -1000.0, 1000.0, 20.0, -20.0]
    for d in FLOATS:
        x = arr(specials, d)
        ok("sqrt", [x], np.sqrt(x), note="special values")
        ok("exp", [x], np.exp(x), note="special values")
        ok("log", [x], np.log(x), note="special values")
        ok("tanh", [x], np.tanh(x), note="special values")
        ok("sigmoid", [x], torch_fn(torch.sigmoid, x), note="special values")

    for d in (F32, F64, I32, I64, U8):
        x = sample(d, (3, 4))
        ok("relu", [x], np.maximum(x, np.zeros_like(x)))
    for d in FLOATS:
        ok("relu", [arr([np.nan, -np.inf, np.inf, -1.0, 0.0, 2.0], d)],
           arr([np.nan, 0.0, np.inf, 0.0, 0.0, 2.0], d), note="nan stays nan, as TensorFlow's PropagateNaN")


def tf_relu_grad(g, f):
    # TensorFlow's ReluGrad passes the gradient where features > 0; PyTorch's threshold_backward
    # where not (features <= 0), which differs only for a NaN feature: TensorFlow passes nothing.
    # Like the engine, this is a select: a NaN or infinite gradient does not leak where f <= 0.
    return np.where(f > 0, g, np.zeros_like(g))


def relu_grad_cases():
    # Appended after every other family, so the random draws of the rows before stay the same.
    for d in (F32, F64, I32, I64, U8):
        for shape in ((3, 4), (), (0, 2), (2, 3, 4)):
            g, f = sample(d, shape), sample(d, shape)
            expected = torch.ops.aten.threshold_backward(torch.from_numpy(g), torch.from_numpy(f), 0).numpy()
            ok("reluGrad", [g, f], expected)
    for d in FLOATS:
        g = arr([1.0, np.nan, np.inf, -np.inf, -0.0, -0.0, 2.0, -3.0, np.nan], d)
        f = arr([0.0, -1.0, -0.0, -2.0, 1.0, -1.0, np.nan, np.inf, 1e-30], d)
        ok("reluGrad", [g, f], tf_relu_grad(g, f), signed_zeros=True,
           note="a select: nan and inf gradients stay out where features <= 0; a nan feature passes nothing")
    err("reluGrad", [sample(F32, (2, 3)), sample(F32, (3, 2))], ["ReluGrad", "(2, 3)", "(3, 2)"])
    err("reluGrad", [sample(F32, (2,)), sample(F64, (2,))], ["ReluGrad", "float32", "float64"])
    err("reluGrad", [arr([True], BOOL), arr([True], BOOL)], ["ReluGrad", "bool"])


def softmax_cases():
    for op, fn in (("softmax", torch.softmax), ("logSoftmax", torch.log_softmax)):
        for d in FLOATS:
            x = sample(d, (3, 5))
            ok(op, [x], torch_fn(fn, x, -1))
            ok(op, [x], torch_fn(fn, x, 0), attrs={"axis": 0})
            x3 = sample(d, (2, 3, 4))
            ok(op, [x3], torch_fn(fn, x3, 1), attrs={"axis": 1})
            ok(op, [x3], torch_fn(fn, x3, 1), attrs={"axis": -2})
            big = arr([[1000.0, 1001.0, 999.0], [-1000.0, -1002.0, -1001.0]], d)
            ok(op, [big], torch_fn(fn, big, -1), note="large logits stay finite")
            one = sample(d, (1,))
            ok(op, [one], torch_fn(fn, one, -1), note="one class")
        err(op, [sample(I32, (2, 2))], ["Softmax" if op == "softmax" else "LogSoftmax", "int32"])
        err(op, [sample(F32, (2, 2))], ["Softmax" if op == "softmax" else "LogSoftmax", "axis 2"], attrs={"axis": 2})


# ---- comparisons, where, cast -----------------------------------------------------------------

def comparison_cases():
    comps = {"equal": np.equal, "notEqual": np.not_equal, "less": np.less, "lessEqual": np.less_equal,
             "greater": np.greater, "greaterEqual": np.greater_equal}
    names = {"equal": "Equal", "notEqual": "NotEqual", "less": "Less", "lessEqual": "LessEqual",
             "greater": "Greater", "greaterEqual": "GreaterEqual"}
    for op, fn in comps.items():
        for d in NUMERIC:
            for sa, sb in shapes_for(d)[:4]:
                a = sample(d, sa)
                b = np.where(rng.random(sb) < 0.3, a.reshape(-1)[0] if a.size else 0, sample(d, sb)).astype(NP[d])
                ok(op, [a, b], fn(a, b))
        x = arr([np.nan, np.nan, 1.0, -0.0, np.inf], F64)
        y = arr([np.nan, 1.0, np.nan, 0.0, np.inf], F64)
        ok(op, [x, y], fn(x, y), note="nan compares false, except !=")
        err(op, [sample(F32, (2,)), sample(F64, (2,))], [names[op], "float32", "float64"])
        err(op, [sample(I32, (2, 2)), sample(I32, (3,))], [names[op], "(2, 2)", "(3,)"])
    for op in ("equal", "notEqual"):
        a, b = arr([True, False, True], BOOL), arr([True, True, False], BOOL)
        ok(op, [a, b], comps[op](a, b), note="bool")
    err("less", [arr([True], BOOL), arr([False], BOOL)], ["Less", "bool"])
    ok("equal", [arr([1.5, 2.0], F32)], arr([False, True], BOOL), attrs={"scalar": "2.0", "scalarKind": "double"})
    ok("notEqual", [arr([1, 2], I64)], arr([True, False], BOOL), attrs={"scalar": "2", "scalarKind": "long"})
    ok("greater", [arr([1.0, 3.0], F64)], arr([False, True], BOOL), attrs={"scalar": "2.0", "scalarKind": "double"})


def where_cases():
    for d in ALL:
        c = sample(BOOL, (2, 3))
        a, b = sample(d, (2, 3)), sample(d, (2, 3))
        ok("where", [c, a, b], np.where(c, a, b))
    for sc, sa, sb in (((3, 1), (1, 4), ()), ((), (2, 2), (2, 2)), ((4,), (3, 4), (3, 1)), ((2, 1, 1), (3, 1), (1, 5)),
                       ((0, 2), (2,), ())):
        c, a, b = sample(BOOL, sc), sample(F32, sa), sample(F32, sb)
        ok("where", [c, a, b], np.where(c, a, b), note="broadcasting all three")
    err("where", [sample(I32, (2,)), sample(F32, (2,)), sample(F32, (2,))], ["SelectV2", "bool", "int32"], note="condition not bool")
    err("where", [sample(BOOL, (2,)), sample(F32, (2,)), sample(F64, (2,))], ["SelectV2", "float32", "float64"])
    err("where", [sample(BOOL, (2,)), sample(F32, (3,)), sample(F32, (2,))], ["SelectV2", "(2,)", "(3,)"])


def cast_cases():
    floats = [1.7, -1.7, 2.5, -2.5, 0.0, -0.0, 100.9, -100.9, 0.49]
    for src in FLOATS:
        x = arr(floats, src)
        for to in ALL:
            if to == U8:
                continue  # negative floats to uint8 are undefined in C++; checked below with valid values
            ok("cast", [x], tf_cast(x, to), attrs={"dtype": to}, note="float to int truncates toward zero")
        ok("cast", [arr([0.0, 1.9, 255.5, 3.2], src)], tf_cast(arr([0.0, 1.9, 255.5, 3.2], src), U8), attrs={"dtype": U8})
        ok("cast", [arr([np.nan, np.inf, -0.0], src)], tf_cast(arr([np.nan, np.inf, -0.0], src), BOOL), attrs={"dtype": BOOL},
           note="nan is true")
    ints = [0, 1, -1, 255, 256, 300, -129, 70000]
    for src in (I32, I64):
        x = arr(ints, src)
        for to in ALL:
            ok("cast", [x], tf_cast(x, to), attrs={"dtype": to}, note="integers wrap to narrower types")
    for to in ALL:
        x = arr([0, 1, 127, 128, 255], U8)
        ok("cast", [x], tf_cast(x, to), attrs={"dtype": to})
        b = arr([True, False, True], BOOL)
        ok("cast", [b], tf_cast(b, to), attrs={"dtype": to})
    big = arr([2 ** 60 + 2 ** 36 + 1, 2 ** 53 + 1, -(2 ** 62) - 1, 2 ** 24 + 1], I64)
    ok("cast", [big], tf_cast(big, F32), attrs={"dtype": F32}, note="int64 to float32 rounds once")
    ok("cast", [big], tf_cast(big, F64), attrs={"dtype": F64}, note="int64 to float64 rounds once")
    ok("cast", [arr([2 ** 31 - 1, -(2 ** 31), 16777217], I32)], tf_cast(arr([2 ** 31 - 1, -(2 ** 31), 16777217], I32), F32),
       attrs={"dtype": F32})
    d = arr([0.1, 1e300, -1e300, 1e-50, -0.0, np.nan], F64)
    ok("cast", [d], tf_cast(d, F32), attrs={"dtype": F32}, note="rounding, overflow, underflow", signed_zeros=True)
    ok("cast", [sample(F32, (0, 3))], np.zeros((0, 3), np.int32), attrs={"dtype": I32}, note="empty")


# ---- linear algebra ----------------------------------------------------------------------------

def matmul_cases():
    for d in (F32, F64, I32, I64):
        for ta in (False, True):
            for tb in (False, True):
                a = sample(d, (4, 3) if ta else (3, 4))
                b = sample(d, (5, 4) if tb else (4, 5))
                attrs = {"transposeA": ta, "transposeB": tb}
                ok("matmul", [a, b], tf_matmul(a, b, ta, tb), attrs=attrs)
        a, b = sample(d, (2, 3)), sample(d, (3, 2))
        ok("matmul", [a, b], tf_matmul(a, b))
    batch = [((2, 3, 4), (2, 4, 5)), ((2, 3, 4), (4, 5)), ((3, 4), (2, 4, 5)), ((2, 1, 3, 4), (3, 4, 2)),
             ((1, 3, 4), (5, 4, 2)), ((2, 0, 3), (3, 4)), ((2, 3, 0), (2, 0, 4)), ((1, 1), (1, 1))]
    for sa, sb in batch:
        for d in (F32, F64):
            a, b = sample(d, sa), sample(d, sb)
            ok("matmul", [a, b], tf_matmul(a, b), note="batch dims broadcast")
    for ta in (False, True):
        for tb in (False, True):
            a = sample(F64, (2, 1, 4, 3) if ta else (2, 1, 3, 4))
            b = sample(F64, (3, 5, 4) if tb else (3, 4, 5))
            ok("matmul", [a, b], tf_matmul(a, b, ta, tb), attrs={"transposeA": ta, "transposeB": tb}, note="batched")
    a = arr([[70000, 1], [2, 3]], I32)
    ok("matmul", [a, a], tf_matmul(a, a), note="int32 wraps")
    err("matmul", [sample(F32, (2, 3)), sample(F32, (4, 5))], ["MatMul", "(2, 3)", "(4, 5)"], note="inner dims")
    err("matmul", [sample(F32, (2, 3)), sample(F32, (2, 5))], ["MatMul", "(2, 3)", "(2, 5)"],
        attrs={"transposeA": False, "transposeB": True}, note="inner dims with transpose")
    err("matmul", [sample(F32, (2, 2, 3)), sample(F32, (3, 3, 4))], ["MatMul", "(2, 2, 3)", "(3, 3, 4)"], note="batch dims")
    err("matmul", [sample(F32, (3,)), sample(F32, (3, 2))], ["MatMul", "(3,)"], note="rank 1")
    err("matmul", [sample(F32, (2, 2)), sample(F64, (2, 2))], ["MatMul", "float32", "float64"])
    err("matmul", [sample(U8, (2, 2)), sample(U8, (2, 2))], ["MatMul", "uint8"])


# ---- reductions ------------------------------------------------------------------------------

REDUCE = {
    "reduceSum": (tf_reduce_sum, "Sum"),
    "reduceMean": (tf_reduce_mean, "Mean"),
    "reduceMax": (lambda x, axes=None, keep=False: tf_reduce_extremum(x, np.max, axes, keep), "Max"),
    "reduceMin": (lambda x, axes=None, keep=False: tf_reduce_extremum(x, np.min, axes, keep), "Min"),
}


def reduction_cases():
    for op, (fn, name) in REDUCE.items():
        for d in NUMERIC:
            x = sample(d, (2, 3, 4))
            ok(op, [x], fn(x), note="all axes")
            ok(op, [x], fn(x, [1]), attrs={"axis": 1})
            ok(op, [x], fn(x, [-1]), attrs={"axis": -1})
            for axes, keep in (([0, 2], False), ([0, 2], True), ([-1, 0], True), ([0, 1, 2], False), ([1], True), ([], False)):
                ok(op, [x], fn(x, axes, keep), attrs={"axes": axes, "keepDims": keep})
            s = sample(d, ())
            ok(op, [s], fn(s), note="scalar")
        for d in FLOATS:
            e = np.zeros((0, 3), dtype=NP[d])
            ok(op, [e], fn(e, [0]), attrs={"axis": 0}, note="empty axis")
            ok(op, [e], fn(e, [1]), attrs={"axis": 1}, note="empty result")
            ok(op, [e], fn(e), note="empty, all axes")
        ok(op, [np.zeros((0,), np.int32)], fn(np.zeros((0,), np.int32)), note="empty int32")
        nanx = arr([[1.0, np.nan, 3.0], [4.0, 5.0, 6.0]], F64)
        ok(op, [nanx], fn(nanx, [1]), attrs={"axis": 1}, note="nan propagates")
        err(op, [sample(F32, (2, 3))], [name, "axis 2", "(2, 3)"], attrs={"axis": 2}, note="bad axis")
        err(op, [sample(F32, (2, 3))], [name, "axis -3"], attrs={"axes": [-3], "keepDims": False}, note="bad axis")
        err(op, [sample(F32, (2, 3))], [name, "twice"], attrs={"axes": [1, -1], "keepDims": False}, note="repeated axis")
        err(op, [arr([True, False], BOOL)], [name, "bool"])
    # wrapping sums and TensorFlow's 64-bit integer mean
    imax = np.iinfo(np.int32).max
    big = arr([imax, imax, 2], I32)
    ok("reduceSum", [big], tf_reduce_sum(big), note="int32 sum wraps")
    ok("reduceMean", [big], tf_reduce_mean(big), note="int32 mean sums in int64")
    u = arr([200, 250, 255, 100], U8)
    ok("reduceSum", [u], tf_reduce_sum(u), note="uint8 sum wraps")
    ok("reduceMean", [u], tf_reduce_mean(u), note="uint8 mean sums in uint64")
    many = np.full((300,), 7, np.uint8)
    ok("reduceMean", [many], tf_reduce_mean(many), note="count above 255")
    neg = arr([[-7, 2], [-1, -1], [5, -6], [3, 4]], I32)
    ok("reduceMean", [neg], tf_reduce_mean(neg, [1]), attrs={"axis": 1}, note="int mean truncates toward zero")
    ok("reduceMean", [arr([-(2 ** 31), 0], I32)], tf_reduce_mean(arr([-(2 ** 31), 0], I32)), note="int32 min")
    ok("reduceMean", [arr([-7, -8], I64)], tf_reduce_mean(arr([-7, -8], I64)), note="int mean truncates toward zero")


def arg_cases():
    for op, fn, name in (("argMax", np.argmax, "ArgMax"), ("argMin", np.argmin, "ArgMin")):
        for d in NUMERIC:
            x = sample(d, (3, 4))
            ok(op, [x], fn(x, axis=0).astype(np.int64), attrs={"axis": 0})
            ok(op, [x], fn(x, axis=1).astype(np.int64), attrs={"axis": 1})
            ok(op, [x], fn(x, axis=-1).astype(np.int64), attrs={"axis": -1})
        ties = arr([[1, 5, 5, 0], [2, 2, 2, 2], [-1, -3, 4, -3]], I32)
        ok(op, [ties], fn(ties, axis=1).astype(np.int64), attrs={"axis": 1}, note="ties pick the first")
        x3 = sample(F64, (2, 3, 4))
        ok(op, [x3], fn(x3, axis=1).astype(np.int64), attrs={"axis": 1})
        ok(op, [x3], fn(x3, axis=2).astype(np.int32), attrs={"axis": 2, "outputType": I32})
        ok(op, [arr([3.0, -np.inf, np.inf], F32)], fn(arr([3.0, -np.inf, np.inf], F32), axis=0).astype(np.int64), attrs={"axis": 0})
        err(op, [sample(F32, (2, 3))], [name, "axis 2"], attrs={"axis": 2})
        err(op, [np.zeros((0, 3), np.float32)], [name, "(0, 3)"], attrs={"axis": 0}, note="empty axis")
        err(op, [arr([True], BOOL)], [name, "bool"], attrs={"axis": 0})


# ---- shapes ------------------------------------------------------------------------------------

def shape_cases():
    for d in ALL:
        x = sample(d, (2, 3, 4))
        ok("reshape", [x], x.reshape(6, 4), attrs={"shape": [6, 4]})
        ok("reshape", [x], x.reshape(-1), attrs={"shape": [-1]})
        ok("reshape", [x], x.reshape(4, -1, 2), attrs={"shape": [4, -1, 2]})
        ok("transpose", [x], np.transpose(x), note="reverses dims")
        ok("transpose", [x], np.transpose(x, (1, 0, 2)), attrs={"perm": [1, 0, 2]})
        ok("expandDims", [x], np.expand_dims(x, 0), attrs={"axis": 0})
        ok("expandDims", [x], np.expand_dims(x, -1), attrs={"axis": -1})
        b = sample(d, (3, 1))
        ok("broadcastTo", [b], np.broadcast_to(b, (2, 3, 4)), attrs={"shape": [2, 3, 4]})
        s = sample(d, (1, 3, 1))
        ok("squeeze", [s], np.squeeze(s), note="every dim of size 1")
        ok("squeeze", [s], np.squeeze(s, axis=(2,)), attrs={"axes": [2]})
        ok("squeeze", [s], np.squeeze(s, axis=(0, 2)), attrs={"axes": [0, -1]})
    x = sample(F32, (2, 3))
    ok("reshape", [x], x.reshape(3, 2), attrs={"shape": [3, 2]})
    one = sample(F64, (1, 1))
    ok("reshape", [one], one.reshape(()), attrs={"shape": []}, note="to a scalar")
    sc = sample(I32, ())
    ok("reshape", [sc], sc.reshape(1, 1), attrs={"shape": [1, -1]}, note="from a scalar")
    e = np.zeros((0, 3), np.float32)
    ok("reshape", [e], e.reshape(3, 0), attrs={"shape": [3, 0]}, note="empty")
    ok("reshape", [e], e.reshape(-1, 3), attrs={"shape": [-1, 3]}, note="empty with -1")
    ok("transpose", [e], e.T, note="empty")
    ok("transpose", [sc], sc, note="scalar")
    x4 = sample(F64, (2, 3, 4, 5))
    ok("transpose", [x4], np.transpose(x4, (3, 1, 0, 2)), attrs={"perm": [3, 1, 0, 2]})
    ok("expandDims", [sc], np.expand_dims(sc, 0), attrs={"axis": 0}, note="scalar")
    ok("expandDims", [x], np.expand_dims(x, 1), attrs={"axis": 1})
    s0 = sample(F32, ())
    ok("broadcastTo", [s0], np.broadcast_to(s0, (2, 2)), attrs={"shape": [2, 2]}, note="scalar")
    v = sample(I64, (4,))
    ok("broadcastTo", [v], np.broadcast_to(v, (3, 4)), attrs={"shape": [3, 4]})
    ok("broadcastTo", [v], v, attrs={"shape": [4]}, note="same shape")
    ok("broadcastTo", [sample(F32, (1, 3))], np.zeros((0, 3), np.float32), attrs={"shape": [0, 3]}, note="to empty")
    err("reshape", [sample(F32, (2, 3))], ["Reshape", "(2, 3)", "6 elements", "(4, 2)"], attrs={"shape": [4, 2]})
    err("reshape", [sample(F32, (2, 3))], ["Reshape", "(2, 3)"], attrs={"shape": [4, -1]}, note="-1 cannot fit")
    err("reshape", [sample(F32, (2, 3))], ["Reshape", "-1"], attrs={"shape": [-1, -1]}, note="two -1")
    err("transpose", [sample(F32, (2, 3))], ["Transpose", "(2, 3)"], attrs={"perm": [0, 0]}, note="not a permutation")
    err("transpose", [sample(F32, (2, 3))], ["Transpose", "rank 2"], attrs={"perm": [0, 1, 2]}, note="wrong length")
    err("expandDims", [sample(F32, (2, 3))], ["ExpandDims", "axis 3"], attrs={"axis": 3})
    err("expandDims", [sample(F32, (2, 3))], ["ExpandDims", "axis -4"], attrs={"axis": -4})
    err("squeeze", [sample(F32, (1, 3))], ["Squeeze", "size 3", "(1, 3)"], attrs={"axes": [1]})
    err("squeeze", [sample(F32, (1, 3))], ["Squeeze", "axis 2"], attrs={"axes": [2]})
    err("broadcastTo", [sample(F32, (3,))], ["BroadcastTo", "(3,)", "(2, 4)"], attrs={"shape": [2, 4]})
    err("broadcastTo", [sample(F32, (2, 3))], ["BroadcastTo", "(2, 3)", "(3,)"], attrs={"shape": [3]}, note="fewer dims")


def join_cases():
    for d in ALL:
        a, b, c = sample(d, (2, 3)), sample(d, (1, 3)), sample(d, (4, 3))
        ok("concat", [a, b, c], np.concatenate([a, b, c], 0), attrs={"axis": 0})
        p, q = sample(d, (2, 1)), sample(d, (2, 4))
        ok("concat", [a, p, q], np.concatenate([a, p, q], 1), attrs={"axis": 1})
        ok("concat", [a, p], np.concatenate([a, p], -1), attrs={"axis": -1})
        s = [sample(d, (2, 3)) for _ in range(3)]
        ok("stack", s, np.stack(s, 0), note="default axis 0")
        ok("stack", s, np.stack(s, 1), attrs={"axis": 1})
        ok("stack", s, np.stack(s, -1), attrs={"axis": -1})
    x3 = [sample(F64, (2, 3, 4)), sample(F64, (2, 2, 4))]
    ok("concat", x3, np.concatenate(x3, 1), attrs={"axis": 1})
    e = np.zeros((0, 3), np.float32)
    a = sample(F32, (2, 3))
    ok("concat", [e, a, e], np.concatenate([e, a, e], 0), attrs={"axis": 0}, note="with empty")
    ok("concat", [np.zeros((2, 0), np.float32), a], np.concatenate([np.zeros((2, 0), np.float32), a], 1), attrs={"axis": 1}, note="with empty")
    ok("concat", [a], a, attrs={"axis": 0}, note="one tensor")
    sc = [sample(I32, ()), sample(I32, ()), sample(I32, ())]
    ok("stack", sc, np.stack(sc), note="scalars")
    err("concat", [sample(F32, (2, 3)), sample(F32, (2, 4))], ["ConcatV2", "(2, 4)", "(2, 3)"], attrs={"axis": 0})
    err("concat", [sample(F32, (2, 3)), sample(I32, (2, 3))], ["ConcatV2", "float32", "int32"], attrs={"axis": 0})
    err("concat", [sample(F32, (2, 3)), sample(F32, (2, 3))], ["ConcatV2", "axis 2"], attrs={"axis": 2})
    err("concat", [sample(F32, (2, 3)), sample(F32, (2, 3, 1))], ["ConcatV2", "(2, 3, 1)"], attrs={"axis": 0}, note="ranks differ")
    err("stack", [sample(F32, (2, 3)), sample(F32, (3, 2))], ["Pack", "(3, 2)", "(2, 3)"])
    err("stack", [sample(F32, (2, 3)), sample(F32, (2, 3))], ["Pack", "axis 3"], attrs={"axis": 3})


def slice_cases():
    for d in ALL:
        x = sample(d, (4, 5, 3))
        ok("slice", [x], x[1:3, 0:5, 2:3], attrs={"begin": [1, 0, 2], "size": [2, -1, 1]})
        ok("slice", [x], x[0:0, :, :], attrs={"begin": [0, 0, 0], "size": [0, 5, 3]}, note="empty")
        ok("sliceRange", [x], x[1:3], attrs={"start": 1, "end": 3})
        ok("index", [x], x[2], attrs={"i": 2})
        ok("index", [x], x[-1], attrs={"i": -1})
    x = sample(F32, (6, 2))
    for start, end in ((-2, 6), (-10, 2), (2, 100), (4, 2), (-3, -1), (0, 0), (6, 8), (-100, 100)):
        ok("sliceRange", [x], x[start:end], attrs={"start": start, "end": end}, note="python slicing")
    v = sample(I64, (5,))
    ok("index", [v], v[3], attrs={"i": 3}, note="to a scalar")
    ok("slice", [v], v[4:5], attrs={"begin": [4], "size": [-1]})
    err("slice", [sample(F32, (4, 5))], ["Slice", "(4, 5)"], attrs={"begin": [3, 0], "size": [2, 5]}, note="past the end")
    err("slice", [sample(F32, (4, 5))], ["Slice", "(4, 5)"], attrs={"begin": [-1, 0], "size": [1, 5]}, note="negative begin")
    err("slice", [sample(F32, (4, 5))], ["Slice", "(4, 5)"], attrs={"begin": [0], "size": [1]}, note="too few entries")
    err("index", [sample(F32, (3, 2))], ["StridedSlice", "index 3", "(3, 2)"], attrs={"i": 3})
    err("index", [sample(F32, (3, 2))], ["StridedSlice", "index -4", "(3, 2)"], attrs={"i": -4})
    err("index", [sample(F32, ())], ["StridedSlice", "scalar"], attrs={"i": 0})
    err("sliceRange", [sample(F32, ())], ["StridedSlice", "scalar"], attrs={"start": 0, "end": 1})


def pad_cases():
    for d in ALL:
        x = sample(d, (2, 3))
        ok("pad", [x], np.pad(x, ((1, 2), (0, 1))), attrs={"paddings": [[1, 2], [0, 1]]})
    x3 = sample(F64, (2, 1, 2))
    ok("pad", [x3], np.pad(x3, ((0, 0), (2, 2), (1, 0))), attrs={"paddings": [[0, 0], [2, 2], [1, 0]]})
    ok("pad", [np.zeros((0, 2), np.float32)], np.zeros((2, 2), np.float32), attrs={"paddings": [[1, 1], [0, 0]]}, note="empty")
    v = sample(I32, (3,))
    ok("pad", [v], v, attrs={"paddings": [[0, 0]]}, note="no padding")
    err("pad", [sample(F32, (2, 3))], ["Pad", "(2, 3)"], attrs={"paddings": [[1, 1]]}, note="too few entries")
    err("pad", [sample(F32, (2, 3))], ["Pad", "-1"], attrs={"paddings": [[1, 1], [-1, 0]]}, note="negative")


def gather_cases():
    for d in ALL:
        p = sample(d, (5, 3))
        for it in (I32, I64):
            idx = arr([4, 0, 2, 0], it)
            ok("gather", [p, idx], np.take(p, idx, 0), note="axis 0 by default")
        idx = arr([2, 0, 2], I32)
        ok("gather", [p, idx], np.take(p, idx, 1), attrs={"axis": 1})
    p = sample(F64, (4, 3, 2))
    idx2 = arr([[0, 3], [1, 1], [3, 2]], I64)
    ok("gather", [p, idx2], np.take(p, idx2, 0), attrs={"axis": 0}, note="2-D indices")
    ok("gather", [p, arr([[1, 0], [2, 2]], I32)], np.take(p, arr([[1, 0], [2, 2]], I32), 1), attrs={"axis": 1}, note="2-D indices")
    ok("gather", [p, arr([1, 0], I32)], np.take(p, arr([1, 0], I32), 2), attrs={"axis": -1})
    ok("gather", [p, arr(1, I32)], np.take(p, arr(1, I32), 0), note="scalar index")
    ok("gather", [p, np.zeros((0,), np.int32)], np.take(p, np.zeros((0,), np.int32), 0), note="no indices")
    err("gather", [sample(F32, (3, 2)), arr([0, 5], I32)], ["GatherV2", "indices[1] = 5", "[0, 3)"], note="index out of range")
    err("gather", [sample(F32, (3, 2)), arr([-1], I64)], ["GatherV2", "indices[0] = -1", "[0, 3)"], note="negative index")
    err("gather", [sample(F32, (3, 2)), arr([0, 2], I32)], ["GatherV2", "indices[1] = 2", "[0, 2)"], attrs={"axis": 1})
    err("gather", [sample(F32, (3, 2)), arr([0.0], F32)], ["GatherV2", "float32"], note="float indices")
    err("gather", [sample(F32, (3, 2)), arr([0], I32)], ["GatherV2", "axis 2"], attrs={"axis": 2})


def one_hot_cases():
    for it in (I32, I64):
        idx = arr([0, 2, -1, 3, 1], it)
        ok("oneHot", [idx], one_hot(idx, 3, 1, 0, F32), attrs={"depth": 3}, note="out of range gives a row of off")
    idx2 = arr([[1, 0], [2, 2]], I32)
    ok("oneHot", [idx2], one_hot(idx2, 4, 5.0, -1.0, F64), attrs={"depth": 4, "on": 5.0, "off": -1.0, "dtype": F64})
    ok("oneHot", [idx2], one_hot(idx2, 3, 1, 0, I32), attrs={"depth": 3, "on": 1.0, "off": 0.0, "dtype": I32})
    ok("oneHot", [arr(2, I64)], one_hot(arr(2, I64), 3, 1, 0, F32), attrs={"depth": 3}, note="scalar index")
    ok("oneHot", [arr([0, 1], I32)], np.zeros((2, 0), np.float32), attrs={"depth": 0}, note="depth 0")
    err("oneHot", [arr([0.0], F32)], ["OneHot", "float32"], attrs={"depth": 2})
    err("oneHot", [arr([0], I32)], ["OneHot", "-1"], attrs={"depth": -1})


def creation_cases():
    ok("range", [], np.arange(5, dtype=np.int32), attrs={"limit": 5})
    ok("range", [], np.arange(0, dtype=np.int32), attrs={"limit": 0}, note="empty")
    for start, limit, delta in ((2, 11, 3), (10, 1, -2), (-3, 3, 1), (4, 4, 1), (0, 10, 20)):
        ok("range", [], tf_range(start, limit, delta, I32), attrs={"start": start, "limit": limit, "delta": delta})
    for dtype in (F32, F64, I64):
        for start, limit, delta in ((0.0, 2.0, 0.25), (1.0, -2.0, -0.5), (0.0, 1.0, 0.1), (-1.0, 0.0, 0.3)):
            if dtype == I64:
                start, limit, delta = int(start * 4), int(limit * 4), int(delta * 8) or 1
            ok("range", [], tf_range(start, limit, delta, dtype), attrs={"start": start, "limit": limit, "delta": delta, "dtype": dtype})
    err("range", [], ["Range", "delta"], attrs={"start": 0, "limit": 5, "delta": 0})
    err("range", [], ["Range", "start <= limit"], attrs={"start": 5, "limit": 0, "delta": 1}, note="as TensorFlow")
    err("range", [], ["Range", "start >= limit"], attrs={"start": 0, "limit": 5, "delta": -1}, note="as TensorFlow")
    err("range", [], ["Range", "bool"], attrs={"start": 0, "limit": 5, "delta": 1, "dtype": BOOL})

    ok("zeros", [], np.zeros((2, 3), np.float32), attrs={"shape": [2, 3]})
    ok("ones", [], np.ones((3,), np.float32), attrs={"shape": [3]})
    for d in ALL:
        ok("zeros", [], np.zeros((2, 2), NP[d]), attrs={"shape": [2, 2], "dtype": d})
        ok("ones", [], np.ones((1, 3), NP[d]), attrs={"shape": [1, 3], "dtype": d})
        x = sample(d, (2, 1))
        ok("zerosLike", [x], np.zeros_like(x))
        ok("onesLike", [x], np.ones_like(x))
    ok("zeros", [], np.zeros((), np.float32), attrs={"shape": []}, note="scalar")
    ok("zeros", [], np.zeros((0, 4), np.float32), attrs={"shape": [0, 4]}, note="empty")
    ok("fill", [], np.full((2, 2), 1.5, np.float32), attrs={"shape": [2, 2], "value": 1.5, "valueKind": "float"})
    ok("fill", [], np.full((3,), 0.1, np.float64), attrs={"shape": [3], "value": 0.1, "valueKind": "double"})
    ok("fill", [], np.full((2,), -7, np.int32), attrs={"shape": [2], "value": -7, "valueKind": "int"})
    for d in ALL:
        ok("fill", [], np.full((2, 3), 3, NP[d]), attrs={"shape": [2, 3], "value": 3, "dtype": d})
    ok("fill", [], np.full((2,), np.inf, np.float32), attrs={"shape": [2], "value": "inf", "dtype": F32})
    ok("fill", [], np.full((0, 2), 9, np.int64), attrs={"shape": [0, 2], "value": 9, "dtype": I64}, note="empty")
    err("zeros", [], ["dimensions", "-1"], attrs={"shape": [2, -1]}, note="negative dim")


def constant_cases():
    ok("constant", [], arr([[1, 2, 3], [4, 5, 6]], I32), attrs={"nested": [[1, 2, 3], [4, 5, 6]], "elem": "int"})
    ok("constant", [], arr([[1.5, 2.0]], F32), attrs={"nested": [[1.5, 2.0]], "elem": "float"})
    ok("constant", [], arr([0.1, -0.0], F64), attrs={"nested": [0.1, -0.0], "elem": "double"}, signed_zeros=True)
    ok("constant", [], arr([2 ** 40, -1], I64), attrs={"nested": [2 ** 40, -1], "elem": "long"})
    ok("constant", [], arr([[True], [False]], BOOL), attrs={"nested": [[True], [False]], "elem": "boolean"})
    ok("constant", [], arr([200, 0], U8), attrs={"nested": [200, 0], "elem": "byte"}, note="bytes read unsigned")
    ok("constant", [], arr(7, I32), attrs={"nested": 7, "elem": "int"}, note="scalar")
    ok("constant", [], np.zeros((2, 0), np.float64), attrs={"nested": [[], []], "elem": "double"}, note="empty rows")
    ok("constant", [], arr([[1.0, 2.0]], F64), attrs={"nested": [[1, 2]], "elem": "int", "dtype": F64}, note="converted")
    err("constant", [], ["constant", "ragged", "[1]", "(1,)", "(3,)"], attrs={"nested": [[1, 2, 3], [4]], "elem": "int"})
    err("constant", [], ["constant", "ragged"], attrs={"nested": [[[1.0], [2.0]], [[3.0]]], "elem": "double"})
    err("constant", [], ["constant", "ragged"], attrs={"nested": [[1.5, 2.5], []], "elem": "float"})
    err("constant", [], ["constant", "2.5", "int32"], attrs={"nested": [1.0, 2.5], "elem": "double", "dtype": I32}, note="fraction")


def main():
    binary_cases()
    unary_cases()
    softmax_cases()
    comparison_cases()
    where_cases()
    cast_cases()
    matmul_cases()
    reduction_cases()
    arg_cases()
    shape_cases()
    join_cases()
    slice_cases()
    pad_cases()
    gather_cases()
    one_hot_cases()
    creation_cases()
    constant_cases()
    relu_grad_cases()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write('{"generator": "engine/src/test/python/gen_op_reference.py (NumPy %s, PyTorch %s)",\n'
                % (np.__version__, torch.__version__))
        f.write(' "cases": [\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    print("wrote %d cases to %s" % (len(cases), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
