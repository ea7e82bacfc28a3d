package org.tapedeck.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.backend.Backend;
import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The hand-written backward pass of {@link TutorialModel} (which the GPU tests and the benchmark
 * rely on) against central differences of its loss, on the CPU reference; no GPU needed.
 */
class TutorialModelTest {

    @Test
    void handWrittenGradientsMatchFiniteDifferences() {
        Backend ref = ReferenceBackend.create();
        TutorialModel model = new TutorialModel(ref, 3);
        HostBuffer[] batch = new TutorialModel.Batches(5, 2).next();
        Tensor images = Tensor.wrap(Shape.of(2, 28, 28, 1), batch[0]);
        Tensor labels = Tensor.wrap(Shape.of(2), batch[1]);
        Tensor[] params = new Tensor[6];
        for (int i = 0; i < 6; i++) params[i] = model.param(i);
        model.step(images, labels);       // computes the gradients at the initial parameters
        Tensor[] grads = model.lastGradients;
        for (int i = 0; i < 6; i++) model.setParam(i, params[i]);
        double eps = 1e-2;
        for (int p = 0; p < 6; p++) {
            float[] base = params[p].toFloatArray();
            float[] g = grads[p].toFloatArray();
            for (int k : new int[] {0, base.length / 2, base.length - 1}) {
                double plus = lossWith(model, p, base, k, eps, images, labels);
                double minus = lossWith(model, p, base, k, -eps, images, labels);
                double numeric = (plus - minus) / (2 * eps);
                assertEquals(numeric, g[k], 2e-3 + 0.05 * Math.abs(numeric), "d loss / d param" + p + "[" + k + "]");
            }
            model.setParam(p, params[p]);
        }
    }

    private static double lossWith(TutorialModel model, int p, float[] base, int k, double delta, Tensor images, Tensor labels) {
        float[] v = base.clone();
        v[k] += (float) delta;
        model.setParam(p, Tensor.wrap(model.param(p).shape(), new HostBuffer.F32(v)));
        return model.loss(images, labels).doubleValue();
    }

    @Test
    void trainingOnTheLearnableBatchesLowersTheLoss() {
        TutorialModel model = new TutorialModel(ReferenceBackend.create(), 0);
        TutorialModel.Batches batches = new TutorialModel.Batches(1, 4);
        double first = 0;
        double last = 0;
        for (int step = 1; step <= 20; step++) {
            HostBuffer[] b = batches.next();
            double loss = model.step(Tensor.wrap(Shape.of(4, 28, 28, 1), b[0]), Tensor.wrap(Shape.of(4), b[1])).doubleValue();
            if (step <= 5) first += loss / 5;
            if (step > 15) last += loss / 5;
        }
        assertTrue(last < first, "mean loss of steps 1-5 " + first + ", of steps 16-20 " + last);
    }
}
