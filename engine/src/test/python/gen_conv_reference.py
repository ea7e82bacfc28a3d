#!/usr/bin/python3
"""Generates PyTorch reference values for conv2d, max pooling, Dense, GlobalAveragePooling2D and
the tutorial model, which ConvReferenceTest and LayerReferenceTest check Tapedeck against.

Run from anywhere with torch 1.13:

    /usr/bin/python3 engine/src/test/python/gen_conv_reference.py

It writes engine/src/test/resources/nn/{conv2d,max_pool,dense,global_average_pooling,
tutorial_model}.json. Each file is {"cases": [...]}; each tensor is {"shape": [...],
"values": [...]} with values row-major in TensorFlow's layout (NHWC activations, HWIO filters),
computed in float64.

Gradients are those of loss = sum(output * upstream) for a random "upstream" tensor of the
output's shape, so they exercise every output position with a different weight.

Layouts: torch is NCHW with OIHW filters, so inputs are permuted (0, 3, 1, 2), filters
(3, 2, 0, 1) and outputs back with (0, 2, 3, 1). TensorFlow's SAME padding puts the odd extra
row/column after the input; torch's padding argument is symmetric, so the input is padded
explicitly with F.pad (zeros for convolution, -inf for max pooling) and torch runs VALID.
"""

import json
import math
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "nn")

torch.manual_seed(20240611)
DT = torch.float64


def rand(*shape):
    return torch.randn(*shape, dtype=DT)


def enc(t):
    t = t.detach().contiguous()
    return {"shape": list(t.shape), "values": [float(v) for v in t.reshape(-1).tolist()]}


def same_pads(size, k, s):
    """(before, after) as TensorFlow's SAME computes them."""
    out = math.ceil(size / s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def pad_nchw(x, kh, kw, sh, sw, padding, value):
    if padding == "VALID":
        return x
    top, bottom = same_pads(x.shape[2], kh, sh)
    left, right = same_pads(x.shape[3], kw, sw)
    return F.pad(x, (left, right, top, bottom), value=value)


def nhwc(x_nchw):
    return x_nchw.permute(0, 2, 3, 1)


def conv_nhwc(x, w, sh, sw, padding):
    """x NHWC, w HWIO -> NHWC, TensorFlow semantics."""
    xn = pad_nchw(x.permute(0, 3, 1, 2), w.shape[0], w.shape[1], sh, sw, padding, 0.0)
    return nhwc(F.conv2d(xn, w.permute(3, 2, 0, 1), stride=(sh, sw)))


def pool_nhwc(x, kh, kw, sh, sw, padding):
    xn = pad_nchw(x.permute(0, 3, 1, 2), kh, kw, sh, sw, padding, float("-inf"))
    return nhwc(F.max_pool2d(xn, (kh, kw), stride=(sh, sw)))


def with_grads(fn, *inputs):
    """Output of fn and the gradients of sum(output * upstream) for each input."""
    leaves = [t.clone().requires_grad_(True) for t in inputs]
    y = fn(*leaves)
    upstream = rand(*y.shape)
    (y * upstream).sum().backward()
    return y, upstream, [t.grad for t in leaves]


def conv_cases():
    # name, N, H, W, C, KH, KW, F, sh, sw, padding
    specs = [
        ("valid_s1", 2, 5, 6, 3, 3, 3, 4, 1, 1, "VALID"),
        ("same_s1", 2, 5, 6, 3, 3, 3, 4, 1, 1, "SAME"),
        ("valid_s2", 2, 7, 6, 2, 3, 2, 3, 2, 2, "VALID"),
        ("same_s2_asymmetric", 2, 6, 7, 2, 3, 3, 3, 2, 2, "SAME"),
        ("same_even_kernel", 1, 5, 5, 2, 4, 4, 3, 1, 1, "SAME"),
        ("same_mixed_strides", 3, 8, 5, 1, 3, 1, 5, 2, 1, "SAME"),
        ("valid_stride_above_kernel", 1, 7, 7, 2, 1, 1, 2, 3, 3, "VALID"),
        ("same_stride_above_kernel", 1, 8, 7, 2, 2, 2, 2, 3, 3, "SAME"),
        ("first_layer_1_to_16", 2, 8, 8, 1, 3, 3, 16, 1, 1, "VALID"),
        ("second_layer_16_to_16", 1, 6, 6, 16, 3, 3, 16, 1, 1, "VALID"),
    ]
    cases = []
    for name, n, h, w, c, kh, kw, f, sh, sw, padding in specs:
        x = rand(n, h, w, c)
        k = rand(kh, kw, c, f)
        y, up, (gx, gk) = with_grads(lambda a, b: conv_nhwc(a, b, sh, sw, padding), x, k)
        cases.append({"name": name, "strides": [sh, sw], "padding": padding,
                      "input": enc(x), "filter": enc(k), "output": enc(y), "upstream": enc(up),
                      "grad_input": enc(gx), "grad_filter": enc(gk)})
    return cases


def pool_cases():
    # name, N, H, W, C, KH, KW, sh, sw, padding, ties (small integers, so windows share maxima)
    specs = [
        ("valid_2x2_s2", 2, 4, 6, 3, 2, 2, 2, 2, "VALID", False),
        ("valid_3x3_s1_overlapping", 1, 5, 5, 2, 3, 3, 1, 1, "VALID", False),
        ("same_3x3_s2_asymmetric", 2, 5, 6, 2, 3, 3, 2, 2, "SAME", False),
        ("same_2x2_s1", 1, 4, 5, 3, 2, 2, 1, 1, "SAME", False),
        ("valid_2x3_s_1x2", 1, 5, 7, 2, 2, 3, 1, 2, "VALID", False),
        ("ties_valid_3x3_s1", 2, 5, 5, 2, 3, 3, 1, 1, "VALID", True),
        ("ties_same_2x2_s2", 1, 5, 7, 3, 2, 2, 2, 2, "SAME", True),
    ]
    cases = []
    for name, n, h, w, c, kh, kw, sh, sw, padding, ties in specs:
        x = torch.randint(0, 3, (n, h, w, c)).to(DT) if ties else rand(n, h, w, c)
        y, up, (gx,) = with_grads(lambda a: pool_nhwc(a, kh, kw, sh, sw, padding), x)
        cases.append({"name": name, "ksize": [kh, kw], "strides": [sh, sw], "padding": padding,
                      "input": enc(x), "output": enc(y), "upstream": enc(up), "grad_input": enc(gx)})
    return cases


def dense_cases():
    cases = []
    for name, shape, units, activation in [("linear_2d", (4, 5), 3, "linear"),
                                           ("relu_2d", (6, 4), 5, "relu"),
                                           ("linear_3d", (2, 3, 4), 2, "linear")]:
        x = rand(*shape)
        k = rand(shape[-1], units)
        b = rand(units)
        act = torch.relu if activation == "relu" else (lambda t: t)
        y, up, (gx, gk, gb) = with_grads(lambda a, kk, bb: act(torch.matmul(a, kk) + bb), x, k, b)
        cases.append({"name": name, "units": units, "activation": activation,
                      "input": enc(x), "kernel": enc(k), "bias": enc(b), "output": enc(y),
                      "upstream": enc(up), "grad_input": enc(gx), "grad_kernel": enc(gk), "grad_bias": enc(gb)})
    return cases


def gap_cases():
    cases = []
    for name, shape in [("batch2", (2, 3, 4, 5)), ("one_pixel", (3, 1, 1, 2))]:
        x = rand(*shape)
        y, up, (gx,) = with_grads(lambda a: a.mean(dim=(1, 2)), x)
        cases.append({"name": name, "input": enc(x), "output": enc(y), "upstream": enc(up), "grad_input": enc(gx)})
    return cases


def tutorial_cases():
    """Conv2D(16, 3x3, relu) -> Conv2D(16, 3x3, relu) -> GlobalAveragePooling2D -> Dense(10)."""
    x = torch.rand(3, 10, 9, 1, dtype=DT)
    params = [rand(3, 3, 1, 16) * 0.5, rand(16) * 0.1, rand(3, 3, 16, 16) * 0.2, rand(16) * 0.1,
              rand(16, 10) * 0.5, rand(10) * 0.1]

    def model(a, k1, b1, k2, b2, k3, b3):
        h = torch.relu(conv_nhwc(a, k1, 1, 1, "VALID") + b1)
        h = torch.relu(conv_nhwc(h, k2, 1, 1, "VALID") + b2)
        h = h.mean(dim=(1, 2))
        return h @ k3 + b3

    y, up, grads = with_grads(model, x, *params)
    names = ["conv2d/kernel", "conv2d/bias", "conv2d_1/kernel", "conv2d_1/bias", "dense/kernel", "dense/bias"]
    return [{"name": "tutorial", "input": enc(x), "output": enc(y), "upstream": enc(up),
             "variables": [{"name": nm, "value": enc(p), "grad": enc(g)} for nm, p, g in zip(names, params, grads[1:])]}]


def write(name, cases):
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as f:
        json.dump({"generator": "engine/src/test/python/gen_conv_reference.py", "torch": torch.__version__,
                   "cases": cases}, f)
        f.write("\n")
    print("wrote", os.path.relpath(path), len(cases), "cases")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    write("conv2d", conv_cases())
    write("max_pool", pool_cases())
    write("dense", dense_cases())
    write("global_average_pooling", gap_cases())
    write("tutorial_model", tutorial_cases())
