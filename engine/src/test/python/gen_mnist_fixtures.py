"""Writes a small stand-in for Keras' MNIST cache (~/.keras/datasets/mnist.npz) for MnistTest: the
same four arrays (x_train, y_train, x_test, y_test, uint8) as np.savez_compressed writes them, cut
to the first 20 training and 10 test images of the original files.

Run from the repository root:  python3 engine/src/test/python/gen_mnist_fixtures.py [SOURCE_DIR]
"""
import gzip
import os
import sys

import numpy as np

SOURCE = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "data", "mnist")
OUT = os.path.join("engine", "src", "test", "resources", "org", "tapedeck", "engine", "datasets")


def idx(name, offset, shape):
    with gzip.open(os.path.join(SOURCE, name + ".gz"), "rb") as f:
        data = np.frombuffer(f.read(), dtype=np.uint8, offset=offset)
    return data[: int(np.prod(shape))].reshape(shape)


def main():
    arrays = {
        "x_train": idx("train-images-idx3-ubyte", 16, (20, 28, 28)),
        "y_train": idx("train-labels-idx1-ubyte", 8, (20,)),
        "x_test": idx("t10k-images-idx3-ubyte", 16, (10, 28, 28)),
        "y_test": idx("t10k-labels-idx1-ubyte", 8, (10,)),
    }
    os.makedirs(OUT, exist_ok=True)
    np.savez_compressed(os.path.join(OUT, "keras-mnist-small.npz"), **arrays)
    print({k: (a.dtype.name, a.shape, a.reshape(-1)[:10].tolist() if a.ndim == 1 else int(a.sum())) for k, a in arrays.items()})


if __name__ == "__main__":
    main()
