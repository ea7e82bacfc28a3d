package org.tapedeck.engine.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tapedeck.engine.errors.TapedeckException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.testing.RefTensor;
import org.tapedeck.engine.testing.Tolerance;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Runs every row of {@code ops/reference.json} (made by {@code src/test/python/gen_op_reference.py}
 * with NumPy and PyTorch, following TensorFlow's semantics) through the facade {@code TF} and checks
 * dtype, shape and values, or that the expected error is thrown with a message naming the op and
 * the offending dtypes or shapes.
 */
class OpTableTest {

    /** Every op of the facade that the table must exercise with at least one successful case. */
    private static final List<String> FACADE_OPS = List.of(
            "add", "subtract", "multiply", "divide", "floorDiv", "floorMod", "negative", "abs", "sign", "square",
            "sqrt", "exp", "log", "pow", "maximum", "minimum", "relu", "reluGrad", "sigmoid", "tanh", "softmax", "logSoftmax",
            "equal", "notEqual", "less", "lessEqual", "greater", "greaterEqual", "where", "cast", "matmul",
            "reduceSum", "reduceMean", "reduceMax", "reduceMin", "argMax", "argMin", "reshape", "transpose",
            "expandDims", "squeeze", "broadcastTo", "concat", "stack", "slice", "sliceRange", "index", "pad",
            "gather", "oneHot", "range", "fill", "zeros", "ones", "zerosLike", "onesLike", "constant");

    /**
     * Ops whose floating results are exact: they move values, or round an exact result once (IEEE
     * +, -, *, /, sqrt and casts are correctly rounded, so computing a float32 op in double and
     * rounding gives the float32 result).
     */
    private static final Set<String> EXACT = Set.of(
            "add", "subtract", "multiply", "divide", "square", "sqrt", "negative", "abs", "sign", "relu", "reluGrad",
            "maximum", "minimum", "floorDiv", "where", "cast", "reshape", "transpose", "expandDims", "squeeze",
            "broadcastTo", "concat", "stack", "slice", "sliceRange", "index", "pad", "gather", "oneHot", "fill",
            "zeros", "ones", "zerosLike", "onesLike", "constant", "reduceMax", "reduceMin");

    /** Ops that sum many terms, whose float32 results may differ from NumPy's order of summation. */
    private static final Set<String> ACCUMULATING = Set.of(
            "matmul", "reduceSum", "reduceMean", "softmax", "logSoftmax", "range");

    /** One row of the table. */
    private record OpCase(String id, String op, List<RefTensor> inputs, CaseAttrs attrs, RefTensor expected,
                          List<String> errorParts, boolean signedZeros) {}

    @TestFactory
    Stream<DynamicTest> opsMatchTheReference() throws IOException {
        return loadCases().stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> run(c)));
    }

    @Test
    void tableCoversEveryFacadeOp() throws IOException {
        Set<String> withValues = new TreeSet<>();
        Set<String> unmapped = new TreeSet<>();
        for (OpCase c : loadCases()) {
            if (c.expected() != null) withValues.add(c.op());
            if (!OpCalls.names().contains(c.op())) unmapped.add(c.op());
        }
        Set<String> missing = new TreeSet<>(FACADE_OPS);
        missing.removeAll(withValues);
        assertTrue(missing.isEmpty(), "ops without a value case in the table: " + missing);
        assertTrue(unmapped.isEmpty(), "ops in the table with no TF call: " + unmapped);
    }

    private static void run(OpCase c) {
        List<Tensor> inputs = new ArrayList<>();
        for (RefTensor r : c.inputs()) inputs.add(r.toTensor());
        if (c.expected() == null) {
            TapedeckException e = assertThrows(TapedeckException.class, () -> OpCalls.call(c.op(), inputs, c.attrs()),
                    () -> c.id() + ": expected an error containing " + c.errorParts());
            for (String part : c.errorParts()) {
                assertTrue(e.getMessage().contains(part),
                        () -> c.id() + ": the message should contain '" + part + "' but was: " + e.getMessage());
            }
            return;
        }
        Tensor actual = OpCalls.call(c.op(), inputs, c.attrs());
        c.expected().assertMatches(actual, toleranceFor(c.op(), c.expected().dtype()), c.signedZeros(), c.id());
    }

    /**
     * Exact where {@link #EXACT}; float64 otherwise nearly exact; float32 within a few ulps for elementwise ops (the engine computes
     * transcendental functions in double and rounds once, NumPy in float32), looser where terms
     * are summed in a different order.
     */
    private static Tolerance toleranceFor(String op, DType dtype) {
        if (EXACT.contains(op)) return Tolerance.of(0, 0);
        if (dtype == DType.FLOAT64) return Tolerance.of(1e-12, 1e-12);
        return ACCUMULATING.contains(op) ? Tolerance.of(1e-5, 1e-5) : Tolerance.of(1e-6, 1e-6);
    }

    private static List<OpCase> loadCases() throws IOException {
        try (InputStream in = OpTableTest.class.getResourceAsStream("/ops/reference.json")) {
            if (in == null) throw new IOException("ops/reference.json not found on the test class path");
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                JsonArray array = JsonParser.parseReader(reader).getAsJsonObject().getAsJsonArray("cases");
                List<OpCase> cases = new ArrayList<>();
                for (JsonElement e : array) cases.add(parse(e.getAsJsonObject()));
                return cases;
            }
        }
    }

    private static OpCase parse(JsonObject o) {
        List<RefTensor> inputs = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("inputs")) inputs.add(RefTensor.parse(e.getAsJsonObject()));
        RefTensor expected = o.has("expected") ? RefTensor.parse(o.getAsJsonObject("expected")) : null;
        List<String> parts = new ArrayList<>();
        if (o.has("error")) {
            for (JsonElement p : o.getAsJsonObject("error").getAsJsonArray("contains")) parts.add(p.getAsString());
        } else if (expected == null) {
            throw new IllegalArgumentException("case " + o.get("id") + " has neither an expected value nor an error");
        }
        boolean signedZeros = o.has("signed_zeros") && o.get("signed_zeros").getAsBoolean();
        return new OpCase(o.get("id").getAsString(), o.get("op").getAsString(), inputs,
                new CaseAttrs(o.getAsJsonObject("attrs")), expected, parts, signedZeros);
    }
}
