package org.tapedeck.engine.backend.cuda;

import java.util.SplittableRandom;

import org.tapedeck.engine.backend.Backend;
import org.tapedeck.engine.backend.BinaryOp;
import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.backend.MemoryScope;
import org.tapedeck.engine.backend.ReduceOp;
import org.tapedeck.engine.backend.UnaryOp;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * The tutorial's MNIST model written directly against one {@link Backend}, forward and backward by
 * hand, so that a whole training step runs on the GPU even before the conv ops and layers exist
 * above the backend: x/255 [N, 28, 28, 1] -> Conv2D(16, 3x3, valid) + relu -> Conv2D(16, 3x3,
 * valid) + relu -> global average pooling -> Dense(10) logits; mean sparse softmax cross-entropy;
 * Adam (lr 1e-3, Keras' defaults). Parameters and Adam slots are {@link Variable}s, so they
 * outlive each step's {@code MemoryScope} and what they replace dies with it.
 *
 * <pre>{@code
 * TutorialModel model = new TutorialModel(backend, 0);
 * float loss = model.step(images, labels).floatValue();
 * }</pre>
 */
final class TutorialModel {
    static final int CLASSES = 10;

    private final Backend b;
    private final Variable[] params = new Variable[6];   // w1 b1 w2 b2 w3 b3
    private final Variable[] m = new Variable[6];
    private final Variable[] v = new Variable[6];
    private final Shape[] shapes = {
        Shape.of(3, 3, 1, 16), Shape.of(16), Shape.of(3, 3, 16, 16), Shape.of(16), Shape.of(16, CLASSES), Shape.of(CLASSES)};
    private final Tensor classes;
    private int steps;
    /** The gradients of the last step, for tests. */
    Tensor[] lastGradients;

    /** Glorot-uniform kernels and zero biases from {@code seed}, on {@code backend}'s device. */
    TutorialModel(Backend backend, long seed) {
        this.b = backend;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < params.length; i++) {
            Shape s = shapes[i];
            float[] init = new float[s.size()];
            if (s.rank() > 1) {
                int receptive = s.rank() == 4 ? s.dim(0) * s.dim(1) : 1;
                double fanIn = receptive * s.dim(-2);
                double fanOut = receptive * s.dim(-1);
                double limit = Math.sqrt(6 / (fanIn + fanOut));
                for (int k = 0; k < init.length; k++) init[k] = (float) r.nextDouble(-limit, limit);
            }
            params[i] = new Variable(b.fromHost(s, new HostBuffer.F32(init)), "param" + i);
            m[i] = new Variable(b.fill(DType.FLOAT32, s, 0), "m" + i);
            v[i] = new Variable(b.fill(DType.FLOAT32, s, 0), "v" + i);
        }
        classes = MemoryScope.keep(b.fromHost(Shape.of(CLASSES), new HostBuffer.I32(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})));
    }

    Tensor param(int i) { return params[i].peek(); }

    /** Replaces parameter {@code i} (for finite-difference checks). */
    void setParam(int i, Tensor value) { params[i].assign(value); }

    private Tensor scalar(double value) { return b.fill(DType.FLOAT32, Shape.scalar(), value); }

    private static Tensor reshape(Tensor t, int... dims) { return Tensor.wrap(Shape.of(dims), t.buffer()); }

    /**
     * One training step on uint8 images [N, 28, 28, 1] and int32 labels [N] already on the device;
     * returns the loss (shape [1, 1]).
     */
    Tensor step(Tensor imagesU8, Tensor labels) { return run(imagesU8, labels, true); }

    /** The loss alone, parameters untouched. */
    Tensor loss(Tensor imagesU8, Tensor labels) { return run(imagesU8, labels, false); }

    private Tensor run(Tensor imagesU8, Tensor labels, boolean train) {
        int n = imagesU8.shape().dim(0);
        Tensor x = b.binary(BinaryOp.MUL, b.cast(imagesU8, DType.FLOAT32), scalar(1 / 255.0), imagesU8.shape());
        Tensor w1 = param(0), b1 = param(1), w2 = param(2), b2 = param(3), w3 = param(4), b3 = param(5);
        // forward
        Shape s1 = Shape.of(n, 26, 26, 16);
        Shape s2 = Shape.of(n, 24, 24, 16);
        Tensor z1 = b.binary(BinaryOp.ADD, b.conv2d(x, w1, 1, 1, 0, 0, s1), b1, s1);
        Tensor a1 = b.unary(UnaryOp.RELU, z1);
        Tensor z2 = b.binary(BinaryOp.ADD, b.conv2d(a1, w2, 1, 1, 0, 0, s2), b2, s2);
        Tensor a2 = b.unary(UnaryOp.RELU, z2);
        Tensor pooled = reshape(b.binary(BinaryOp.MUL, b.reduce(ReduceOp.SUM, a2, new int[] {1, 2}), scalar(1 / 576.0),
                Shape.of(n, 1, 1, 16)), n, 16);
        Shape sl = Shape.of(n, CLASSES);
        Tensor logits = b.binary(BinaryOp.ADD, b.matmul(pooled, w3, false, false, sl), b3, sl);
        // log-softmax and the mean cross-entropy against one-hot labels
        Tensor shifted = b.binary(BinaryOp.SUB, logits, b.reduce(ReduceOp.MAX, logits, new int[] {1}), sl);
        Tensor logSum = b.unary(UnaryOp.LOG, b.reduce(ReduceOp.SUM, b.unary(UnaryOp.EXP, shifted), new int[] {1}));
        Tensor logp = b.binary(BinaryOp.SUB, shifted, logSum, sl);
        Tensor oneHot = b.cast(b.binary(BinaryOp.EQUAL, reshape(labels, n, 1), classes, sl), DType.FLOAT32);
        Tensor loss = b.binary(BinaryOp.MUL, b.reduce(ReduceOp.SUM, b.binary(BinaryOp.MUL, oneHot, logp, sl), new int[] {0, 1}),
                scalar(-1.0 / n), Shape.of(1, 1));
        if (!train) return loss;
        // backward
        Tensor dLogits = b.binary(BinaryOp.MUL, b.binary(BinaryOp.SUB, b.unary(UnaryOp.EXP, logp), oneHot, sl), scalar(1.0 / n), sl);
        Tensor dw3 = b.matmul(pooled, dLogits, true, false, Shape.of(16, CLASSES));
        Tensor db3 = reshape(b.reduce(ReduceOp.SUM, dLogits, new int[] {0}), CLASSES);
        Tensor dPooled = b.matmul(dLogits, w3, false, true, Shape.of(n, 16));
        Tensor da2 = b.broadcastTo(b.binary(BinaryOp.MUL, reshape(dPooled, n, 1, 1, 16), scalar(1 / 576.0), Shape.of(n, 1, 1, 16)), s2);
        Tensor dz2 = b.reluGrad(da2, z2);
        Tensor dw2 = b.conv2dBackpropFilter(a1, dz2, 1, 1, 0, 0, shapes[2]);
        Tensor db2 = reshape(b.reduce(ReduceOp.SUM, dz2, new int[] {0, 1, 2}), 16);
        Tensor da1 = b.conv2dBackpropInput(dz2, w2, 1, 1, 0, 0, s1);
        Tensor dz1 = b.reluGrad(da1, z1);
        Tensor dw1 = b.conv2dBackpropFilter(x, dz1, 1, 1, 0, 0, shapes[0]);
        Tensor db1 = reshape(b.reduce(ReduceOp.SUM, dz1, new int[] {0, 1, 2}), 16);
        lastGradients = new Tensor[] {dw1, db1, dw2, db2, dw3, db3};
        // Adam, Keras' formula
        steps++;
        double alpha = 1e-3 * Math.sqrt(1 - Math.pow(0.999, steps)) / (1 - Math.pow(0.9, steps));
        for (int i = 0; i < params.length; i++) {
            Tensor[] next = b.adamUpdate(params[i].peek(), m[i].peek(), v[i].peek(), lastGradients[i], alpha, 0.9, 0.999, 1e-7);
            params[i].assign(next[0]);
            m[i].assign(next[1]);
            v[i].assign(next[2]);
        }
        return loss;
    }

    /**
     * A learnable stand-in for MNIST batches: images of class k are noise with a bright band of
     * rows at 2k..2k+4, so the loss falls when training works.
     */
    static final class Batches {
        private final SplittableRandom r;
        private final int n;

        Batches(long seed, int batch) {
            this.r = new SplittableRandom(seed);
            this.n = batch;
        }

        /** {images uint8 [N, 28, 28, 1], labels int32 [N]} on the host. */
        HostBuffer[] next() {
            byte[] px = new byte[n * 28 * 28];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                int k = r.nextInt(CLASSES);
                labels[i] = k;
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        boolean band = y >= 2 * k + 2 && y < 2 * k + 6;
                        px[(i * 28 + y) * 28 + x] = (byte) (band ? 160 + r.nextInt(96) : r.nextInt(60));
                    }
                }
            }
            return new HostBuffer[] {HostBuffer.wrap(px), new HostBuffer.I32(labels)};
        }

        int size() { return n; }
    }
}
