package org.tapedeck.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.GradientTape;
import org.tapedeck.engine.errors.FailedPreconditionException;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/** The tutorial's model: summary, parameters, names, building, seeding, any image size. */
class SequentialTest {

    @BeforeEach
    void freshNames() { Layer.clearSession(); }

    /** tf.keras.Sequential([Conv2D(16,[3,3], activation='relu', input_shape=(None, None, 1)), Conv2D(16,[3,3], activation='relu'), GlobalAveragePooling2D(), Dense(10)]) */
    static Sequential tutorialModel() {
        return new Sequential(
                new Conv2D(16, new int[] {3, 3}).activation("relu").inputShape(null, null, 1),
                new Conv2D(16, new int[] {3, 3}).activation("relu"),
                new GlobalAveragePooling2D(),
                new Dense(10));
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = SequentialTest.class.getResourceAsStream(path)) {
            assertNotNull(in, path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void summaryIsKerasText() throws IOException {
        Sequential model = tutorialModel();
        assertEquals(resource("/nn/tutorial_summary.txt"), model.summary());
    }

    @Test
    void parametersAndVariables() {
        Sequential model = tutorialModel();
        assertEquals(2650, model.countParams());
        List<String> names = model.trainableVariables().stream().map(Variable::name).toList();
        assertEquals(List.of("conv2d/kernel", "conv2d/bias", "conv2d_1/kernel", "conv2d_1/bias", "dense/kernel", "dense/bias"), names);
        List<Shape> shapes = model.trainableVariables().stream().map(Variable::shape).toList();
        assertEquals(List.of(Shape.of(3, 3, 1, 16), Shape.of(16), Shape.of(3, 3, 16, 16), Shape.of(16), Shape.of(16, 10), Shape.of(10)), shapes);
        assertEquals(List.of(160, 2320, 0, 170), model.layers().stream().map(Layer::countParams).toList());
        assertTrue(model.nonTrainableVariables().isEmpty());
        assertEquals(PartialShape.of(null, null, null, 16), model.layers().get(1).outputShape());
        assertEquals(PartialShape.of(null, 10), model.outputShape());
    }

    @Test
    void glorotUniformKernelsAndZeroBiases() {
        Sequential model = tutorialModel();
        List<Variable> v = model.trainableVariables();
        double[] limits = {Math.sqrt(6.0 / (9 + 144)), 0, Math.sqrt(6.0 / (144 + 144)), 0, Math.sqrt(6.0 / (16 + 10)), 0};
        for (int i = 0; i < v.size(); i++) {
            double[] w = v.get(i).peek().toDoubleArray();
            double max = 0;
            for (double x : w) max = Math.max(max, Math.abs(x));
            if (limits[i] == 0) {
                assertEquals(0, max, v.get(i).name());
            } else {
                assertTrue(max < limits[i] && max > 0.8 * limits[i], v.get(i).name() + ": max |w| " + max + " for limit " + limits[i]);
            }
            assertEquals(DType.FLOAT32, v.get(i).dtype());
        }
    }

    @Test
    void sameSeedSameWeights() {
        TF.random.setSeed(1234);
        float[] first = tutorialModel().trainableVariables().get(2).peek().toFloatArray();
        TF.random.setSeed(1234);
        float[] again = tutorialModel().trainableVariables().get(2).peek().toFloatArray();
        TF.random.setSeed(99);
        float[] other = tutorialModel().trainableVariables().get(2).peek().toFloatArray();
        assertArrayEquals(first, again);
        assertFalse(java.util.Arrays.equals(first, other));
        // A layer's own seed wins over the global generator.
        float[] seeded = new Dense(4).seed(5).inputShape(3).trainableVariables().get(0).peek().toFloatArray();
        TF.random.setSeed(77);
        assertArrayEquals(seeded, new Dense(4).seed(5).inputShape(3).trainableVariables().get(0).peek().toFloatArray());
    }

    @Test
    void oneModelForAnyImageSize() {
        Sequential model = tutorialModel();
        Tensor big = model.call(TF.random.uniform(2, 28, 28, 1), true);
        Tensor small = model.apply(TF.random.uniform(3, 20, 20, 1));
        assertEquals(Shape.of(2, 10), big.shape());
        assertEquals(Shape.of(3, 10), small.shape());

        Conv2D conv = new Conv2D(16, 3).activation("relu");
        assertEquals(Shape.of(1, 26, 26, 16), conv.call(TF.zeros(1, 28, 28, 1)).shape());
        assertEquals(PartialShape.of(null, 26, 26, 16), conv.outputShape());
        assertEquals(Shape.of(4, 18, 18, 16), conv.call(TF.zeros(4, 20, 20, 1)).shape());
    }

    @Test
    void buildsOnFirstCallWithoutDeclaredShape() {
        Sequential model = new Sequential(new Conv2D(16, 3).activation("relu"), new Conv2D(16, 3).activation("relu"),
                new GlobalAveragePooling2D(), new Dense(10));
        assertThrows(FailedPreconditionException.class, model::summary);
        assertThrows(FailedPreconditionException.class, model::countParams);
        assertTrue(model.trainableVariables().isEmpty());
        model.call(TF.zeros(32, 28, 28, 1), true);
        assertEquals(2650, model.countParams());
        assertEquals(PartialShape.of(null, 24, 24, 16), model.layers().get(1).outputShape());
        assertTrue(model.summary().contains(" conv2d_1 (Conv2D)           (None, 24, 24, 16)        2320      \n"), model.summary());
    }

    @Test
    void trainingStepGradientsReachEveryVariable() {
        Sequential model = tutorialModel();
        Tensor images = TF.random.uniform(4, 12, 12, 1);
        List<Tensor> grads;
        try (GradientTape tape = new GradientTape()) {
            Tensor logits = model.call(images, true);
            TF.debugging.assertEqual(logits.shape(), 4, 10);
            grads = tape.gradient(TF.reduceSum(TF.square(logits)), model.trainableVariables());
        }
        for (int i = 0; i < grads.size(); i++) {
            assertNotNull(grads.get(i), model.trainableVariables().get(i).name());
            assertEquals(model.trainableVariables().get(i).shape(), grads.get(i).shape());
        }
    }

    @Test
    void keepsTheDtypeOfItsFirstInput() {
        Sequential model = new Sequential(new Conv2D(2, 3), new Flatten(), new Dense(3));
        Tensor y = model.call(TF.zeros(DType.FLOAT64, 1, 5, 5, 1));
        assertEquals(DType.FLOAT64, y.dtype());
        assertTrue(model.variables().stream().allMatch(v -> v.dtype() == DType.FLOAT64));
        // A float32 input is cast to the weights' dtype, as Keras autocasts.
        assertEquals(DType.FLOAT64, model.call(TF.zeros(1, 5, 5, 1)).dtype());
    }

    @Test
    void namesAreNumberedPerClass() {
        Sequential a = tutorialModel();
        Sequential b = new Sequential(new Conv2D(4, 3), new MaxPooling2D(2), new Flatten(), new Dropout(0.5),
                new Dense(10).name("logits"), new Dense(3));
        assertEquals("sequential", a.name());
        assertEquals("sequential_1", b.name());
        assertEquals(List.of("conv2d_2", "max_pooling2d", "flatten", "dropout", "logits", "dense_1"),
                b.layers().stream().map(Layer::name).toList());
        assertEquals("global_average_pooling2d", LayerNames.snakeCase("GlobalAveragePooling2D"));
        assertEquals("my_custom_block", LayerNames.snakeCase("MyCustomBlock"));
        Layer.clearSession();
        assertEquals("dense", new Dense(1).name());
    }

    @Test
    void inputsThatDoNotFitAreClearErrors() {
        Sequential model = tutorialModel();
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> model.call(TF.zeros(2, 28, 28, 3)));
        assertEquals("Input 0 of layer \"conv2d\" is incompatible with the layer: expected axis -1 of input shape to have value 1, "
                + "but received input with shape (2, 28, 28, 3)", e.getMessage());
        e = assertThrows(InvalidArgumentException.class, () -> model.call(TF.zeros(28, 28, 1)));
        assertEquals("Input 0 of layer \"conv2d\" is incompatible with the layer: expected ndim=4, found ndim=3. "
                + "Full shape received: (28, 28, 1)", e.getMessage());
        e = assertThrows(InvalidArgumentException.class, () -> new Conv2D(4, 3).inputShape(null, null, null).variables());
        assertTrue(e.getMessage().contains("channel dimension"), e.getMessage());
        e = assertThrows(InvalidArgumentException.class, () -> new Sequential(new Conv2D(4, 5).inputShape(3, 3, 1)).summary());
        assertTrue(e.getMessage().contains("(None, 3, 3, 1)") && e.getMessage().contains("valid"), e.getMessage());
        e = assertThrows(InvalidArgumentException.class, () -> new Sequential(new GlobalAveragePooling2D().inputShape(4, 4, 2), new Conv2D(1, 1)).summary());
        assertTrue(e.getMessage().contains("expected ndim=4, found ndim=2. Full shape received: (None, 2)"), e.getMessage());
        e = assertThrows(InvalidArgumentException.class, () -> new Conv2D(4, 3).activation("swishy"));
        assertTrue(e.getMessage().contains("'swishy'") && e.getMessage().contains("relu"), e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> new Conv2D(4, 3).padding("full"));
        assertThrows(InvalidArgumentException.class, () -> new Dropout(1.0));
        assertThrows(FailedPreconditionException.class, () -> new Dense(3).countParams());
    }
}
