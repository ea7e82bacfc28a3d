package org.tapedeck.engine.ops;

import static org.tapedeck.engine.ops.OpSupport.sumToShape;

import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** Matrix products. */
public final class LinalgOps {
    private LinalgOps() {}

    static final OpDef MATMUL = OpDef.of("BatchMatMulV2", (backend, in, attrs) -> {
        boolean ta = attrs.bool("adj_x");
        boolean tb = attrs.bool("adj_y");
        return backend.matmul(in[0], in[1], ta, tb, outShape(in[0], in[1], ta, tb));
    }, LinalgOps::matmulGrad);

    // With C = op(A) op(B), dA and dB are products of the upstream gradient with the other
    // operand, transposed so that each lines up with its input (TensorFlow's MatMul gradient).
    private static Tensor[] matmulGrad(org.tapedeck.engine.autograd.TapeNode n, Tensor g, boolean[] need) {
        Tensor a = n.input(0);
        Tensor b = n.input(1);
        boolean ta = n.attrs().bool("adj_x");
        boolean tb = n.attrs().bool("adj_y");
        Tensor ga = null;
        Tensor gb = null;
        if (need[0]) {
            ga = !ta ? matmul(g, b, false, !tb) : (!tb ? matmul(b, g, false, true) : matmul(b, g, true, true));
            ga = sumToShape(ga, a.shape());
        }
        if (need[1]) {
            gb = !tb ? (!ta ? matmul(a, g, true, false) : matmul(a, g, false, false)) : (!ta ? matmul(g, a, true, false) : matmul(g, a, true, true));
            gb = sumToShape(gb, b.shape());
        }
        return new Tensor[] {ga, gb};
    }

    private static Shape outShape(Tensor a, Tensor b, boolean ta, boolean tb) {
        int ra = a.rank();
        int rb = b.rank();
        int m = a.shape().dim(ta ? ra - 1 : ra - 2);
        int ka = a.shape().dim(ta ? ra - 2 : ra - 1);
        int kb = b.shape().dim(tb ? rb - 1 : rb - 2);
        int n = b.shape().dim(tb ? rb - 2 : rb - 1);
        if (ka != kb) {
            throw new InvalidArgumentException("MatMul: inner dimensions do not match: a has shape " + a.shape() + ", b has shape "
                    + b.shape() + " (transpose_a=" + ta + ", transpose_b=" + tb + "): " + ka + " vs " + kb);
        }
        int[] da = a.shape().dims();
        int[] db = b.shape().dims();
        Shape batchA = Shape.of(java.util.Arrays.copyOf(da, ra - 2));
        Shape batchB = Shape.of(java.util.Arrays.copyOf(db, rb - 2));
        Shape batch;
        try {
            batch = OpSupport.broadcastShapes("MatMul", batchA, batchB);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("MatMul: batch dimensions of " + a.shape() + " and " + b.shape() + " cannot be broadcast");
        }
        int[] out = java.util.Arrays.copyOf(batch.dims(), batch.rank() + 2);
        out[batch.rank()] = m;
        out[batch.rank() + 1] = n;
        return Shape.of(out);
    }

    /**
     * {@code op(a) @ op(b)} over the last two dims, where op transposes when asked; leading dims
     * are batch dims and broadcast. Both inputs need rank >= 2 and one numeric dtype.
     */
    public static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        if (a.rank() < 2 || b.rank() < 2) {
            throw new InvalidArgumentException("MatMul: both inputs need rank >= 2, got shapes " + a.shape() + " and " + b.shape());
        }
        OpSupport.requireSameDType("MatMul", a, b);
        if (a.dtype().isBool() || a.dtype() == org.tapedeck.engine.tensor.DType.UINT8) {
            throw new InvalidArgumentException("MatMul: dtype " + a.dtype() + " is not supported; use float32, float64, int32 or int64");
        }
        return Exec.run(MATMUL, Attrs.of("adj_x", transposeA, "adj_y", transposeB), a, b);
    }
}
