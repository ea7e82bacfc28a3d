package org.tapedeck.engine.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.tapedeck.engine.backend.BinaryOp;

/**
 * The float32 elementwise loops of {@link FloatLoops} that HotSpot's C2 (JDK 17) cannot vectorise
 * by itself, on 256-bit vectors of the Vector API: the Relu gradient (a select) and arithmetic
 * with a repeated row (a bias). Like {@link VectorKernels}, this class is loaded only when
 * {@link CpuSimd} is on; each loop does the tail that does not fill a vector with the scalar loop,
 * and computes exactly what the scalar loop computes (IEEE +, -, *, / per lane; a select).
 *
 * <pre>{@code
 * if (CpuSimd.enabled()) VectorLoops.reluGrad(g, f, r, 0, r.length);
 * }</pre>
 */
final class VectorLoops {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int LANES = 8;

    private VectorLoops() {}

    /** {@code r[i] = f[i] > 0 ? g[i] : 0}: a NaN feature compares false and passes nothing. */
    static void reluGrad(float[] g, float[] f, float[] r, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (int end = to - LANES; i <= end; i += LANES) {
            VectorMask<Float> positive = FloatVector.fromArray(S, f, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, i), positive).intoArray(r, i);
        }
        FloatLoops.reluGradScalar(g, f, r, i, to);
    }

    /**
     * {@code z[i] = x[i] op row[i % m]} for {@code from <= i < to}, multiples of {@code m =
     * row.length}, which is a multiple of 8 here.
     */
    static void withRow(BinaryOp op, float[] x, float[] row, float[] z, int from, int to) {
        VectorOperators.Binary vop = switch (op) {
            case ADD -> VectorOperators.ADD;
            case SUB -> VectorOperators.SUB;
            case MUL -> VectorOperators.MUL;
            case DIV -> VectorOperators.DIV;
            default -> throw new IllegalArgumentException(op + " has no float32 loop");
        };
        int m = row.length;
        for (int off = from; off < to; off += m) {
            for (int k = 0; k < m; k += LANES) {
                FloatVector.fromArray(S, x, off + k).lanewise(vop, FloatVector.fromArray(S, row, k)).intoArray(z, off + k);
            }
        }
    }

    /** Whether {@link #withRow} takes rows of {@code m} elements. */
    static boolean takesRow(int m) { return m % LANES == 0; }
}
