package org.tapedeck.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * How {@link RowBlocks} groups the rows of the SIMD kernels into uniform blocks and the rest, and
 * which of {@link SimdConvTest}'s shapes take the uniform loops (so that those tests, which compare
 * the results with the pure-Java path, cover both loops of every op).
 */
class UniformBlocksTest {
    @Test
    void runsAMultipleOfSixLongAreAllUniform() {
        RowBlocks b = RowBlocks.of(VectorKernels.pixelOffsets(2, 12, 16, 14 * 16), 12, 16, true);
        assertArrayEquals(new int[] {0, 6, 12, 18}, b.uniform);
        assertArrayEquals(new int[0], b.rest);
        assertEquals(0, b.min);
        assertEquals(14 * 16 + 11 * 16, b.max);
    }

    @Test
    void theEndsOfRunsShorterThanSixAreTheRest() {
        RowBlocks b = RowBlocks.of(VectorKernels.pixelOffsets(2, 14, 16, 16 * 16), 14, 16, true);
        assertArrayEquals(new int[] {0, 6, 14, 20}, b.uniform);
        assertArrayEquals(new int[] {12, 13, 26, 27}, b.rest);
        RowBlocks narrow = RowBlocks.of(VectorKernels.pixelOffsets(3, 4, 16, 6 * 16), 4, 16, true);
        assertArrayEquals(new int[0], narrow.uniform);
        assertEquals(12, narrow.rest.length);
    }

    @Test
    void unblockedRowsAreAllTheRest() {
        RowBlocks b = RowBlocks.of(VectorKernels.pixelOffsets(2, 12, 32, 14 * 32), 12, 32, false);
        assertEquals(0, b.uniform.length);
        assertEquals(24, b.rest.length);
        assertEquals(23, b.rest[23]);
    }

    @Test
    void aBlockWhoseRowsAreNotEvenlySpacedIsRefused() {
        int[] offsets = {0, 16, 32, 48, 64, 81};
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RowBlocks.of(offsets, 6, 16, true));
        assertTrue(e.getMessage().contains("not 16 apart"), e.getMessage());
    }

    @Test
    void anEmptyTableHasNoBlocks() {
        RowBlocks b = RowBlocks.of(new int[0], 6, 1, true);
        assertEquals(0, b.size());
        assertEquals(0, b.uniform.length + b.rest.length);
    }

    @Test
    void theTestShapesTakeBothLoops() {
        assumeTrue(CpuSimd.available(), "SIMD is " + CpuSimd.describe());
        // Forward pixels: uniform at 16 input channels only; ow 12 fills its rows, ow 13 leaves one pixel per row.
        assertEquals(24, VectorKernels.pixelBlocks(12, 12, 16, 14 * 16).uniform.length);
        assertEquals(0, VectorKernels.pixelBlocks(12, 12, 16, 14 * 16).rest.length);
        assertEquals(26, VectorKernels.pixelBlocks(13, 13, 16, 15 * 16).uniform.length);
        assertEquals(13, VectorKernels.pixelBlocks(13, 13, 16, 15 * 16).rest.length);
        assertEquals(0, VectorKernels.pixelBlocks(10, 10, 32, 12 * 32).uniform.length);
        // Input gradient pixels: the gradient's channels are the step (16 uniform, 32 not).
        assertEquals(54, VectorKernels.pixelBlocks(18, 18, 16, 20 * 16).uniform.length);
        assertEquals(0, VectorKernels.pixelBlocks(14, 14, 32, 16 * 32).uniform.length);
        // Filter taps: six neighbours within a window row of kw*c taps; 3 channels of a 3-wide window leave 3 per row.
        RowBlocks c16 = VectorKernels.tapBlocks(3, 3, 16, 14 * 16);
        assertEquals(24, c16.uniform.length);
        assertEquals(0, c16.rest.length);
        RowBlocks c3 = VectorKernels.tapBlocks(3, 3, 3, 13 * 3);
        assertEquals(3, c3.uniform.length);
        assertEquals(9, c3.rest.length);
        assertEquals(0, VectorKernels.tapBlocks(3, 3, 1, 28).uniform.length);
    }
}
