#!/usr/bin/python3
"""Generates the NumPy printing corpus that NumpyFormatTest checks NumpyFormat against.

Run from anywhere with Debian 12's NumPy (1.24):

    /usr/bin/python3 engine/src/test/python/gen_print_corpus.py

It writes engine/src/test/resources/print/corpus.json: a JSON array, one case per line, each
{"dtype": "float32", "shape": [2, 2], "data": [...], "str": "<str(array)>"}.

"data" is the row-major element list as strings, so that Java reads back exactly the values
NumPy printed:
  * floats: repr() of the value as a Python float (exact for float32 too, since every float32
    is a double), or "nan", "inf", "-inf";
  * integers (int32, int64, uint8): the decimal integer;
  * bool: "1" or "0".
"""

import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "print", "corpus.json")

F32, F64, I32, I64, U8, BOOL = np.float32, np.float64, np.int32, np.int64, np.uint8, np.bool_

cases = []


def encode(value, dtype):
    if dtype in (F32, F64):
        v = float(value)
        if np.isnan(v):
            return "nan"
        if np.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if dtype == BOOL:
        return "1" if value else "0"
    return str(int(value))


def add(values, dtype, shape=None):
    """Adds str() of np.array(values, dtype) (reshaped to shape, when given) to the corpus."""
    a = np.array(values, dtype=dtype)
    if shape is not None:
        a = a.reshape(shape)
    name = np.dtype(dtype).name
    cases.append({
        "dtype": name,
        "shape": list(a.shape),
        "data": [encode(v, dtype) for v in a.reshape(-1)],
        "str": str(a),
    })


def float32_ratio_edge():
    """(max, min) float32 pair whose exact ratio is above 1000 but whose float32 ratio is not.

    NumPy divides in float32, so such an array stays positional.
    """
    rng = np.random.default_rng(7)
    for _ in range(100000):
        lo = F32(rng.uniform(1.0, 2.0))
        hi = np.nextafter(F32(float(lo) * 1000.0), F32(np.inf))
        exact = float(hi) / float(lo)
        if exact > 1000.0 and not (hi / lo > 1000.0):
            return [hi, lo]
    raise RuntimeError("no float32 ratio edge case found")


def scalars():
    for v in [4.0, 0.1, -0.0, 0.0, 1e16, 9999999999999998.0, 1e15, 1e-4, 9.99e-5, 1e-5,
              1.5e300, 5e-324, np.nan, np.inf, -np.inf, 123456.789, 1 / 3, -2.5,
              12345678901234567.0, 2.0 ** 60, 1.7976931348623157e308]:
        add(v, F64)
    for v in [4.0, 0.1, 1e-4, 1e-5, 3.4028235e38, 1e16, 9e15, 1.4e-45, np.nan, -np.inf,
              16777217.0, 0.3, -1.1754944e-38, 1 / 3, -0.0, 67108872.0, 9.999999e15]:
        add(v, F32)
    for v in [4, -5, 0, np.iinfo(I32).min, np.iinfo(I32).max]:
        add(v, I32)
    for v in [np.iinfo(I64).min, np.iinfo(I64).max, 0, -1]:
        add(v, I64)
    for v in [0, 255, 7]:
        add(v, U8)
    for v in [True, False]:
        add(v, BOOL)
    # powers of two (unequal gaps to the neighbours) and arbitrary bit patterns
    for k in [-1074, -1022, -1021, 1023, 100, -30]:
        add(2.0 ** k, F64)
    for k in [-149, -126, -125, 127, 50, -20]:
        add(2.0 ** k, F32)
    rng = np.random.default_rng(11)
    for bits in rng.integers(0, 0x7F800000, 8):
        add(np.array([bits], dtype=np.uint32).view(F32)[0], F32)
    for bits in rng.integers(0, 0x7FF0000000000000, 8, dtype=np.int64):
        add(np.array([bits], dtype=np.int64).view(F64)[0], F64)


def empties():
    for shape in [(0,), (2, 0), (0, 3), (1, 0, 2)]:
        for dtype in (F64, F32, I32, BOOL):
            add(np.zeros(shape), dtype)
    add(np.zeros((0,)), I64)
    add(np.zeros((3, 0)), U8)


def one_d_floats():
    for dtype in (F64, F32):
        for values in [
            [1.0, 2.0], [0.5, -0.25], [0.1, 0.2, 0.3], [1 / 3, 2 / 3], [-0.0, 0.0], [-0.0],
            [0.0], [0.0, 0.0, 0.0], [np.pi, np.e], [0.1, 0.7, 1.3],
            # switching to scientific notation
            [1e-4, 1.0], [1e-3, 1.0], [1.001e-3, 1.0], [9.9e-4, 1.0], [1e8], [99999999.0],
            [1e7, 1e8], [0.0001, 0.1], [0.00011, 0.1], [1e-10, 1.0], [1e10], [1e-5],
            [1e-5, 1.2345e-5], [-1e-5, 1e-5], [1e-5, 1e5, -1e10], [123.456, 0.5],
            [1.5e30, -2e-30, 0.0], [100.0, 0.1, 0.0],
            # non-finite values
            [np.nan], [np.inf], [-np.inf], [np.nan, np.inf, -np.inf], [np.nan, np.inf],
            [1.5, np.nan], [1e-10, np.nan, -np.inf], [1.0, 2.0, np.inf],
            [-1e20, np.nan], [0.0, np.nan], [-0.0, np.nan], [123456.5, -np.inf],
            [1e-5, np.nan], [-12345.678, np.inf, 2.0],
            # rounding to 8 digits, carries
            [0.999999999, 1.5], [9.999999999, 1.0], [0.123456785, 2.0],
            [1.23456789012, 2.0], [9.9999999999e-5, 1.23456789e-5],
            [3e-4, 1.23456789e-5], [3e-5, 1.23456789e-5], [0.1, 1.2345678e-5],
        ]:
            add(values, dtype)
    # values only float64 can hold
    for values in [[1.5e100, -2e-100], [1e300, 1e-300], [5e-324, 1.0],
                   [1.7976931348623157e308, 1.0], [1e200], [-1e-200, 3.0],
                   [0.1 + 0.2, 0.3], [2.0 ** 0.5, 10.0 ** 0.5, 1e3 ** 0.5],
                   [1234567.891011, 0.5]]:
        add(values, F64)
    for values in [[1e-45, 1.0], [3.4028235e38, 1.0], [67108872.0, 1e5],
                   [67108872.0, 100000.5], [16777217.0, 1.0], [1e7 + 1, 1.5],
                   float32_ratio_edge()]:
        add(values, F32)
    add([np.pi * 10.0 ** k for k in range(-3, 8)], F64)
    add([np.pi * 10.0 ** k for k in range(-3, 8)], F32)
    add([np.pi * 10.0 ** k for k in range(-4, 5)], F64)
    add([2.0 ** k for k in range(-149, 128, 7)], F32)
    add([2.0 ** k for k in range(-1074, 1024, 90)], F64)
    add([2.0 ** k for k in range(-13, 26, 3)], F32)


def one_d_others():
    add([1, 2, 3], I32)
    add([-1, 10, -100], I32)
    add([np.iinfo(I32).min, 0, np.iinfo(I32).max], I32)
    add([np.iinfo(I64).min, 0, np.iinfo(I64).max], I64)
    add([5, -3, 10 ** 15], I64)
    add([0, 255, 7], U8)
    add([1], U8)
    add([True, False, True], BOOL)
    add([False], BOOL)
    add([True], BOOL)
    add([True, True], BOOL)


def long_rows():
    add(np.arange(30) * 1.1, F64)
    add(np.arange(30) * 1.1, F32)
    add(np.arange(100), I32)
    add(np.arange(50) * 10 ** 12, I64)
    add(np.arange(50) - 25, I64)
    add(np.linspace(0, 1, 25), F64)
    add(np.linspace(-1, 1, 31), F32)
    add(np.arange(40) % 3 == 0, BOOL)
    add(np.arange(60) * 4 % 256, U8)
    add(np.logspace(-5, 5, 23), F64)
    add(np.array([1e-5, np.nan] * 12), F64)
    add(np.arange(1000), I32)  # exactly at the threshold: not summarised


def random_floats():
    rng = np.random.default_rng(2024)
    for shape in [(5,), (3, 4), (2, 3, 4), (6, 6), (40,), (100,), (2, 2, 2, 3)]:
        add(rng.standard_normal(shape).astype(F32), F32)
    for shape in [(5,), (3, 4), (2, 3, 4), (17,)]:
        add(rng.standard_normal(shape), F64)
    add(rng.uniform(0, 1, 10), F64)
    add(rng.uniform(-1000, 1000, 12), F64)
    add(rng.uniform(0, 1, 10) * 1e-6, F64)
    add(rng.standard_normal(8) * 1e6, F64)
    add(rng.standard_normal(8).astype(F32) * F32(1e6), F32)
    add(rng.standard_normal((3, 5)) * 10.0 ** rng.integers(-8, 8, (3, 5)), F64)
    add(rng.integers(-1000, 1000, (4, 5)).astype(F32) / F32(8), F32)


def multi_d():
    add(np.arange(4), F32, (2, 2))
    add(np.arange(12), I32, (3, 4))
    add([True, False, True, False, False, True], BOOL, (2, 3))
    add(np.arange(120) * 0.37, F64, (4, 30))
    add([7.5], F64, (1, 1))
    add(np.arange(5), I64, (5, 1))
    add(np.arange(5), I64, (1, 5))
    add(np.arange(80) - 40, I32, (10, 8))
    add(np.arange(8), F64, (2, 2, 2))
    add(np.arange(24) - 12, I32, (2, 3, 4))
    add(np.arange(180) * 1.5, F64, (3, 2, 30))
    add(np.arange(16), F32, (2, 2, 2, 2))
    add(np.arange(12) / 7, F64, (2, 1, 3, 2))
    add([3.0], F64, (1, 1, 1, 1))
    add(np.arange(16) * 17 % 256, U8, (4, 4))
    add(np.arange(8) % 3 == 1, BOOL, (2, 2, 2))
    add([1e-5, 2.5, np.nan, -np.inf, 1e5, 0.0], F64, (2, 3))
    add([np.nan, np.nan, np.nan, np.nan], F32, (2, 2))
    add(np.arange(2 * 3 * 2 * 2 * 2), I32, (2, 3, 2, 2, 2))
    add(np.arange(60) * 10 ** 10, I64, (3, 20))
    add(np.arange(24) % 2 == 0, BOOL, (2, 12))


def summarised():
    rng = np.random.default_rng(99)
    add(np.arange(2000.0), F64)
    add(np.arange(1001), I32)
    add(np.arange(1001) % 2 == 0, BOOL)
    add(np.arange(2500), I32, (50, 50))
    add(rng.standard_normal((50, 50)).astype(F32), F32)
    add(np.arange(2000) * 0.5, F64, (10, 10, 20))
    add(rng.standard_normal((3, 4, 100)), F64)
    add(np.arange(1200), I64, (4, 300))
    add(np.arange(1200), I32, (2, 2, 300))
    add(np.arange(1010), I32, (10, 101))
    add(np.arange(1001), F32, (1, 1001))
    add(np.zeros(1001), F64, (1001, 1))
    add(np.arange(1400) % 256, U8, (7, 200))
    add(np.arange(1200) / 3, F64, (6, 200))
    add(np.arange(2000) % 5 == 0, BOOL, (2, 1000, 1))
    add(rng.standard_normal((20, 60)).astype(F32), F32)
    add(np.arange(3 * 3 * 3 * 50), I32, (3, 3, 3, 50))
    add(np.arange(8 * 8 * 20), I32, (8, 8, 20))
    # the formatting looks only at the elements shown: a huge hidden value changes nothing
    x = np.arange(1001.0)
    x[500] = 1e20
    add(x, F64)
    x = np.arange(1001, dtype=np.int64)
    x[500] = -10 ** 15
    add(x, I64)
    # non-finite values at the edges
    x = np.linspace(0, 1, 2000)
    x[0] = np.nan
    x[-1] = -np.inf
    add(x, F64)
    x = np.full(1500, 1e-7, dtype=F32)
    x[1] = np.inf
    add(x, F32)
    add(np.arange(2000) * 1e9, F64)


def main():
    scalars()
    empties()
    one_d_floats()
    one_d_others()
    long_rows()
    random_floats()
    multi_d()
    summarised()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("[\n")
        f.write(",\n".join(json.dumps(c) for c in cases))
        f.write("\n]\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)} (numpy {np.__version__})",
          file=sys.stderr)


if __name__ == "__main__":
    main()
