package org.tapedeck.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/** Mean and SparseCategoricalAccuracy on inputs whose results are known by hand. */
class MetricsTest {

    private static final float[][] PREDICTIONS = {
        {0.1f, 0.7f, 0.2f},   // class 1
        {0.8f, 0.1f, 0.1f},   // class 0
        {0.2f, 0.2f, 0.6f},   // class 2
        {0.4f, 0.4f, 0.2f},   // tie: the first maximum, class 0
    };

    @Test
    void meanCountsEveryElement() {
        Mean m = new Mean();
        m.updateState(TF.constant(new float[] {1, 3, 5, 7}));
        m.updateState(TF.constant(2f));
        Tensor r = m.result();
        assertEquals(DType.FLOAT32, r.dtype());
        assertEquals(Shape.scalar(), r.shape());
        assertEquals(3.6f, r.floatValue(), 1e-6f);
        m.updateState(10.5);
        assertEquals(4.75f, m.result().floatValue(), 1e-6f);
        assertEquals("mean", m.name());
    }

    @Test
    void meanAcceptsAnyNumericDtypeAndShape() {
        Mean m = new Mean("loss");
        m.updateState(TF.constant(new int[][] {{1, 2}, {3, 4}}));
        m.updateState(TF.constant(new double[] {5.0}));
        assertEquals(3f, m.result().floatValue());
        assertEquals(List.of("loss/total", "loss/count"), m.variables().stream().map(Variable::name).toList());
        assertEquals(15f, m.variables().get(0).peek().floatValue());
        assertEquals(5f, m.variables().get(1).peek().floatValue());
        assertFalse(m.variables().get(0).trainable());
    }

    @Test
    void meanWithSampleWeights() {
        Mean m = new Mean();
        // (1*1 + 2*0 + 3*3) / (1 + 0 + 3) = 2.5
        m.updateState(TF.constant(new float[] {1, 2, 3}), TF.constant(new float[] {1, 0, 3}));
        assertEquals(2.5f, m.result().floatValue(), 1e-6f);
        // A scalar weight broadcasts: adds 2 * (4 + 6) to the total and 2 * 2 to the count.
        m.updateState(TF.constant(new float[] {4, 6}), TF.constant(2f));
        assertEquals((10f + 20f) / 8f, m.result().floatValue(), 1e-6f);
    }

    @Test
    void emptyMeanIsZeroAndResetForgets() {
        Mean m = new Mean();
        assertEquals(0f, m.result().floatValue());
        m.updateState(TF.constant(new float[] {4, 8}));
        assertEquals(6f, m.result().floatValue());
        m.resetState();
        assertEquals(0f, m.result().floatValue());
        assertEquals(0f, m.variables().get(1).peek().floatValue());
        m.updateState(TF.zeros(0));
        assertEquals(0f, m.result().floatValue(), "no values yet: 0, not NaN");
        assertEquals(1f, m.call(TF.constant(1f)).floatValue());
    }

    @Test
    void accuracyComparesArgMaxWithLabels() {
        SparseCategoricalAccuracy acc = new SparseCategoricalAccuracy();
        acc.updateState(TF.constant(new long[] {1, 0, 1, 0}), TF.constant(PREDICTIONS));
        assertEquals(0.75f, acc.result().floatValue());
        acc.updateState(TF.constant(new long[] {2, 2, 2, 2}), TF.constant(PREDICTIONS));
        assertEquals(4f / 8f, acc.result().floatValue());
        acc.resetState();
        assertEquals(0f, acc.result().floatValue());
        assertEquals("sparse_categorical_accuracy", acc.name());
    }

    @Test
    void accuracyTakesLabelsOfManyDtypesAndAColumnShape() {
        Tensor preds = TF.constant(PREDICTIONS);
        for (Tensor labels : List.of(
                TF.constant(new int[] {1, 0, 2, 1}),
                TF.constant(new byte[] {1, 0, 2, 1}),
                TF.constant(new float[] {1, 0, 2, 1}),
                TF.constant(new long[][] {{1}, {0}, {2}, {1}}))) {
            SparseCategoricalAccuracy acc = new SparseCategoricalAccuracy();
            assertEquals(0.75f, acc.call(labels, preds).floatValue(), "labels " + labels.dtype() + " " + labels.shape());
        }
    }

    @Test
    void accuracyWithSampleWeights() {
        SparseCategoricalAccuracy acc = new SparseCategoricalAccuracy();
        // matches: 1, 1, 0, 1 weighted by 1, 1, 2, 0 -> 2 / 4
        acc.updateState(TF.constant(new long[] {1, 0, 1, 0}), TF.constant(PREDICTIONS), TF.constant(new float[] {1, 1, 2, 0}));
        assertEquals(0.5f, acc.result().floatValue());
    }

    @Test
    void accuracyOverARank3Batch() {
        Tensor preds = TF.reshape(TF.constant(PREDICTIONS), 2, 2, 3);
        SparseCategoricalAccuracy acc = new SparseCategoricalAccuracy();
        acc.updateState(TF.constant(new long[][] {{1, 0}, {2, 1}}), preds);
        assertEquals(0.75f, acc.result().floatValue());
    }

    private static String message(Runnable r) {
        return assertThrows(InvalidArgumentException.class, r::run).getMessage();
    }

    @Test
    void badInputsAreClearErrors() {
        SparseCategoricalAccuracy acc = new SparseCategoricalAccuracy();
        String shape = message(() -> acc.updateState(TF.constant(new long[] {1, 0, 1}), TF.constant(PREDICTIONS)));
        assertTrue(shape.contains("(3,)") && shape.contains("(4, 3)"), shape);
        String weight = message(() -> new Mean().updateState(TF.ones(2, 2), TF.ones(3)));
        assertTrue(weight.contains("(3,)") && weight.contains("(2, 2)"), weight);
        String bool = message(() -> new Mean().updateState(TF.constant(new boolean[] {true})));
        assertTrue(bool.contains("bool"), bool);
        String scalar = message(() -> acc.updateState(TF.constant(1L), TF.constant(1f)));
        assertTrue(scalar.contains("yPred"), scalar);
    }

    @Test
    void readingAResultIsHeardAsAMetricEvent() {
        SparseCategoricalAccuracy acc = new SparseCategoricalAccuracy();
        acc.updateState(TF.constant(new long[] {0, 1}), TF.constant(new float[][] {{0.9f, 0.1f}, {0.8f, 0.2f}}));
        List<org.tapedeck.engine.events.MetricEvent> heard = new java.util.ArrayList<>();
        org.tapedeck.engine.events.ExecutionListener l = new org.tapedeck.engine.events.ExecutionListener() {
            @Override public void onMetric(org.tapedeck.engine.events.MetricEvent e) { heard.add(e); }
        };
        try (var reg = org.tapedeck.engine.events.ExecutionEvents.addListener(l)) {
            assertEquals(0.5f, acc.result().floatValue());
        }
        assertEquals(List.of(new org.tapedeck.engine.events.MetricEvent("sparse_categorical_accuracy", 0.5)), heard);
    }
}
