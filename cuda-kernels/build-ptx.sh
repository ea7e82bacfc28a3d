#!/bin/sh
# Regenerates the committed PTX from the CUDA sources: one .ptx per .cu, with the flags in
# src/main/cuda/nvcc.flags (the same ones PtxFreshnessTest uses). Run it after editing a kernel
# and commit both. NVCC selects the compiler (default: nvcc on PATH, else /usr/local/cuda/bin/nvcc).
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
src="$here/src/main/cuda"
out="$here/src/main/resources/org/tapedeck/cuda"
nvcc=${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}
flags=$(cat "$src/nvcc.flags")
mkdir -p "$out"
for cu in "$src"/*.cu; do
    name=$(basename "$cu" .cu)
    # shellcheck disable=SC2086  # the flags are words
    "$nvcc" $flags -o "$out/$name.ptx" "$cu"
    echo "built $name.ptx"
done
