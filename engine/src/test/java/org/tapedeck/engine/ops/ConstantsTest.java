package org.tapedeck.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;

/** Java values to tensors: inferred dtypes and shapes, and conversions that would lose data are errors. */
class ConstantsTest {

    @Test
    void infersDtypeAndShapeFromJavaValues() {
        Tensor t = TF.constant(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(DType.FLOAT32, t.dtype());
        assertTrue(t.shape().equals(2, 3));
        assertEquals(DType.INT64, TF.constant(new long[] {1}).dtype());
        assertEquals(DType.BOOL, TF.constant(List.of(true, false)).dtype());
        assertEquals(DType.FLOAT64, TF.constant(List.of(1, 2.5)).dtype(), "a float among ints makes it floating, as in NumPy");
        assertArrayEquals(new int[] {200, 7}, TF.constant(new int[] {200, 7}, DType.UINT8).toIntArray());
    }

    @Test
    void conversionsThatWouldLoseDataAreErrors() {
        var wrap = assertThrows(InvalidArgumentException.class, () -> TF.constant(new int[] {300}, DType.UINT8));
        assertTrue(wrap.getMessage().contains("300 is out of range for dtype uint8"), wrap.getMessage());
        assertThrows(InvalidArgumentException.class, () -> TF.constant(new long[] {1L << 40}, DType.INT32));
        var bool = assertThrows(InvalidArgumentException.class, () -> TF.constant(new double[] {0.5}, DType.BOOL));
        assertTrue(bool.getMessage().contains("0.5"), bool.getMessage());
        assertThrows(InvalidArgumentException.class, () -> TF.constant(new int[] {2}, DType.BOOL));
        assertThrows(InvalidArgumentException.class, () -> TF.constant(new double[] {1.5}, DType.INT32));
        var ragged = assertThrows(InvalidArgumentException.class, () -> TF.constant(new int[][] {{1, 2}, {3}}));
        assertTrue(ragged.getMessage().contains("ragged"), ragged.getMessage());
    }
}
