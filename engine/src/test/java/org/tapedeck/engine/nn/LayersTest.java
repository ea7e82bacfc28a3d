package org.tapedeck.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tapedeck.engine.nn.ReferenceCases.assertClose;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.GradientTape;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/** Flatten, MaxPooling2D, Dropout, activations, and a float64 gradient check through a small model. */
class LayersTest {

    @BeforeEach
    void freshNames() { Layer.clearSession(); }

    @Test
    void flatten() {
        Flatten f = new Flatten();
        assertEquals(Shape.of(2, 60), f.call(TF.zeros(2, 3, 4, 5)).shape());
        assertEquals(PartialShape.of(null, 60), f.outputShape());
        assertEquals(PartialShape.of(null, null), f.computeOutputShape(PartialShape.of(null, null, 4)));
        assertEquals(Shape.of(3, 1), new Flatten().call(TF.zeros(3)).shape());
        Tensor x = TF.reshape(TF.range(24), 2, 3, 4);
        assertArrayEquals(x.toIntArray(), f.call(TF.cast(x, DType.FLOAT32)).toIntArray());
    }

    @Test
    void maxPooling2d() {
        Tensor x = TF.random.normal(2, 7, 6, 3);
        assertClose(TF.nn.maxPool2d(x, 2, 2, "VALID"), new MaxPooling2D().call(x), 0, 0, "default 2x2");
        MaxPooling2D pool = new MaxPooling2D(3).strides(2).padding("same");
        assertClose(TF.nn.maxPool2d(x, 3, 2, "SAME"), pool.call(x), 0, 0, "3x3 stride 2 same");
        assertEquals(PartialShape.of(null, 4, 3, 3), pool.outputShape());
        assertEquals(PartialShape.of(null, null, 4, 3), pool.computeOutputShape(PartialShape.of(null, null, 8, 3)));
        assertEquals(0, pool.countParams());
    }

    @Test
    void dropoutOnlyWhileTraining() {
        Tensor x = TF.add(TF.random.uniform(50, 40), 1.0);
        Dropout drop = new Dropout(0.25).seed(3);
        assertSame(x, drop.call(x, false));
        float[] in = x.toFloatArray();
        float[] out = drop.call(x, true).toFloatArray();
        int dropped = 0;
        for (int i = 0; i < in.length; i++) {
            if (out[i] == 0) dropped++;
            else assertEquals(in[i] / 0.75f, out[i], 1e-6f);
        }
        // 2000 draws with p = 0.25: 500 expected, standard deviation about 19.
        assertTrue(dropped > 400 && dropped < 600, dropped + " of 2000 dropped");
        assertFalse(java.util.Arrays.equals(out, drop.call(x, true).toFloatArray()), "each call draws a new mask");
        assertArrayEquals(out, new Dropout(0.25).seed(3).call(x, true).toFloatArray(), "same seed, same first mask");
        assertSame(x, new Dropout(0).call(x, true));
    }

    @Test
    void dropoutGradientIsTheScaledMask() {
        Tensor x = TF.random.normal(Shape.of(8, 8), 0, 1, DType.FLOAT64, 5L);
        Tensor y;
        Tensor g;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            y = new Dropout(0.5).seed(1).call(x, true);
            g = tape.gradient(TF.reduceSum(y), x);
        }
        double[] yv = y.toDoubleArray();
        double[] gv = g.toDoubleArray();
        for (int i = 0; i < yv.length; i++) assertEquals(yv[i] == 0 ? 0 : 2, gv[i], 1e-12);
    }

    @Test
    void activationsByName() {
        Tensor x = TF.constant(new float[] {-2, 0, 3});
        assertArrayEquals(new float[] {0, 0, 3}, Activations.get("relu").apply(x).toFloatArray());
        assertSame(x, Activations.get("linear").apply(x));
        assertSame(x, Activations.get(null).apply(x));
        assertArrayEquals(TF.tanh(x).toFloatArray(), Activations.get("tanh").apply(x).toFloatArray());
        assertArrayEquals(TF.sigmoid(x).toFloatArray(), Activations.get("sigmoid").apply(x).toFloatArray());
        assertArrayEquals(TF.softmax(x).toFloatArray(), Activations.get("softmax").apply(x).toFloatArray());
        assertThrows(InvalidArgumentException.class, () -> Activations.get("gelu"));
        Dense d = new Dense(3).activation("softmax").seed(2);
        float[] p = d.call(TF.random.normal(4, 5)).toFloatArray();
        assertEquals(1f, p[0] + p[1] + p[2], 1e-6f);
    }

    @Test
    void gradientsThroughLayersMatchFiniteDifferences() {
        Sequential model = new Sequential(
                new Conv2D(3, 3).strides(2).padding("same").activation("tanh").dtype(DType.FLOAT64).seed(1),
                new MaxPooling2D(2).padding("same"),
                new Flatten(),
                new Dense(4).activation("sigmoid").dtype(DType.FLOAT64).seed(2));
        Tensor x = TF.random.normal(Shape.of(2, 7, 6, 2), 0, 1, DType.FLOAT64, 9L);
        model.call(x);
        List<Variable> vars = model.trainableVariables();
        List<Tensor> values = new ArrayList<>();
        values.add(x);
        for (Variable v : vars) values.add(v.peek());
        // f(x, weights...) runs the model with the given weight values. For the tape's pass the
        // values are the variables' own tensors (assigning a variable its current tensor keeps
        // that very object), so the tape links the variable reads to the watched inputs.
        GradientCheck.check("Conv2D/MaxPooling2D/Flatten/Dense", in -> {
            for (int i = 0; i < vars.size(); i++) vars.get(i).assign(in.get(i + 1));
            return TF.reduceSum(TF.square(model.call(in.get(0), true)));
        }, values, 1e-6);
    }
}
