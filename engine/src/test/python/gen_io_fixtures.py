"""Writes the fixtures of the io tests (SafeTensorsTest, NpyTest) with numpy alone.

The safetensors file is written by hand with struct, following the format's rules (8-byte
little-endian header length, JSON header padded with spaces to a multiple of 8, little-endian data
in header order), so the test checks Tapedeck against the format, not against its own writer.
Each fixture has a JSON companion listing what numpy put in it.

Run from the repository root:  python3 engine/src/test/python/gen_io_fixtures.py
"""
import json
import os
import struct

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "tapedeck", "engine", "io")

CODES = {np.float32: "F32", np.float64: "F64", np.int32: "I32", np.int64: "I64", np.uint8: "U8", np.bool_: "BOOL"}


def arrays():
    return {
        "weights": (np.arange(6, dtype=np.float32).reshape(2, 3) / 4 - 0.5),
        "bias": np.array([1e-8, -2.5, 3.25e10], dtype=np.float64),
        "step": np.array(7, dtype=np.int64),                      # a scalar: shape []
        "counts": np.array([[-3, 2**31 - 1], [-(2**31), 0]], dtype=np.int32),
        "big": np.array([2**40 + 1, -(2**62)], dtype=np.int64),
        "pixels": np.array([0, 1, 127, 128, 255], dtype=np.uint8),
        "mask": np.array([True, False, True], dtype=np.bool_),
        "empty": np.zeros((0, 3), dtype=np.float32),
        "pi": np.array([np.pi], dtype=np.float32),
    }


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    offset = 0
    blobs = []
    for name, a in tensors.items():
        data = a.astype(a.dtype.newbyteorder("<")).tobytes(order="C")
        header[name] = {"dtype": CODES[a.dtype.type], "shape": list(a.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def describe(tensors):
    return {name: {"dtype": str(a.dtype), "shape": list(a.shape), "values": a.reshape(-1).tolist()}
            for name, a in tensors.items()}


def main():
    os.makedirs(OUT, exist_ok=True)
    tensors = arrays()
    metadata = {"format": "np", "note": "written by gen_io_fixtures.py \u2713"}
    write_safetensors(os.path.join(OUT, "numpy-written.safetensors"), tensors, metadata)
    with open(os.path.join(OUT, "numpy-written.json"), "w") as f:
        json.dump({"order": list(tensors), "metadata": metadata, "tensors": describe(tensors)}, f, indent=1)

    npz = {
        "f4": np.linspace(-1, 1, 7, dtype=np.float32).reshape(7, 1),
        "f8_big_endian": np.array([[1.5, -2.0], [1e300, 0.0]], dtype=">f8"),
        "i4": np.array([-5, 0, 2**31 - 1], dtype=np.int32),
        "i8": np.arange(4, dtype=np.int64).reshape(2, 2, 1) * (2**33),
        "u1": np.arange(250, 256, dtype=np.uint8),
        "b1": np.array([[True], [False]]),
        "scalar": np.array(3.0, dtype=np.float64),
    }
    np.savez_compressed(os.path.join(OUT, "arrays.npz"), **npz)
    np.savez(os.path.join(OUT, "arrays-stored.npz"), **npz)
    with open(os.path.join(OUT, "arrays.json"), "w") as f:
        json.dump({k: {"dtype": a.dtype.newbyteorder("=").name, "shape": list(a.shape), "values": a.reshape(-1).tolist()}
                   for k, a in npz.items()}, f, indent=1)


if __name__ == "__main__":
    main()
