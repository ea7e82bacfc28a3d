#!/usr/bin/python3
"""Generates the reference values that the loss and optimizer tests compare against.

Run from anywhere with Debian 12's PyTorch (1.13) and NumPy (1.24):

    /usr/bin/python3 engine/src/test/python/gen_optim_reference.py

It writes two files under engine/src/test/resources/optim/:

losses.json  {"cases": [...]}, each case
    {"name", "loss": "sparse_categorical_crossentropy" | "categorical_crossentropy" |
     "mean_squared_error", "from_logits": bool, "y_true": T, "y_pred": T,
     "value": float, "grad": T}
  where T = {"dtype": "float64" | "int32" | "int64", "shape": [...], "data": [row-major]}.
  "value" is the loss with Keras' default reduction (SUM_OVER_BATCH_SIZE: the mean of the
  per-sample losses) and "grad" its gradient with respect to y_pred, both from torch autograd
  in float64:
    * sparse, from logits:   F.cross_entropy(logits, labels)
    * sparse, probabilities: F.cross_entropy(log(clamp(p, eps, 1 - eps)), labels). This is what
      Keras does: it clips, takes the log and hands the result to
      sparse_softmax_cross_entropy_with_logits as logits, which renormalises implicitly.
    * categorical, from logits: F.cross_entropy(logits, target) with probability targets
    * categorical, probabilities: Keras renormalises explicitly, then clips:
      mean(-sum(target * log(clamp(p / sum(p), eps, 1 - eps)), -1))
    * mean squared error: F.mse_loss(pred, target) (Keras' mean over the last axis, then over
      the batch, is the mean over all elements)
  with eps = 1e-7, Keras' backend.epsilon().

optimizers.json  {"adam_fixed": [...], "sgd_fixed": [...], "problem": {...}, "runs": [...]}
  * adam_fixed / sgd_fixed: one variable, a fixed sequence of gradients, and the variable and
    slots after each step ({"var": [...], "m": [...], "v": [...]} or {"var", "momentum"}).
  * problem: least squares, loss = mean((x @ w + b - y)^2), with x, y, w0, b0.
  * runs: an optimizer trained on that problem with gradients from torch autograd; "loss" is the
    loss before each step, "w" and "b" the values after the last step.

Adam is written here from Keras' formula, NOT torch.optim.Adam: Keras adds epsilon to sqrt(v)
("epsilon hat" in the paper's notation),
    t = iterations + 1
    alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
    m += (g - m) * (1 - beta1);  v += (g^2 - v) * (1 - beta2)
    var -= alpha * m / (sqrt(v) + epsilon)
whereas torch divides by sqrt(v_hat) + eps with v_hat = v / (1 - beta2^t); the two differ by a
t-dependent rescaling of epsilon. SGD comes from torch.optim.SGD (dampening 0), and the script
checks that Keras' momentum formula (velocity = momentum * velocity - lr * g; var += velocity;
nesterov: var += momentum * velocity - lr * g) gives the same trajectory, with
velocity = -lr * torch's momentum buffer.
"""

import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "..", "resources", "optim")
EPS = 1e-7

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20240611)


def enc(a, dtype=None):
    a = np.asarray(a)
    if dtype is None:
        dtype = {np.dtype(np.float64): "float64", np.dtype(np.int32): "int32",
                 np.dtype(np.int64): "int64"}[a.dtype]
    data = [float(v) for v in a.ravel()] if dtype.startswith("float") else [int(v) for v in a.ravel()]
    return {"dtype": dtype, "shape": list(a.shape), "data": data}


# ---- losses ------------------------------------------------------------------------------------

def sparse_logits(logits, labels):
    flat = logits.reshape(-1, logits.shape[-1])
    return F.cross_entropy(flat, labels.reshape(-1))


def sparse_probs(p, labels):
    flat = p.reshape(-1, p.shape[-1])
    return F.cross_entropy(torch.log(torch.clamp(flat, EPS, 1 - EPS)), labels.reshape(-1))


def cat_logits(logits, target):
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1, target.shape[-1]))


def cat_probs(p, target):
    q = torch.clamp(p / p.sum(-1, keepdim=True), EPS, 1 - EPS)
    return (-(target * torch.log(q)).sum(-1)).mean()


def mse(pred, target):
    return F.mse_loss(pred, target.reshape(pred.shape))


LOSSES = {
    ("sparse_categorical_crossentropy", True): sparse_logits,
    ("sparse_categorical_crossentropy", False): sparse_probs,
    ("categorical_crossentropy", True): cat_logits,
    ("categorical_crossentropy", False): cat_probs,
    ("mean_squared_error", False): mse,
}


def loss_case(name, loss, from_logits, y_true, y_pred):
    pred = torch.tensor(np.asarray(y_pred, dtype=np.float64), requires_grad=True)
    true = torch.tensor(np.asarray(y_true))
    if true.dtype == torch.int32:
        true_for_torch = true.long()
    else:
        true_for_torch = true
    value = LOSSES[(loss, from_logits)](pred, true_for_torch)
    value.backward()
    return {"name": name, "loss": loss, "from_logits": from_logits,
            "y_true": enc(y_true), "y_pred": enc(np.asarray(y_pred, dtype=np.float64)),
            "value": float(value), "grad": enc(pred.grad.numpy())}


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def loss_cases():
    cases = []
    sc = "sparse_categorical_crossentropy"
    cc = "categorical_crossentropy"
    logits = rng.normal(size=(6, 5)) * 2
    labels = rng.integers(0, 5, size=6).astype(np.int64)
    cases.append(loss_case("sparse logits (6, 5) int64", sc, True, labels, logits))
    labels32 = rng.integers(0, 4, size=(3, 1)).astype(np.int32)
    cases.append(loss_case("sparse logits labels (3, 1) int32", sc, True, labels32, rng.normal(size=(3, 4))))
    cases.append(loss_case("sparse logits rank 3 (2, 3, 4)", sc, True,
                           rng.integers(0, 4, size=(2, 3)).astype(np.int64), rng.normal(size=(2, 3, 4)) * 3))
    cases.append(loss_case("sparse logits large values", sc, True, np.array([0, 2, 1], dtype=np.int64),
                           np.array([[120.0, -80.0, 30.0], [-500.0, 0.0, 500.0], [1000.0, 999.0, -1000.0]])))
    cases.append(loss_case("sparse probabilities softmax rows", sc, False, labels, softmax(logits)))
    cases.append(loss_case("sparse probabilities clipped", sc, False, np.array([1, 0, 2], dtype=np.int64),
                           np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.0], [0.2, 0.3, 0.5]])))
    cases.append(loss_case("sparse probabilities unnormalised", sc, False, np.array([2, 0], dtype=np.int32),
                           np.array([[0.2, 0.4, 0.9], [0.3, 0.1, 0.1]])))
    onehot = np.eye(5)[labels]
    cases.append(loss_case("categorical logits one-hot", cc, True, onehot, logits))
    soft = rng.dirichlet(np.ones(4), size=5)
    soft_logits = rng.normal(size=(5, 4)) * 2
    cases.append(loss_case("categorical logits soft labels", cc, True, soft, soft_logits))
    cases.append(loss_case("categorical probabilities one-hot", cc, False, onehot, softmax(logits)))
    cases.append(loss_case("categorical probabilities unnormalised, clipped", cc, False,
                           np.array([[0.0, 1.0, 0.0], [0.25, 0.25, 0.5]]),
                           np.array([[2.0, 0.0, 1.0], [0.3, 0.3, 0.6]])))
    cases.append(loss_case("mse (4, 3)", "mean_squared_error", False, rng.normal(size=(4, 3)), rng.normal(size=(4, 3))))
    cases.append(loss_case("mse (5,)", "mean_squared_error", False, rng.normal(size=5), rng.normal(size=5)))
    cases.append(loss_case("mse y_true (4,) vs y_pred (4, 1)", "mean_squared_error", False,
                           rng.normal(size=4), rng.normal(size=(4, 1))))
    return cases


# ---- optimizers --------------------------------------------------------------------------------

class KerasAdam:
    """Keras' Adam, in float64 NumPy, from the formula in this file's docstring."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, epsilon=1e-7):
        self.lr, self.beta1, self.beta2, self.epsilon = lr, beta1, beta2, epsilon
        self.iterations = 0
        self.m = {}
        self.v = {}

    def apply(self, key, var, g):
        m = self.m.setdefault(key, np.zeros_like(var))
        v = self.v.setdefault(key, np.zeros_like(var))
        t = self.iterations + 1
        alpha = self.lr * math.sqrt(1 - self.beta2 ** t) / (1 - self.beta1 ** t)
        m += (g - m) * (1 - self.beta1)
        v += (g * g - v) * (1 - self.beta2)
        return var - alpha * m / (np.sqrt(v) + self.epsilon)

    def finish_step(self):
        self.iterations += 1


class KerasSGD:
    """Keras' SGD with momentum and Nesterov, in float64 NumPy."""

    def __init__(self, lr=0.01, momentum=0.0, nesterov=False):
        self.lr, self.momentum, self.nesterov = lr, momentum, nesterov
        self.velocity = {}

    def apply(self, key, var, g):
        if self.momentum == 0:
            return var - self.lr * g
        vel = self.velocity.setdefault(key, np.zeros_like(var))
        vel *= self.momentum
        vel -= self.lr * g
        if self.nesterov:
            return var + self.momentum * vel - self.lr * g
        return var + vel

    def finish_step(self):
        pass


def fixed_runs():
    var0 = rng.normal(size=(2, 3))
    grads = [rng.normal(size=(2, 3)) for _ in range(6)]
    grads[3][0, 1] = 0.0  # a zero gradient entry: m and v decay, the variable still moves
    adam_runs = []
    for cfg in [dict(), dict(lr=0.05, beta1=0.8, beta2=0.99, epsilon=1e-3)]:
        opt = KerasAdam(**cfg)
        var = var0.copy()
        steps = []
        for g in grads:
            var = opt.apply("x", var, g)
            opt.finish_step()
            steps.append({"var": enc(var), "m": enc(opt.m["x"]), "v": enc(opt.v["x"])})
        full = dict(lr=0.001, beta1=0.9, beta2=0.999, epsilon=1e-7)
        full.update(cfg)
        adam_runs.append({"config": full, "var0": enc(var0), "grads": [enc(g) for g in grads], "steps": steps})
    sgd_runs = []
    for cfg in [dict(lr=0.1), dict(lr=0.1, momentum=0.9), dict(lr=0.05, momentum=0.5, nesterov=True)]:
        opt = KerasSGD(**cfg)
        var = var0.copy()
        tvar = torch.tensor(var0, requires_grad=True)
        topt = torch.optim.SGD([tvar], lr=cfg["lr"], momentum=cfg.get("momentum", 0.0),
                               nesterov=cfg.get("nesterov", False))
        steps = []
        for g in grads:
            var = opt.apply("x", var, g)
            topt.zero_grad()
            tvar.grad = torch.tensor(g)
            topt.step()
            tv = tvar.detach().numpy()
            assert np.allclose(var, tv, rtol=0, atol=1e-12), "Keras SGD formula disagrees with torch"
            step = {"var": enc(tv)}
            if cfg.get("momentum", 0.0) != 0:
                buf = topt.state[tvar]["momentum_buffer"].numpy()
                assert np.allclose(opt.velocity["x"], -cfg["lr"] * buf, rtol=0, atol=1e-12)
                step["momentum"] = enc(opt.velocity["x"])
            steps.append(step)
        full = dict(lr=0.01, momentum=0.0, nesterov=False)
        full.update(cfg)
        sgd_runs.append({"config": full, "var0": enc(var0), "grads": [enc(g) for g in grads], "steps": steps})
    return adam_runs, sgd_runs


def problem_runs():
    x = rng.normal(size=(8, 3))
    w_true = rng.normal(size=(3, 2))
    y = x @ w_true + 0.5 + 0.05 * rng.normal(size=(8, 2))
    w0 = rng.normal(size=(3, 2)) * 0.1
    b0 = np.zeros(2)
    problem = {"x": enc(x), "y": enc(y), "w0": enc(w0), "b0": enc(b0)}
    configs = [
        ("adam", dict(lr=0.05), 15, None),
        ("adam", dict(), 5, None),
        ("sgd", dict(lr=0.05), 15, dict(lr=0.05)),
        ("sgd", dict(lr=0.05, momentum=0.9), 15, dict(lr=0.05, momentum=0.9)),
        ("sgd", dict(lr=0.05, momentum=0.9, nesterov=True), 15, dict(lr=0.05, momentum=0.9, nesterov=True)),
    ]
    runs = []
    xt, yt = torch.tensor(x), torch.tensor(y)
    for kind, cfg, n_steps, torch_cfg in configs:
        w = torch.tensor(w0, requires_grad=True)
        b = torch.tensor(b0, requires_grad=True)
        keras = KerasAdam(**cfg) if kind == "adam" else None
        topt = torch.optim.SGD([w, b], lr=torch_cfg["lr"], momentum=torch_cfg.get("momentum", 0.0),
                               nesterov=torch_cfg.get("nesterov", False)) if torch_cfg else None
        losses = []
        for _ in range(n_steps):
            loss = ((xt @ w + b - yt) ** 2).mean()
            losses.append(float(loss))
            gw, gb = torch.autograd.grad(loss, [w, b])
            with torch.no_grad():
                if keras:
                    w.copy_(torch.tensor(keras.apply("w", w.numpy().copy(), gw.numpy())))
                    b.copy_(torch.tensor(keras.apply("b", b.numpy().copy(), gb.numpy())))
                    keras.finish_step()
            if topt:
                w.grad, b.grad = gw, gb
                topt.step()
        if kind == "adam":
            full = dict(lr=0.001, beta1=0.9, beta2=0.999, epsilon=1e-7)
        else:
            full = dict(lr=0.01, momentum=0.0, nesterov=False)
        full.update(cfg)
        runs.append({"optimizer": kind, "config": full, "steps": n_steps, "loss": losses,
                     "w": enc(w.detach().numpy()), "b": enc(b.detach().numpy())})
    return problem, runs


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, "losses.json"), "w") as f:
        json.dump({"cases": loss_cases()}, f, indent=1)
        f.write("\n")
    adam_fixed, sgd_fixed = fixed_runs()
    problem, runs = problem_runs()
    with open(os.path.join(OUT_DIR, "optimizers.json"), "w") as f:
        json.dump({"adam_fixed": adam_fixed, "sgd_fixed": sgd_fixed, "problem": problem, "runs": runs}, f, indent=1)
        f.write("\n")
    print("wrote", OUT_DIR)


if __name__ == "__main__":
    main()
