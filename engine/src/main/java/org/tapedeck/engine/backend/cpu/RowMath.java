package org.tapedeck.engine.backend.cpu;

import java.util.Arrays;

import org.tapedeck.engine.tensor.DType;

/**
 * The inner loops of the CPU's matrix-product kernels, for one floating dtype: float32 on
 * {@code float[]}, float64 on {@code double[]}. Everything else in those kernels (walking windows,
 * splitting into blocks and across threads) is written once, over {@code Object} arrays.
 *
 * <p>Matrices come in two forms. A <em>flat</em> matrix is one array, row-major with a row stride.
 * A <em>rows</em> matrix is an {@code Object[]} of separate arrays ({@code float[][]} or
 * {@code double[][]}), each row starting at index 0, possibly longer than the length in use.
 * NOTE: HotSpot's C2 (JDK 17) vectorises a loop over several arrays only when it can prove their
 * elements do not overlap across iterations; it manages that when every array is indexed by the same
 * expression, but not for {@code c[cOff + u] += a * b[bOff + u]} with unrelated offsets, which then
 * runs one element at a time (measured 1 GMAC/s against 10 for the same loop at offset 0). So the
 * long loops here index rows at 0; flat matrices are only read one element at a time.
 *
 * <pre>{@code
 * RowMath m = RowMath.of(DType.FLOAT32);
 * Object[] c = m.newRows(2, 3);                           // a 2 x 3 zero matrix
 * m.multiplyAdd(c, 2, a, 0, 4, 1, b, 4, 3);               // c += a (2 x 4, flat) times b (4 rows of 3)
 * }</pre>
 */
abstract sealed class RowMath permits RowMath.F32, RowMath.F64 {

    private static final RowMath F32 = new F32();
    private static final RowMath F64 = new F64();

    /** The loops for a floating dtype. */
    static RowMath of(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> F32;
            case FLOAT64 -> F64;
            default -> throw new IllegalArgumentException("no matrix kernels for " + dtype);
        };
    }

    /** {@code count} zero rows of {@code len} elements. */
    abstract Object[] newRows(int count, int len);

    /** A zero row of {@code len} elements. */
    abstract Object newRow(int len);

    /** Whether {@code rows} holds this dtype's rows. */
    abstract boolean owns(Object[] rows);

    /** {@code rows[i][u] = 0} for {@code i < count, u < len}. */
    abstract void zero(Object[] rows, int count, int len);

    /**
     * {@code c[i][u] += sum_p A(i, p) * b[p][u]} for {@code i < rows, p < depth, u < len}, where
     * {@code A(i, p) = a[aOff + i * aRow + p * aCol]} is read from a flat array. NOTE: depth is
     * walked four rows of {@code b} at a time, and each group is added to every row of {@code c}
     * before the next: four products per pass over a row of {@code c}, with the four rows of
     * {@code b} staying in L1. Measured on the tutorial's shapes: about 20 GMAC/s on one core,
     * against 15 with the loops the other way round; eight rows at a time do not vectorise.
     */
    abstract void multiplyAdd(Object[] c, int rows, Object a, int aOff, int aRow, int aCol, Object[] b, int depth, int len);

    /**
     * {@code dst[to + u] = src[from + u * stride]} for {@code u < len}. NOTE: with stride 1 it is
     * {@code System.arraycopy} on typed arrays, which HotSpot runs about twice as fast as on
     * {@code Object} ones for the short runs of im2col.
     */
    abstract void copy(Object src, int from, int stride, Object dst, int to, int len);

    /** {@code flat[off + u * stride + i] += rows[i][u]}: adds the rows as the columns of a flat matrix. */
    abstract void addColumns(Object[] rows, int count, int len, Object flat, int off, int stride);

    /** {@code rows[i][u] = flat[off + u * stride + i]}: the columns of a flat matrix as rows. */
    abstract void columns(Object flat, int off, int stride, Object[] rows, int count, int len);

    /** {@code flat[off + u] += row[from + u]} for {@code u < len}. */
    abstract void addRun(Object row, int from, Object flat, int off, int len);

    static final class F32 extends RowMath {
        @Override
        Object[] newRows(int count, int len) { return new float[count][len]; }

        @Override
        Object newRow(int len) { return new float[len]; }

        @Override
        boolean owns(Object[] rows) { return rows instanceof float[][]; }

        @Override
        void zero(Object[] rows, int count, int len) {
            for (int i = 0; i < count; i++) Arrays.fill((float[]) rows[i], 0, len, 0f);
        }

        @Override
        void multiplyAdd(Object[] c, int rows, Object a, int aOff, int aRow, int aCol, Object[] b, int depth, int len) {
            float[] x = (float[]) a;
            int p = 0;
            for (; p + 3 < depth; p += 4) {
                float[] b0 = (float[]) b[p];
                float[] b1 = (float[]) b[p + 1];
                float[] b2 = (float[]) b[p + 2];
                float[] b3 = (float[]) b[p + 3];
                for (int i = 0; i < rows; i++) {
                    float[] ci = (float[]) c[i];
                    int at = aOff + i * aRow + p * aCol;
                    float a0 = x[at];
                    float a1 = x[at + aCol];
                    float a2 = x[at + 2 * aCol];
                    float a3 = x[at + 3 * aCol];
                    for (int u = 0; u < len; u++) ci[u] += a0 * b0[u] + a1 * b1[u] + a2 * b2[u] + a3 * b3[u];
                }
            }
            for (; p < depth; p++) {
                float[] bp = (float[]) b[p];
                for (int i = 0; i < rows; i++) {
                    float[] ci = (float[]) c[i];
                    float ap = x[aOff + i * aRow + p * aCol];
                    for (int u = 0; u < len; u++) ci[u] += ap * bp[u];
                }
            }
        }

        @Override
        void copy(Object src, int from, int stride, Object dst, int to, int len) {
            float[] a = (float[]) src;
            float[] r = (float[]) dst;
            if (stride == 1) System.arraycopy(a, from, r, to, len);
            else for (int u = 0; u < len; u++) r[to + u] = a[from + u * stride];
        }

        @Override
        void addColumns(Object[] rows, int count, int len, Object flat, int off, int stride) {
            float[] y = (float[]) flat;
            for (int i = 0; i < count; i++) {
                float[] r = (float[]) rows[i];
                for (int u = 0; u < len; u++) y[off + u * stride + i] += r[u];
            }
        }

        @Override
        void columns(Object flat, int off, int stride, Object[] rows, int count, int len) {
            float[] y = (float[]) flat;
            for (int i = 0; i < count; i++) {
                float[] r = (float[]) rows[i];
                for (int u = 0; u < len; u++) r[u] = y[off + u * stride + i];
            }
        }

        @Override
        void addRun(Object row, int from, Object flat, int off, int len) {
            float[] r = (float[]) row;
            float[] y = (float[]) flat;
            for (int u = 0; u < len; u++) y[off + u] += r[from + u];
        }
    }

    static final class F64 extends RowMath {
        @Override
        Object[] newRows(int count, int len) { return new double[count][len]; }

        @Override
        Object newRow(int len) { return new double[len]; }

        @Override
        boolean owns(Object[] rows) { return rows instanceof double[][]; }

        @Override
        void zero(Object[] rows, int count, int len) {
            for (int i = 0; i < count; i++) Arrays.fill((double[]) rows[i], 0, len, 0.0);
        }

        @Override
        void multiplyAdd(Object[] c, int rows, Object a, int aOff, int aRow, int aCol, Object[] b, int depth, int len) {
            // float64 serves gradient checks, not training: the plain loop, one row of b at a time.
            double[] x = (double[]) a;
            for (int i = 0; i < rows; i++) {
                double[] ci = (double[]) c[i];
                for (int p = 0; p < depth; p++) {
                    double ap = x[aOff + i * aRow + p * aCol];
                    double[] bp = (double[]) b[p];
                    for (int u = 0; u < len; u++) ci[u] += ap * bp[u];
                }
            }
        }

        @Override
        void copy(Object src, int from, int stride, Object dst, int to, int len) {
            double[] a = (double[]) src;
            double[] r = (double[]) dst;
            if (stride == 1) System.arraycopy(a, from, r, to, len);
            else for (int u = 0; u < len; u++) r[to + u] = a[from + u * stride];
        }

        @Override
        void addColumns(Object[] rows, int count, int len, Object flat, int off, int stride) {
            double[] y = (double[]) flat;
            for (int i = 0; i < count; i++) {
                double[] r = (double[]) rows[i];
                for (int u = 0; u < len; u++) y[off + u * stride + i] += r[u];
            }
        }

        @Override
        void columns(Object flat, int off, int stride, Object[] rows, int count, int len) {
            double[] y = (double[]) flat;
            for (int i = 0; i < count; i++) {
                double[] r = (double[]) rows[i];
                for (int u = 0; u < len; u++) r[u] = y[off + u * stride + i];
            }
        }

        @Override
        void addRun(Object row, int from, Object flat, int off, int len) {
            double[] r = (double[]) row;
            double[] y = (double[]) flat;
            for (int u = 0; u < len; u++) y[off + u] += r[from + u];
        }
    }
}
