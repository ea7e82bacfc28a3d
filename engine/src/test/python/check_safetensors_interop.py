"""Reads the file SafeTensorsTest leaves at engine/target/interop/java-written.safetensors with the
real `safetensors` library, to confirm Tapedeck's writer follows the format. Not run by the build
(the Java tests never need Python); run it by hand where `pip install safetensors numpy` is done:

    mvn -pl engine test -Dtest=SafeTensorsTest && python3 engine/src/test/python/check_safetensors_interop.py
"""
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file

PATH = sys.argv[1] if len(sys.argv) > 1 else "engine/target/interop/java-written.safetensors"

tensors = load_file(PATH)
expected = {
    "dense/kernel": (np.float32, (2, 3)),
    "dense/bias": (np.float64, (2,)),
    "step": (np.int64, ()),
    "ids": (np.int32, (3,)),
    "pixels": (np.uint8, (4,)),
    "mask": (np.bool_, (4,)),
    "empty": (np.float32, (0, 4)),
    'unicode "name" \u2713': (np.int64, (1,)),
}
assert list(tensors) == list(expected) or set(tensors) == set(expected), list(tensors)
for name, (dtype, shape) in expected.items():
    t = tensors[name]
    assert t.dtype == dtype and t.shape == shape, (name, t.dtype, t.shape)
assert tensors["ids"].tolist() == [-2**31, -1, 7]
assert tensors["pixels"].tolist() == [0, 1, 128, 255]
assert tensors["mask"].tolist() == [True, False, True, True]
assert tensors["dense/bias"][0] == np.pi
with safe_open(PATH, "np") as f:
    assert f.metadata() == {"format": "tapedeck"}, f.metadata()
print("ok:", PATH, "reads with safetensors", len(tensors), "tensors")
