"""Cuts the MNIST subset that ships inside the engine jar (the offline fallback of Mnist.loadData):
the first 6,000 training and the first 1,000 test images and labels of the original IDX files,
written as IDX files again (same headers, smaller counts), gzip-compressed with a zero timestamp so
the bytes are reproducible. Prints the SHA-256 of each decompressed subset file.

Run from the repository root, with the original files in ../shared/data/mnist:
    python3 engine/src/test/python/make_mnist_subset.py [SOURCE_DIR]
"""
import gzip
import hashlib
import os
import struct
import sys

SOURCE = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "data", "mnist")
OUT = os.path.join("engine", "src", "main", "resources", "org", "tapedeck", "engine", "datasets", "mnist-subset")
COUNTS = {"train": 6000, "t10k": 1000}


def cut(name, count):
    with gzip.open(os.path.join(SOURCE, name + ".gz"), "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    if magic == 2051:
        n, rows, cols = struct.unpack(">III", data[4:16])
        body = data[16:16 + count * rows * cols]
        out = struct.pack(">IIII", magic, count, rows, cols) + body
    elif magic == 2049:
        out = struct.pack(">II", magic, count) + data[8:8 + count]
    else:
        raise SystemExit(f"{name}: bad magic {magic}")
    with open(os.path.join(OUT, name + ".gz"), "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(out)
    print(hashlib.sha256(out).hexdigest(), name)


def main():
    os.makedirs(OUT, exist_ok=True)
    for split, count in COUNTS.items():
        cut(f"{split}-images-idx3-ubyte", count)
        cut(f"{split}-labels-idx1-ubyte", count)


if __name__ == "__main__":
    main()
