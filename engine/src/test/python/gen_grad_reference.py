#!/usr/bin/python3
"""Generates PyTorch gradients of composite expressions that TorchGradientTest checks the tape against.

Run from anywhere with Debian 12's PyTorch (1.13):

    /usr/bin/python3 engine/src/test/python/gen_grad_reference.py

It writes engine/src/test/resources/autograd/torch_gradients.json:

    {"cases": [{"name": "mlp_cross_entropy", "inputs": [<named tensor>, ...],
                "loss": "0.123", "grads": [<tensor>, ...]},                    # first order
               {"name": "second_tanh", "inputs": [...], "of": "x", "wrt": "x",
                "grad2": <tensor>}]}                                           # second order

Tensors are float64, encoded as in gen_op_reference.py ({"dtype", "shape", "data"} with repr
strings). "grads" are d loss / d input in input order. "grad2" is d/d(wrt) of the sum of
d loss / d(of): a gradient of a gradient. Each expression here has a twin, under the same name,
in TorchGradientTest.java, written with the engine's TF facade.
"""

import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "autograd", "torch_gradients.json")

gen = torch.Generator().manual_seed(7)
cases = []


def tensor(t):
    a = t.detach().numpy()
    return {"dtype": "float64", "shape": list(a.shape), "data": [repr(float(v)) for v in a.reshape(-1)]}


def uniform(lo, hi, *shape):
    return (lo + (hi - lo) * torch.rand(*shape, generator=gen, dtype=torch.float64)).requires_grad_()


def away_from_zero(*shape):
    """Values with 0.3 <= |v| <= 1.5, so kinks at 0 (relu, abs, where on the sign) stay far away."""
    mag = 0.3 + 1.2 * torch.rand(*shape, generator=gen, dtype=torch.float64)
    sign = torch.where(torch.rand(*shape, generator=gen) < 0.5, -1.0, 1.0).double()
    return (mag * sign).requires_grad_()


def first_order(name, fn, **inputs):
    xs = list(inputs.values())
    loss = fn(*xs)
    grads = torch.autograd.grad(loss, xs)
    cases.append({"name": name, "inputs": [dict(name=k, **tensor(v)) for k, v in inputs.items()],
                  "loss": repr(loss.item()), "grads": [tensor(g) for g in grads]})


def second_order(name, fn, of, wrt, **inputs):
    xs = list(inputs.values())
    loss = fn(*xs)
    (g,) = torch.autograd.grad(loss, inputs[of], create_graph=True)
    (g2,) = torch.autograd.grad(g.sum(), inputs[wrt])
    cases.append({"name": name, "inputs": [dict(name=k, **tensor(v)) for k, v in inputs.items()],
                  "of": of, "wrt": wrt, "grad2": tensor(g2)})


LABELS = torch.tensor([1, 0, 4, 2])
ATTENTION_WEIGHTS = torch.tensor([[1.0, -2.0], [0.5, 3.0]], dtype=torch.float64)


def mlp_cross_entropy(x, w, b):
    logits = x @ w + b
    return -(F.one_hot(LABELS, 5).double() * torch.log_softmax(logits, -1)).sum(1).mean()


def tanh_sigmoid(a, b):
    return (torch.tanh(a) * torch.sigmoid(b) + a * a / (1 + torch.exp(b))).sum()


def pow_log_sqrt(a, b):
    return (torch.pow(a, b) + torch.log(a) * torch.sqrt(a)).sum()


def where_max_min(a, b):
    return torch.where(a > 0, torch.maximum(a, b), torch.minimum(a, b) * 2).sum()


def batched_matmul(a, b, c):
    return (a @ b).square().sum() + ((a @ c.transpose(0, 1)) * 0.5).sum()


def reductions(x):
    return (x.amax(1).square().mean() + (x.mean(0, keepdim=True) * x).sum() + x.amin())


def gather_concat_pad(p):
    g = torch.index_select(p, 0, torch.tensor([2, 0, 2]))
    padded = F.pad(torch.cat([g, p], 0), (0, 2, 1, 0))
    return torch.pow(padded, 3.0).sum()


def attention(q, k, v):
    scores = torch.softmax(q @ k.transpose(0, 1) / math.sqrt(3.0), -1)
    return ((scores @ v) * ATTENTION_WEIGHTS).sum()


def slice_stack_transpose(x):
    y = torch.stack([x[1:3], x[0:2] * 2], -1)
    z = y.permute(2, 0, 1).reshape(-1)
    return (z * torch.arange(16, dtype=torch.float64)).sum()


def broadcast_divide(a, b):
    return ((a - b) / (a * a + b * b + 1)).sum() + (torch.exp(a) / (2 + b)).sum()


def abs_relu_mean(x):
    return (torch.relu(x) * torch.abs(x) - x.abs().mean(1, keepdim=True)).square().mean()


def sigmoid_times_square(x):
    return (torch.sigmoid(x) * x * x).sum()


def tanh_sum(x):
    return torch.tanh(x).sum()


def exp_log_mixed(x, y):
    return (torch.exp(x * y) * torch.log(1 + x * x)).sum()


def main():
    first_order("mlp_cross_entropy", mlp_cross_entropy, x=uniform(-1, 1, 4, 3), w=uniform(-1, 1, 3, 5), b=uniform(-1, 1, 5))
    first_order("tanh_sigmoid", tanh_sigmoid, a=uniform(-2, 2, 2, 3), b=uniform(-2, 2, 3))
    first_order("pow_log_sqrt", pow_log_sqrt, a=uniform(0.5, 2, 3), b=uniform(-2, 2, 3))
    first_order("where_max_min", where_max_min, a=away_from_zero(2, 3), b=uniform(-1, 1, 2, 3))
    first_order("batched_matmul", batched_matmul, a=uniform(-1, 1, 2, 3, 4), b=uniform(-1, 1, 4, 5), c=uniform(-1, 1, 5, 4))
    first_order("reductions", reductions, x=uniform(-2, 2, 3, 4))
    first_order("gather_concat_pad", gather_concat_pad, p=uniform(-1, 1, 4, 3))
    first_order("attention", attention, q=uniform(-1, 1, 2, 3), k=uniform(-1, 1, 4, 3), v=uniform(-1, 1, 4, 2))
    first_order("slice_stack_transpose", slice_stack_transpose, x=uniform(-1, 1, 3, 4))
    first_order("broadcast_divide", broadcast_divide, a=uniform(-1, 1, 3, 1), b=uniform(0, 1, 1, 4))
    first_order("abs_relu_mean", abs_relu_mean, x=away_from_zero(3, 4))
    second_order("second_sigmoid_times_square", sigmoid_times_square, "x", "x", x=uniform(-2, 2, 5))
    second_order("second_tanh", tanh_sum, "x", "x", x=uniform(-2, 2, 5))
    second_order("second_exp_log_mixed", exp_log_mixed, "x", "y", x=uniform(-1, 1, 2, 3), y=uniform(-1, 1, 2, 3))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write('{"generator": "engine/src/test/python/gen_grad_reference.py (PyTorch %s)",\n' % torch.__version__)
        f.write(' "cases": [\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    print("wrote %d cases to %s" % (len(cases), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
