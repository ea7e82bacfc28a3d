package org.tapedeck.engine.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.GradientTape;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The losses against PyTorch ({@code optim/losses.json}, from gen_optim_reference.py): value and
 * gradient with respect to yPred, in float64 and float32; finite-difference gradient checks;
 * reductions; errors.
 */
class LossesTest {

    private static Loss lossFor(JsonObject c) {
        boolean logits = c.get("from_logits").getAsBoolean();
        return switch (c.get("loss").getAsString()) {
            case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossentropy(logits);
            case "categorical_crossentropy" -> new CategoricalCrossentropy(logits);
            case "mean_squared_error" -> new MeanSquaredError();
            default -> throw new IllegalArgumentException("unknown loss in losses.json: " + c.get("loss"));
        };
    }

    @TestFactory
    Stream<DynamicTest> matchesTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement e : ReferenceJson.load("/optim/losses.json").getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                String name = c.get("name").getAsString() + " " + dtype;
                tests.add(DynamicTest.dynamicTest(name, () -> checkCase(c, dtype, name)));
            }
        }
        assertTrue(tests.size() >= 28, "too few reference cases: " + tests.size());
        return tests.stream();
    }

    private static void checkCase(JsonObject c, DType dtype, String name) {
        Loss loss = lossFor(c);
        Tensor yTrue = ReferenceJson.tensor(c.getAsJsonObject("y_true"), dtype);
        Tensor yPred = ReferenceJson.tensor(c.getAsJsonObject("y_pred"), dtype);
        Tensor value;
        Tensor grad;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(yPred);
            value = loss.call(yTrue, yPred);
            grad = tape.gradient(value, yPred);
        }
        assertEquals(dtype, value.dtype(), name + ": loss dtype");
        assertEquals(Shape.scalar(), value.shape(), name + ": loss shape");
        double rtol = dtype == DType.FLOAT64 ? 1e-10 : 2e-5;
        double atol = dtype == DType.FLOAT64 ? 1e-12 : 1e-6;
        double expected = c.get("value").getAsDouble();
        ReferenceJson.assertClose(new double[] {expected}, new double[] {value.doubleValue()}, rtol, atol, name + ": value");
        ReferenceJson.assertClose(c.getAsJsonObject("grad"), grad, rtol, atol, name + ": gradient w.r.t. yPred");
    }

    // ---- finite differences -----------------------------------------------------------------

    private static Tensor randomF64(long seed, int... shape) {
        return TF.random.normal(Shape.of(shape), 0, 1, DType.FLOAT64, seed);
    }

    /** Positive rows, not normalised, well inside the clipping range. */
    private static Tensor positiveF64(long seed, int... shape) {
        return TF.random.uniform(Shape.of(shape), 0.05, 1.0, DType.FLOAT64, seed);
    }

    @Test
    void sparseFromLogitsGradientMatchesFiniteDifferences() {
        Tensor labels = TF.constant(new long[] {0, 3, 1, 3});
        Loss loss = new SparseCategoricalCrossentropy(true);
        GradCheck.check("SCCE from logits", x -> loss.call(labels, x), randomF64(1, 4, 5));
    }

    @Test
    void sparseFromProbabilitiesGradientMatchesFiniteDifferences() {
        Tensor labels = TF.constant(new int[][] {{2}, {0}, {1}});
        Loss loss = new SparseCategoricalCrossentropy(false);
        GradCheck.check("SCCE from probabilities", x -> loss.call(labels, x), positiveF64(2, 3, 4));
    }

    @Test
    void categoricalFromLogitsGradientMatchesFiniteDifferences() {
        Tensor target = TF.softmax(randomF64(3, 3, 4));
        Loss loss = new CategoricalCrossentropy(true);
        GradCheck.check("CCE from logits", x -> loss.call(target, x), randomF64(4, 3, 4));
    }

    @Test
    void categoricalFromProbabilitiesGradientMatchesFiniteDifferences() {
        Tensor target = TF.oneHot(TF.constant(new int[] {1, 0, 3}), 4, 1, 0, DType.FLOAT64);
        Loss loss = new CategoricalCrossentropy(false);
        GradCheck.check("CCE from probabilities", x -> loss.call(target, x), positiveF64(5, 3, 4));
    }

    @Test
    void meanSquaredErrorGradientMatchesFiniteDifferences() {
        Tensor target = randomF64(6, 2, 3, 2);
        Loss loss = new MeanSquaredError();
        GradCheck.check("MSE", x -> loss.call(target, x), randomF64(7, 2, 3, 2));
    }

    @Test
    void sumReductionGradientMatchesFiniteDifferences() {
        Tensor labels = TF.constant(new long[] {1, 2});
        Loss loss = new SparseCategoricalCrossentropy(true, Reduction.SUM);
        GradCheck.check("SCCE from logits, SUM", x -> loss.call(labels, x), randomF64(8, 2, 3));
    }

    // ---- behaviour ----------------------------------------------------------------------------

    @Test
    void reductionsGivePerSampleSumAndMean() {
        Tensor labels = TF.constant(new long[] {0, 1});
        Tensor logits = TF.constant(new double[][] {{0, 0}, {0, Math.log(3)}});
        double first = Math.log(2);
        double second = -Math.log(0.75);
        Tensor none = new SparseCategoricalCrossentropy(true, Reduction.NONE).call(labels, logits);
        assertArrayEquals(new double[] {first, second}, none.toDoubleArray(), 1e-15);
        assertEquals(first + second, new SparseCategoricalCrossentropy(true, Reduction.SUM).call(labels, logits).doubleValue(), 1e-15);
        assertEquals((first + second) / 2, new SparseCategoricalCrossentropy(true).call(labels, logits).doubleValue(), 1e-15);
    }

    @Test
    void noneReductionKeepsTheBatchShape() {
        Tensor labels = TF.zeros(DType.INT64, 2, 3);
        Tensor none = new SparseCategoricalCrossentropy(true, Reduction.NONE).call(labels, TF.zeros(2, 3, 4));
        assertEquals(Shape.of(2, 3), none.shape());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, TF.divide(none, Math.log(4)).toFloatArray(), 1e-6f);
        Tensor mse = new MeanSquaredError(Reduction.NONE).call(TF.zeros(2, 3), TF.ones(2, 3));
        assertEquals(Shape.of(2), mse.shape());
    }

    @Test
    void sparseAndCategoricalAgreeOnOneHotLabels() {
        Tensor labels = TF.constant(new long[] {4, 0, 2});
        Tensor logits = TF.random.normal(Shape.of(3, 5), 0, 2, DType.FLOAT32, 11L);
        float sparse = new SparseCategoricalCrossentropy(true).call(labels, logits).floatValue();
        float dense = new CategoricalCrossentropy(true).call(TF.oneHot(labels, 5), logits).floatValue();
        assertEquals(dense, sparse, 1e-6f);
    }

    @Test
    void labelDtypesInt32Uint8AndWholeFloatsGiveTheSameLoss() {
        Tensor logits = TF.constant(new float[][] {{1, 2, 3}, {3, 1, 0}});
        Loss loss = new SparseCategoricalCrossentropy(true);
        float expected = loss.call(TF.constant(new long[] {2, 1}), logits).floatValue();
        assertEquals(expected, loss.call(TF.constant(new int[] {2, 1}), logits).floatValue());
        assertEquals(expected, loss.call(TF.constant(new byte[] {2, 1}), logits).floatValue());
        assertEquals(expected, loss.call(TF.constant(new float[] {2, 1}), logits).floatValue());
    }

    @Test
    void largeLogitsStayFinite() {
        Tensor logits = TF.constant(new float[][] {{1e4f, -1e4f, 0f}});
        float wrong = new SparseCategoricalCrossentropy(true).call(TF.constant(new long[] {1}), logits).floatValue();
        assertEquals(2e4f, wrong, 1e-2f);
        float right = new SparseCategoricalCrossentropy(true).call(TF.constant(new long[] {0}), logits).floatValue();
        assertEquals(0f, right);
    }

    @Test
    void probabilitiesAreClippedSoZeroGivesAFiniteLossAndNoGradient() {
        Tensor p = TF.constant(new double[][] {{0.0, 1.0}});
        Tensor grad;
        Tensor value;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(p);
            value = new SparseCategoricalCrossentropy(false).call(TF.constant(new long[] {0}), p);
            grad = tape.gradient(value, p);
        }
        // -log(eps / (eps + 1 - eps)) = -log(1e-7)
        assertEquals(-Math.log(1e-7), value.doubleValue(), 1e-9);
        assertArrayEquals(new double[] {0, 0}, grad.toDoubleArray(), "clipped values pass no gradient");
    }

    @Test
    void emptyBatchGivesZero() {
        Tensor value = new SparseCategoricalCrossentropy(true).call(TF.zeros(DType.INT64, 0), TF.zeros(0, 10));
        assertEquals(Shape.scalar(), value.shape());
        assertEquals(0f, value.floatValue());
    }

    @Test
    void aVariableCanBeThePrediction() {
        var w = new org.tapedeck.engine.tensor.Variable(TF.constant(new float[][] {{0f, 0f}}), "w");
        Tensor grad;
        try (GradientTape tape = new GradientTape()) {
            Tensor loss = new SparseCategoricalCrossentropy(true).call(TF.constant(new long[] {1}), w);
            grad = tape.gradient(loss, w);
        }
        assertArrayEquals(new float[] {0.5f, -0.5f}, grad.toFloatArray(), 1e-7f);
    }

    // ---- errors -------------------------------------------------------------------------------

    private static String message(Runnable r) {
        return assertThrows(InvalidArgumentException.class, r::run).getMessage();
    }

    @Test
    void labelOutOfRangeIsAClearError() {
        Loss loss = new SparseCategoricalCrossentropy(true);
        String m = message(() -> loss.call(TF.constant(new long[] {1, 10, 2}), TF.zeros(3, 10)));
        assertTrue(m.contains("SparseCategoricalCrossentropy") && m.contains("label value of 10") && m.contains("position 1")
                && m.contains("[0, 10)") && m.contains("(3, 10)"), m);
        String negative = message(() -> loss.call(TF.constant(new int[] {-1}), TF.zeros(1, 4)));
        assertTrue(negative.contains("-1") && negative.contains("[0, 4)"), negative);
    }

    @Test
    void sparseShapeMismatchNamesBothShapes() {
        Loss loss = new SparseCategoricalCrossentropy(true);
        String m = message(() -> loss.call(TF.zeros(DType.INT64, 4), TF.zeros(3, 10)));
        assertTrue(m.contains("(4,)") && m.contains("(3, 10)"), m);
        String m2 = message(() -> loss.call(TF.zeros(DType.INT64, 3, 10), TF.zeros(3, 10)));
        assertTrue(m2.contains("(3, 10)") && m2.contains("(3,)"), m2);
    }

    @Test
    void categoricalShapeMismatchNamesBothShapes() {
        String m = message(() -> new CategoricalCrossentropy(true).call(TF.zeros(DType.INT64, 3), TF.zeros(3, 10)));
        assertTrue(m.contains("CategoricalCrossentropy") && m.contains("(3,)") && m.contains("(3, 10)"), m);
    }

    @Test
    void mseShapeMismatchNamesBothShapes() {
        String m = message(() -> new MeanSquaredError().call(TF.zeros(3, 2), TF.zeros(2, 3)));
        assertTrue(m.contains("MeanSquaredError") && m.contains("(3, 2)") && m.contains("(2, 3)"), m);
        assertEquals(0f, new MeanSquaredError().call(TF.zeros(3, 1), TF.zeros(3)).floatValue(), "trailing 1 squeezed");
    }

    @Test
    void badDtypesAreClearErrors() {
        String intPred = message(() -> new SparseCategoricalCrossentropy(true).call(TF.constant(new long[] {0}), TF.zeros(DType.INT32, 1, 3)));
        assertTrue(intPred.contains("yPred") && intPred.contains("int32"), intPred);
        String fractional = message(() -> new SparseCategoricalCrossentropy(true).call(TF.constant(new float[] {0.5f}), TF.zeros(1, 3)));
        assertTrue(fractional.contains("0.5") && fractional.contains("not a class index"), fractional);
        String scalar = message(() -> new MeanSquaredError().call(TF.constant(1f), TF.constant(2f)));
        assertTrue(scalar.contains("scalar"), scalar);
    }
}
