package org.tapedeck.engine.backend.cuda;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tapedeck.engine.tensor.DType;

/**
 * Every kernel in the PTX modules of {@code cuda-kernels}, with the module it lives in and the
 * kinds of its parameters. Launches are checked against it (a wrong argument list would otherwise
 * read garbage on the GPU), and a test checks it against the {@code .entry} declarations of the
 * committed PTX, so a signature drifting between the .cu files and the Java side is caught on
 * machines without a GPU.
 */
final class KernelCatalog {

    /** Kinds of kernel parameter, as PTX declares them. */
    enum Param {
        /** A device pointer ({@code .u64}). */
        PTR(".u64"),
        INT(".u32"),
        LONG(".u64"),
        FLOAT(".f32"),
        DOUBLE(".f64"),
        /** struct Layout of common.cuh: 33 ints. */
        LAYOUT(".b8[" + StridedLayout.PACKED_INTS * 4 + "]"),
        /** struct ConvGeom of conv.cu / PoolGeom of pool.cu: 13 ints. */
        GEOMETRY(".b8[" + ConvGeometry.PACKED_INTS * 4 + "]");

        final String ptx;

        Param(String ptx) { this.ptx = ptx; }
    }

    record Kernel(String module, String name, List<Param> params) {}

    /** Suffixes of the numeric kernels (bool reads through u8). */
    static final List<String> NUMERIC = List.of("f32", "f64", "i32", "i64", "u8");
    static final List<String> FLOATING = List.of("f32", "f64");
    static final List<String> WIDTHS = List.of("1", "4", "8");
    static final List<String> INDEX = List.of("i32", "i64");

    private static final Map<String, Kernel> KERNELS = build();

    private KernelCatalog() {}

    static Kernel get(String name) {
        Kernel k = KERNELS.get(name);
        if (k == null) throw new IllegalArgumentException("no CUDA kernel named " + name);
        return k;
    }

    static Map<String, Kernel> all() { return Collections.unmodifiableMap(KERNELS); }

    /** The suffix of the kernels for {@code dtype}: f32, f64, i32, i64 or u8 (bool reads as u8). */
    static String suffix(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case INT32 -> "i32";
            case INT64 -> "i64";
            case UINT8, BOOL -> "u8";
        };
    }

    /** The suffix of the data-movement kernels, which only care about the element's width. */
    static String width(DType dtype) { return Integer.toString(dtype.byteSize()); }

    private static Map<String, Kernel> build() {
        Map<String, Kernel> m = new LinkedHashMap<>();
        Param P = Param.PTR, I = Param.INT, L = Param.LAYOUT, G = Param.GEOMETRY;
        for (String t : NUMERIC) {
            add(m, "elementwise", "unary_" + t, P, P, I, I);
            add(m, "elementwise", "binary_" + t, P, P, P, I, L, I, P, I);
            add(m, "elementwise", "compare_" + t, P, P, P, I, L, I);
            add(m, "elementwise", "relu_grad_" + t, P, P, P, I);
            for (String d : NUMERIC) add(m, "elementwise", "cast_" + t + "_" + d, P, P, I);
            add(m, "elementwise", "cast_" + t + "_b8", P, P, I);
            for (String op : List.of("sum", "max", "min")) add(m, "reduce", "reduce_" + op + "_" + t, P, P, I, I, L, L);
            for (String o : INDEX) {
                add(m, "reduce", "argmax_" + t + "_" + o, P, P, I, I, I);
                add(m, "reduce", "argmin_" + t + "_" + o, P, P, I, I, I);
                add(m, "copy", "scatter_add_" + t + "_" + o, P, P, P, I, I, I, I);
            }
            add(m, "stats", "stats_" + t, P, P, I);
        }
        for (String w : WIDTHS) {
            add(m, "elementwise", "where_" + w, P, P, P, P, I, L);
            add(m, "copy", "strided_gather_" + w, P, P, I, L, I);
            add(m, "copy", "strided_scatter_" + w, P, P, I, L, I);
            for (String o : INDEX) add(m, "copy", "gather_" + w + "_" + o, P, P, P, I, I, I, I);
        }
        for (String o : INDEX) add(m, "copy", "check_indices_" + o, P, I, I, P, I);
        add(m, "elementwise", "fill_8", P, I, Param.LONG);
        add(m, "matmul", "sgemm_f32", P, P, P, I, I, I, I, I, I, L);
        for (String t : List.of("f64", "i32", "i64")) add(m, "matmul", "gemm_" + t, P, P, P, I, I, I, I, I, I, L);
        for (String t : FLOATING) {
            Param s = t.equals("f32") ? Param.FLOAT : Param.DOUBLE;
            add(m, "conv", "conv2d_fwd_" + t, P, P, P, G);
            add(m, "conv", "conv2d_bwd_input_" + t, P, P, P, G);
            add(m, "conv", "conv2d_bwd_filter_" + t, P, P, P, G, I);
            add(m, "conv", "sum_splits_" + t, P, P, I, I);
            add(m, "pool", "maxpool_fwd_" + t, P, P, G);
            add(m, "pool", "maxpool_bwd_" + t, P, P, P, G);
            add(m, "adam", "adam_" + t, P, P, P, P, P, P, P, I, s, s, s, s);
        }
        return m;
    }

    private static void add(Map<String, Kernel> m, String module, String name, Param... params) {
        m.put(name, new Kernel(module, name, List.of(params)));
    }
}
