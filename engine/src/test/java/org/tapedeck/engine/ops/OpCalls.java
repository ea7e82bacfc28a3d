package org.tapedeck.engine.ops;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.tensor.Operand;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * Maps the op names of {@code ops/reference.json} to calls on the facade {@link TF}, reading the
 * overload from the case's attributes (e.g. {@code axis} present: {@code TF.reduceSum(x, axis)}).
 *
 * <pre>{@code
 * Tensor y = OpCalls.call("matmul", List.of(a, b), attrs);  // TF.matmul(a, b)
 * }</pre>
 */
final class OpCalls {
    private OpCalls() {}

    @FunctionalInterface
    interface Call {
        Tensor apply(List<Tensor> in, CaseAttrs a);
    }

    @FunctionalInterface
    private interface TensorPair {
        Tensor apply(Operand a, Operand b);
    }

    @FunctionalInterface
    private interface WithDouble {
        Tensor apply(Operand a, double b);
    }

    @FunctionalInterface
    private interface WithLong {
        Tensor apply(Operand a, long b);
    }

    @FunctionalInterface
    private interface Reduction {
        Tensor all(Operand x);
    }

    private static final Map<String, Call> CALLS = new TreeMap<>();

    static Set<String> names() { return CALLS.keySet(); }

    static Tensor call(String op, List<Tensor> in, CaseAttrs a) {
        Call c = CALLS.get(op);
        if (c == null) throw new IllegalArgumentException("no TF call is mapped to op '" + op + "'");
        return c.apply(in, a);
    }

    private static void put(String name, Call c) { CALLS.put(name, c); }

    /**
     * A binary op: two tensors, or a tensor and a Java number ({@code scalar} with {@code
     * scalarKind} double or long) where the facade has that overload (null where it has not).
     */
    private static void binary(String name, TensorPair pair, WithDouble withDouble, WithLong withLong) {
        put(name, (in, a) -> {
            if (!a.has("scalar")) return pair.apply(in.get(0), in.get(1));
            String kind = a.string("scalarKind");
            if (kind.equals("double") && withDouble != null) return withDouble.apply(in.get(0), a.number("scalar"));
            if (kind.equals("long") && withLong != null) return withLong.apply(in.get(0), Long.parseLong(a.string("scalar")));
            throw new IllegalArgumentException("TF." + name + " has no overload taking a Java " + kind);
        });
    }

    private static void unary(String name, Function<Operand, Tensor> f) { put(name, (in, a) -> f.apply(in.get(0))); }

    private interface OneAxis {
        Tensor apply(Operand x, int axis);
    }

    private interface ManyAxes {
        Tensor apply(Operand x, int[] axes, boolean keepDims);
    }

    private static void reduction(String name, Reduction all, OneAxis one, ManyAxes many) {
        put(name, (in, a) -> {
            Tensor x = in.get(0);
            if (a.has("axes")) return many.apply(x, a.ints("axes"), a.bool("keepDims"));
            if (a.has("axis")) return one.apply(x, a.integer("axis"));
            return all.all(x);
        });
    }

    static {
        binary("add", TF::add, TF::add, TF::add);
        binary("subtract", TF::subtract, TF::subtract, TF::subtract);
        binary("multiply", TF::multiply, TF::multiply, TF::multiply);
        binary("divide", TF::divide, TF::divide, TF::divide);
        binary("floorDiv", TF::floorDiv, TF::floorDiv, TF::floorDiv);
        binary("floorMod", TF::floorMod, TF::floorMod, TF::floorMod);
        binary("pow", TF::pow, TF::pow, TF::pow);
        binary("maximum", TF::maximum, TF::maximum, TF::maximum);
        binary("minimum", TF::minimum, TF::minimum, TF::minimum);
        binary("equal", TF::equal, TF::equal, TF::equal);
        binary("notEqual", TF::notEqual, null, TF::notEqual);
        binary("less", TF::less, TF::less, null);
        binary("lessEqual", TF::lessEqual, TF::lessEqual, null);
        binary("greater", TF::greater, TF::greater, null);
        binary("greaterEqual", TF::greaterEqual, TF::greaterEqual, null);

        unary("negative", TF::negative);
        unary("abs", TF::abs);
        unary("sign", TF::sign);
        unary("square", TF::square);
        unary("sqrt", TF::sqrt);
        unary("exp", TF::exp);
        unary("log", TF::log);
        unary("relu", TF::relu);
        unary("sigmoid", TF::sigmoid);
        unary("tanh", TF::tanh);
        unary("zerosLike", TF::zerosLike);
        unary("onesLike", TF::onesLike);
        put("softmax", (in, a) -> a.has("axis") ? TF.softmax(in.get(0), a.integer("axis")) : TF.softmax(in.get(0)));
        put("logSoftmax", (in, a) -> a.has("axis") ? TF.logSoftmax(in.get(0), a.integer("axis")) : TF.logSoftmax(in.get(0)));

        put("reluGrad", (in, a) -> TF.reluGrad(in.get(0), in.get(1)));
        put("where", (in, a) -> TF.where(in.get(0), in.get(1), in.get(2)));
        put("cast", (in, a) -> TF.cast(in.get(0), a.dtype("dtype")));
        put("matmul", (in, a) -> a.has("transposeA")
                ? TF.matmul(in.get(0), in.get(1), a.bool("transposeA"), a.bool("transposeB"))
                : TF.matmul(in.get(0), in.get(1)));

        reduction("reduceSum", TF::reduceSum, TF::reduceSum, TF::reduceSum);
        reduction("reduceMean", TF::reduceMean, TF::reduceMean, TF::reduceMean);
        reduction("reduceMax", TF::reduceMax, TF::reduceMax, TF::reduceMax);
        reduction("reduceMin", TF::reduceMin, TF::reduceMin, TF::reduceMin);
        put("argMax", (in, a) -> a.has("outputType")
                ? TF.argMax(in.get(0), a.integer("axis"), a.dtype("outputType"))
                : TF.argMax(in.get(0), a.integer("axis")));
        put("argMin", (in, a) -> a.has("outputType")
                ? TF.argMin(in.get(0), a.integer("axis"), a.dtype("outputType"))
                : TF.argMin(in.get(0), a.integer("axis")));

        put("reshape", (in, a) -> TF.reshape(in.get(0), a.ints("shape")));
        put("transpose", (in, a) -> a.has("perm") ? TF.transpose(in.get(0), a.ints("perm")) : TF.transpose(in.get(0)));
        put("expandDims", (in, a) -> TF.expandDims(in.get(0), a.integer("axis")));
        put("squeeze", (in, a) -> a.has("axes") ? TF.squeeze(in.get(0), a.ints("axes")) : TF.squeeze(in.get(0)));
        put("broadcastTo", (in, a) -> TF.broadcastTo(in.get(0), a.ints("shape")));
        put("concat", (in, a) -> TF.concat(in, a.integer("axis")));
        put("stack", (in, a) -> a.has("axis") ? TF.stack(in, a.integer("axis")) : TF.stack(in));
        put("slice", (in, a) -> TF.slice(in.get(0), a.ints("begin"), a.ints("size")));
        put("sliceRange", (in, a) -> TF.sliceRange(in.get(0), a.integer("start"), a.integer("end")));
        put("index", (in, a) -> TF.index(in.get(0), a.integer("i")));
        put("pad", (in, a) -> TF.pad(in.get(0), a.intMatrix("paddings")));
        put("gather", (in, a) -> a.has("axis") ? TF.gather(in.get(0), in.get(1), a.integer("axis")) : TF.gather(in.get(0), in.get(1)));
        put("oneHot", (in, a) -> a.has("dtype")
                ? TF.oneHot(in.get(0), a.integer("depth"), a.number("on"), a.number("off"), a.dtype("dtype"))
                : TF.oneHot(in.get(0), a.integer("depth")));

        put("range", OpCalls::range);
        put("zeros", (in, a) -> a.has("dtype") ? TF.zeros(a.dtype("dtype"), a.ints("shape")) : TF.zeros(a.ints("shape")));
        put("ones", (in, a) -> a.has("dtype") ? TF.ones(a.dtype("dtype"), a.ints("shape")) : TF.ones(a.ints("shape")));
        put("fill", OpCalls::fill);
        put("constant", (in, a) -> a.has("dtype")
                ? TF.constant(a.nested("nested", a.string("elem")), a.dtype("dtype"))
                : TF.constant(a.nested("nested", a.string("elem"))));
    }

    private static Tensor range(List<Tensor> in, CaseAttrs a) {
        if (a.has("dtype")) return TF.range(a.number("start"), a.number("limit"), a.number("delta"), a.dtype("dtype"));
        if (a.has("start")) return TF.range(a.integer("start"), a.integer("limit"), a.integer("delta"));
        return TF.range(a.integer("limit"));
    }

    private static Tensor fill(List<Tensor> in, CaseAttrs a) {
        Shape shape = a.shape("shape");
        if (a.has("dtype")) return TF.fill(a.dtype("dtype"), shape, a.number("value"));
        return switch (a.string("valueKind")) {
            case "float" -> TF.fill(shape, (float) a.number("value"));
            case "double" -> TF.fill(shape, a.number("value"));
            case "int" -> TF.fill(shape, a.integer("value"));
            default -> throw new IllegalArgumentException("unknown fill value kind in " + a);
        };
    }
}
