#!/usr/bin/env python3
"""PyTorch-eager reference of the tutorial's MNIST model on a CUDA GPU, for ms/step side by side
with Tapedeck's GPU backend (same approach as shared/bench/torch_mnist.py, on cuda).

Model: x/255 (N,1,28,28) -> Conv2d(1,16,3)+relu -> Conv2d(16,16,3)+relu -> global average pool
       -> Linear(16,10); mean cross entropy; Adam(lr=1e-3, eps=1e-7); glorot-uniform kernels.
Data:  MNIST from $MNIST_DIR (IDX .gz files) when present, else the same learnable synthetic
       batches as Tapedeck's TutorialStepBenchmark (class k: a bright band of rows at 2k+2..2k+5).

Prints two RESULT lines: steps that read the loss every step (.item(), a sync per step, as
Tapedeck's benchmark and trainer do) and steps that synchronise only at the end.

Usage: python3 torch_mnist_cuda.py --steps 300 [--warmup 20] [--batch 32]
"""
import argparse
import gzip
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3)
        self.conv2 = nn.Conv2d(16, 16, 3)
        self.fc = nn.Linear(16, 10)
        for m in (self.conv1, self.conv2, self.fc):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        return self.fc(x.mean(dim=(2, 3)))


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    _, _, ndim = struct.unpack(">HBB", data[:4])
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def mnist_or_synthetic(n_needed, batch, rng):
    d = os.environ.get("MNIST_DIR", "")
    images = os.path.join(d, "train-images-idx3-ubyte.gz")
    labels = os.path.join(d, "train-labels-idx1-ubyte.gz")
    if d and os.path.exists(images) and os.path.exists(labels):
        x = read_idx(images)[:, None, :, :]
        y = read_idx(labels).astype(np.int64)
        return x, y, "MNIST from " + d
    n = n_needed * batch
    y = rng.integers(0, 10, size=n)
    x = rng.integers(0, 60, size=(n, 1, 28, 28), dtype=np.uint8)
    for i, k in enumerate(y):
        x[i, 0, 2 * k + 2:2 * k + 6, :] = rng.integers(160, 256, size=(4, 28), dtype=np.uint8)
    return x, y.astype(np.int64), "synthetic batches (no MNIST_DIR)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--device", default="cuda", help="cuda, or cpu to try the script where there is no GPU")
    a = ap.parse_args()
    if a.device == "cuda" and not torch.cuda.is_available():
        print("RESULT torch-cuda skipped: torch.cuda.is_available() is False", flush=True)
        return
    dev = torch.device(a.device)
    sync = torch.cuda.synchronize if a.device == "cuda" else (lambda: None)
    name = torch.cuda.get_device_name(0) if a.device == "cuda" else "cpu"
    tag = "torch-" + a.device
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    total = a.warmup + 2 * a.steps
    x_all, y_all, source = mnist_or_synthetic(total, a.batch, rng)
    print(f"torch {torch.__version__} on {name}, batch {a.batch}, {source}", flush=True)
    # Batches are uploaded as uint8 each step and scaled on the GPU, as Tapedeck's benchmark does.
    order = rng.permutation(len(x_all))
    model = Net().to(dev)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    cursor = [0]

    def next_batch():
        if cursor[0] + a.batch > len(order):
            cursor[0] = 0
        idx = order[cursor[0]:cursor[0] + a.batch]
        cursor[0] += a.batch
        xb = torch.from_numpy(np.ascontiguousarray(x_all[idx])).to(dev).float().div_(255.0)
        yb = torch.from_numpy(y_all[idx]).to(dev)
        return xb, yb

    def step():
        xb, yb = next_batch()
        loss = F.cross_entropy(model(xb), yb)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    for _ in range(a.warmup):
        step()
    sync()
    first = None
    t = time.perf_counter()
    for _ in range(a.steps):
        loss = step().item()
        first = loss if first is None else first
    dt = time.perf_counter() - t
    print(f"RESULT {tag} sync-every-step steps={a.steps} ms/step={1e3 * dt / a.steps:.3f} "
          f"images/s={a.steps * a.batch / dt:.0f} first_loss={first:.4f} last_loss={loss:.4f}", flush=True)
    t = time.perf_counter()
    for _ in range(a.steps):
        last = step()
    last = last.item()
    dt = time.perf_counter() - t
    print(f"RESULT {tag} sync-at-end steps={a.steps} ms/step={1e3 * dt / a.steps:.3f} "
          f"images/s={a.steps * a.batch / dt:.0f} last_loss={last:.4f} "
          f"max_memory_allocated={torch.cuda.max_memory_allocated() if a.device == 'cuda' else 0}", flush=True)


if __name__ == "__main__":
    main()
