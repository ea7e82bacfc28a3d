package org.tapedeck.engine.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.GradientTape;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.errors.NotFoundException;
import org.tapedeck.engine.events.ExecutionEvents;
import org.tapedeck.engine.events.ExecutionListener;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.StepEvent;
import org.tapedeck.engine.losses.MeanSquaredError;
import org.tapedeck.engine.losses.ReferenceJson;
import org.tapedeck.engine.ops.TrainingOps;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Adam against a NumPy implementation of Keras' formula, SGD against torch.optim.SGD
 * ({@code optim/optimizers.json}, from gen_optim_reference.py); the step event, the update ops,
 * the readable state and the errors.
 */
class OptimizersTest {
    private static final JsonObject REF = ReferenceJson.load("/optim/optimizers.json");

    private static double tol(DType dtype) { return dtype == DType.FLOAT64 ? 1e-11 : 2e-5; }

    private static Optimizer fromConfig(String kind, JsonObject cfg) {
        double lr = cfg.get("lr").getAsDouble();
        if (kind.equals("adam")) {
            return new Adam(lr, cfg.get("beta1").getAsDouble(), cfg.get("beta2").getAsDouble(), cfg.get("epsilon").getAsDouble());
        }
        return new SGD(lr, cfg.get("momentum").getAsDouble(), cfg.get("nesterov").getAsBoolean());
    }

    // ---- fixed gradient sequences ---------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> fixedGradientRunsMatchTheReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String kind : new String[] {"adam", "sgd"}) {
            int i = 0;
            for (JsonElement e : REF.getAsJsonArray(kind + "_fixed")) {
                JsonObject run = e.getAsJsonObject();
                for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                    String name = kind + " #" + i + " " + run.get("config") + " " + dtype;
                    tests.add(DynamicTest.dynamicTest(name, () -> checkFixedRun(kind, run, dtype, name)));
                }
                i++;
            }
        }
        return tests.stream();
    }

    private static void checkFixedRun(String kind, JsonObject run, DType dtype, String name) {
        Optimizer opt = fromConfig(kind, run.getAsJsonObject("config"));
        Variable var = new Variable(ReferenceJson.tensor(run.getAsJsonObject("var0"), dtype), "x");
        List<JsonElement> grads = run.getAsJsonArray("grads").asList();
        List<JsonElement> steps = run.getAsJsonArray("steps").asList();
        for (int t = 0; t < grads.size(); t++) {
            Tensor g = ReferenceJson.tensor(grads.get(t).getAsJsonObject(), dtype);
            opt.applyGradients(List.of(g), List.of(var));
            assertEquals(t + 1, opt.iterations());
            JsonObject expected = steps.get(t).getAsJsonObject();
            String at = name + " step " + (t + 1);
            ReferenceJson.assertClose(expected.getAsJsonObject("var"), var.peek(), tol(dtype), tol(dtype), at + " var");
            for (String slot : opt.getSlotNames()) {
                Tensor s = opt.getSlot(var, slot);
                assertEquals(dtype, s.dtype(), at + " slot " + slot + " dtype");
                ReferenceJson.assertClose(expected.getAsJsonObject(slot), s, tol(dtype), tol(dtype) * 1e-2, at + " slot " + slot);
            }
            assertEquals(expected.keySet().size() - 1, opt.getSlotNames().size(), at + ": slots " + opt.getSlotNames());
        }
    }

    // ---- a small problem, gradients from the tape ---------------------------------------------

    @TestFactory
    Stream<DynamicTest> leastSquaresRunsMatchTheReference() {
        JsonObject problem = REF.getAsJsonObject("problem");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement e : REF.getAsJsonArray("runs")) {
            JsonObject run = e.getAsJsonObject();
            String name = run.get("optimizer").getAsString() + " " + run.get("config");
            tests.add(DynamicTest.dynamicTest(name, () -> checkProblemRun(problem, run, name)));
        }
        return tests.stream();
    }

    private static void checkProblemRun(JsonObject problem, JsonObject run, String name) {
        DType f64 = DType.FLOAT64;
        Tensor x = ReferenceJson.tensor(problem.getAsJsonObject("x"), f64);
        Tensor y = ReferenceJson.tensor(problem.getAsJsonObject("y"), f64);
        Variable w = new Variable(ReferenceJson.tensor(problem.getAsJsonObject("w0"), f64), "w");
        Variable b = new Variable(ReferenceJson.tensor(problem.getAsJsonObject("b0"), f64), "b");
        Optimizer opt = fromConfig(run.get("optimizer").getAsString(), run.getAsJsonObject("config"));
        MeanSquaredError mse = new MeanSquaredError();
        List<Variable> vars = List.of(w, b);
        int steps = run.get("steps").getAsInt();
        double[] losses = new double[steps];
        for (int s = 0; s < steps; s++) {
            List<Tensor> grads;
            try (GradientTape tape = new GradientTape()) {
                Tensor loss = mse.call(y, TF.add(TF.matmul(x, w), b));
                losses[s] = loss.doubleValue();
                grads = tape.gradient(loss, vars);
            }
            opt.applyGradients(grads, vars);
        }
        double[] expectedLoss = run.getAsJsonArray("loss").asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
        ReferenceJson.assertClose(expectedLoss, losses, 1e-10, 1e-12, name + " loss history");
        ReferenceJson.assertClose(run.getAsJsonObject("w"), w.peek(), 1e-10, 1e-12, name + " final w");
        ReferenceJson.assertClose(run.getAsJsonObject("b"), b.peek(), 1e-10, 1e-12, name + " final b");
    }

    // ---- events and ops -----------------------------------------------------------------------

    /** Records step events and the names of the ops run. */
    private static final class Recorder implements ExecutionListener {
        final List<StepEvent> steps = new ArrayList<>();
        final List<OpEvent> ops = new ArrayList<>();
        final List<double[]> valueAtStepEnd = new ArrayList<>();
        Variable watched;

        @Override
        public void afterOp(OpEvent event) { ops.add(event); }

        @Override
        public void onStepEnded(StepEvent event) {
            steps.add(event);
            if (watched != null) valueAtStepEnd.add(watched.peek().toDoubleArray());
        }

        List<OpEvent> named(String name) { return ops.stream().filter(o -> o.opName().equals(name)).toList(); }
    }

    @Test
    void eachStepEmitsAStepEventAfterTheVariablesChanged() {
        Variable a = new Variable(TF.constant(new float[] {1, 2}), "a");
        Variable b = new Variable(TF.constant(new float[] {3}), "b");
        Adam adam = new Adam();
        Recorder rec = new Recorder();
        rec.watched = a;
        try (var reg = ExecutionEvents.addListener(rec)) {
            adam.applyGradients(List.of(TF.ones(2), TF.ones(1)), List.of(a, b));
            adam.applyGradients(Arrays.asList(TF.ones(2), null), List.of(a, b));
        }
        assertEquals(List.of(new StepEvent("Adam", 1, 2), new StepEvent("Adam", 2, 1)), rec.steps);
        assertArrayEquals(a.peek().toDoubleArray(), rec.valueAtStepEnd.get(1), "the event comes after the update");
        assertEquals(2, adam.iterations());
    }

    @Test
    void adamRunsAsOneResourceApplyAdamOpPerVariable() {
        Variable a = new Variable(TF.constant(new float[] {1, 2}), "a");
        Variable b = new Variable(TF.constant(new float[][] {{3}}), "b");
        Adam adam = new Adam(0.01);
        adam.applyGradients(List.of(TF.ones(2), TF.ones(1, 1)), List.of(a, b));
        Recorder rec = new Recorder();
        try (var reg = ExecutionEvents.addListener(rec)) {
            adam.applyGradients(List.of(TF.ones(2), TF.ones(1, 1)), List.of(a, b));
        }
        List<OpEvent> applies = rec.named("ResourceApplyAdam");
        assertEquals(2, applies.size(), "ops seen: " + rec.ops);
        OpEvent first = applies.get(0);
        assertEquals(4, first.inputs().size(), "var, m, v, grad");
        assertSame(a.peek().buffer(), first.output().buffer(), "the op's output is the variable's new value");
        assertEquals(0.01, first.attributes().get("lr"));
        assertEquals(0.9 * 0.9, (double) first.attributes().get("beta1_power"), 1e-15);
        assertEquals(0.999 * 0.999, (double) first.attributes().get("beta2_power"), 1e-15);
        assertEquals(1e-7, first.attributes().get("epsilon"));
        assertSame(adam.getSlot(a, "m"), adam.slots(a).get("m"));
    }

    @Test
    void sgdRunsAsTrainingOps() {
        Variable a = new Variable(TF.constant(new float[] {1, 2}), "a");
        Recorder rec = new Recorder();
        try (var reg = ExecutionEvents.addListener(rec)) {
            new SGD(0.5).applyGradients(List.of(TF.ones(2)), List.of(a));
            new SGD(0.5, 0.9, true).applyGradients(List.of(TF.ones(2)), List.of(a));
        }
        assertEquals(1, rec.named("ResourceApplyGradientDescent").size(), "ops seen: " + rec.ops);
        assertEquals(1, rec.named("ResourceApplyKerasMomentum").size(), "ops seen: " + rec.ops);
        // 1 - 0.5 = 0.5; then velocity = -0.5, var += 0.9 * -0.5 - 0.5
        assertArrayEquals(new float[] {-0.45f, 0.55f}, a.peek().toFloatArray(), 1e-6f);
    }

    @Test
    void updatesAreNotRecordedOnAnOpenTape() {
        Variable w = new Variable(TF.constant(new double[] {1, 2}), "w");
        try (GradientTape tape = new GradientTape(true)) {
            Tensor loss = TF.reduceSum(TF.square(w));
            int recorded = tape.nodes().size();
            Tensor g = tape.gradient(loss, w);
            new Adam().applyGradients(List.of(g), List.of(w));
            assertEquals(recorded, tape.nodes().size(), "the update added tape nodes: " + tape.nodes());
        }
    }

    // ---- state ----------------------------------------------------------------------------------

    @Test
    void slotsAreReadableByName() {
        Variable w = new Variable(TF.constant(new double[] {1, -1}), "w");
        Variable unused = new Variable(TF.constant(new double[] {5}), "unused");
        Adam adam = new Adam(0.1);
        assertEquals(List.of("m", "v"), adam.getSlotNames());
        assertEquals(List.of(), adam.variables());
        assertTrue(adam.slots(w).isEmpty());
        adam.applyGradients(Arrays.asList(TF.constant(new double[] {2, -4}), null), List.of(w, unused));
        assertEquals(List.of(w), adam.variables());
        assertEquals(List.of("m", "v"), List.copyOf(adam.slots(w).keySet()));
        // First step: m = 0.1 g, v = 0.001 g^2.
        assertArrayEquals(new double[] {0.2, -0.4}, adam.getSlot(w, "m").toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0.004, 0.016}, adam.getSlot(w, "v").toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {5}, unused.peek().toDoubleArray(), "a null gradient leaves the variable alone");
        assertTrue(adam.slots(unused).isEmpty());
        String noSlot = assertThrows(NotFoundException.class, () -> adam.getSlot(w, "momentum")).getMessage();
        assertTrue(noSlot.contains("momentum") && noSlot.contains("[m, v]") && noSlot.contains("'w'"), noSlot);
        String noVar = assertThrows(NotFoundException.class, () -> adam.getSlot(unused, "m")).getMessage();
        assertTrue(noVar.contains("'unused'"), noVar);
        assertEquals(List.of("momentum"), new SGD(0.1, 0.9, false).getSlotNames());
        assertEquals(List.of(), new SGD().getSlotNames());
    }

    @Test
    void configHasKerasDefaults() {
        assertEquals("{name=Adam, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1.0E-7}", new Adam().getConfig().toString());
        assertEquals("{name=SGD, learning_rate=0.01, momentum=0.0, nesterov=false}", new SGD().getConfig().toString());
        assertEquals(0.001, new Adam().learningRate());
    }

    @Test
    void learningRateCanChangeBetweenSteps() {
        Variable w = new Variable(TF.constant(new double[] {1}), "w");
        SGD sgd = new SGD(0.5);
        sgd.applyGradients(List.of(TF.constant(new double[] {1})), List.of(w));
        sgd.setLearningRate(0.25);
        sgd.applyGradients(List.of(TF.constant(new double[] {1})), List.of(w));
        assertEquals(0.25, w.peek().doubleValue(), 1e-15);
        assertEquals(0.25, sgd.learningRate());
    }

    @Test
    void runsAreReproducible() {
        double[][] results = new double[2][];
        for (int r = 0; r < 2; r++) {
            Variable w = new Variable(TF.constant(new float[] {0.5f, -1.5f, 2f}), "w");
            Adam adam = new Adam(0.01);
            for (int s = 0; s < 20; s++) {
                Tensor g = TF.random.normal(org.tapedeck.engine.tensor.Shape.of(3), 0, 1, DType.FLOAT32, 100L + s);
                adam.applyGradients(List.of(g), List.of(w));
            }
            results[r] = w.peek().toDoubleArray();
        }
        assertArrayEquals(results[0], results[1]);
    }

    // ---- errors ---------------------------------------------------------------------------------

    private static String message(Runnable r) {
        return assertThrows(InvalidArgumentException.class, r::run).getMessage();
    }

    @Test
    void mismatchedGradientsAreClearErrorsAndChangeNothing() {
        Variable ok = new Variable(TF.constant(new float[] {1, 2}), "dense/bias");
        Variable kernel = new Variable(TF.zeros(2, 3), "dense/kernel");
        Adam adam = new Adam();
        String shape = message(() -> adam.applyGradients(List.of(TF.ones(2), TF.ones(3, 2)), List.of(ok, kernel)));
        assertTrue(shape.contains("Adam") && shape.contains("'dense/kernel'") && shape.contains("(3, 2)") && shape.contains("(2, 3)"), shape);
        String dtype = message(() -> adam.applyGradients(List.of(TF.ones(DType.FLOAT64, 2)), List.of(ok)));
        assertTrue(dtype.contains("'dense/bias'") && dtype.contains("float64") && dtype.contains("float32"), dtype);
        assertArrayEquals(new float[] {1, 2}, ok.peek().toFloatArray(), "nothing is updated when a pair is bad");
        assertEquals(0, adam.iterations());
        assertTrue(adam.variables().isEmpty());
    }

    @Test
    void trainingOpsCheckTheirInputs() {
        Tensor var = TF.zeros(2, 3);
        String m = message(() -> TrainingOps.applyAdam(var, TF.zeros(2, 3), TF.zeros(3, 2), TF.zeros(2, 3), 0.1, 0.9, 0.999, 0.9, 0.999, 1e-7));
        assertTrue(m.contains("ResourceApplyAdam") && m.contains("v must match var") && m.contains("(3, 2)"), m);
        String power = message(() -> TrainingOps.applyAdam(var, var, var, var, 0.1, 1.0, 0.999, 0.9, 0.999, 1e-7));
        assertTrue(power.contains("beta1_power"), power);
        String dtype = message(() -> TrainingOps.applyGradientDescent(var, TF.zeros(DType.FLOAT64, 2, 3), 0.1));
        assertTrue(dtype.contains("ResourceApplyGradientDescent") && dtype.contains("float64"), dtype);
        String ints = message(() -> TrainingOps.applyKerasMomentum(TF.zeros(DType.INT32, 1), TF.zeros(DType.INT32, 1),
                TF.zeros(DType.INT32, 1), 0.1, 0.9, false));
        assertTrue(ints.contains("ResourceApplyKerasMomentum") && ints.contains("int32"), ints);
    }

    @Test
    void noGradientAtAllIsAnError() {
        Variable a = new Variable(TF.ones(1), "a");
        Variable b = new Variable(TF.ones(1), "b");
        String m = message(() -> new SGD().applyGradients(Arrays.asList(null, null), List.of(a, b)));
        assertTrue(m.contains("no gradients") && m.contains("[a, b]"), m);
    }

    @Test
    void otherBadCallsAreClearErrors() {
        Variable a = new Variable(TF.ones(1), "a");
        String twice = message(() -> new SGD().applyGradients(List.of(TF.ones(1), TF.ones(1)), List.of(a, a)));
        assertTrue(twice.contains("'a'") && twice.contains("twice"), twice);
        String count = message(() -> new SGD().applyGradients(List.of(TF.ones(1)), List.of(a, a)));
        assertTrue(count.contains("1 gradients for 2 variables"), count);
        Variable ints = new Variable(TF.constant(new int[] {1}), "counter");
        String integer = message(() -> new SGD().applyGradients(List.of(TF.constant(new int[] {1})), List.of(ints)));
        assertTrue(integer.contains("'counter'") && integer.contains("int32"), integer);
        assertTrue(message(() -> new Adam(0.001, 1.0, 0.999, 1e-7)).contains("beta_1"));
        assertTrue(message(() -> new SGD(0.1, 1.5, false)).contains("momentum"));
        assertTrue(message(() -> new SGD(Double.NaN)).contains("learning rate"));
        assertFalse(message(() -> new Adam(-1)).isEmpty());
    }
}
