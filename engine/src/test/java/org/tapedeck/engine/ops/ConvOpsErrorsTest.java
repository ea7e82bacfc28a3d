package org.tapedeck.engine.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** Bad arguments to conv2d and maxPool2d fail with a message naming the op and what is wrong. */
class ConvOpsErrorsTest {

    private static void assertMessage(Executable call, String... parts) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, call);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
    }

    private final Tensor images = TF.zeros(2, 8, 8, 3);
    private final Tensor filters = TF.zeros(3, 3, 3, 4);

    @Test
    void rankMustBeFour() {
        assertMessage(() -> TF.nn.conv2d(TF.zeros(8, 8, 3), filters, 1, "VALID"), "Conv2D", "input", "rank 4", "(8, 8, 3)");
        assertMessage(() -> TF.nn.conv2d(images, TF.zeros(3, 3, 3), 1, "VALID"), "Conv2D", "filter", "rank 4", "(3, 3, 3)");
        assertMessage(() -> TF.nn.maxPool2d(TF.zeros(8, 8), 2, 2, "VALID"), "MaxPool", "rank 4", "(8, 8)");
    }

    @Test
    void channelMismatchNamesBothShapes() {
        assertMessage(() -> TF.nn.conv2d(images, TF.zeros(3, 3, 2, 4), 1, "SAME"),
                "Conv2D", "3 channels", "(2, 8, 8, 3)", "expects 2", "(3, 3, 2, 4)");
    }

    @Test
    void dtypesMustMatchAndBeFloating() {
        assertMessage(() -> TF.nn.conv2d(TF.zeros(DType.FLOAT64, 2, 8, 8, 3), filters, 1, "SAME"),
                "Conv2D", "same dtype", "float32", "float64");
        assertMessage(() -> TF.nn.conv2d(TF.zeros(DType.INT32, 2, 8, 8, 3), TF.zeros(DType.INT32, 3, 3, 3, 4), 1, "SAME"),
                "Conv2D", "float32 or float64", "int32");
        assertMessage(() -> TF.nn.maxPool2d(TF.zeros(DType.INT32, 1, 4, 4, 1), 2, 2, "SAME"), "MaxPool", "int32");
    }

    @Test
    void validWindowLargerThanTheInput() {
        assertMessage(() -> TF.nn.conv2d(TF.zeros(1, 4, 6, 3), TF.zeros(5, 5, 3, 1), 1, "VALID"),
                "Conv2D", "5x5 filter", "larger than the 4x6 input", "(1, 4, 6, 3)", "VALID");
        assertMessage(() -> TF.nn.maxPool2d(TF.zeros(1, 2, 2, 1), 3, 1, "VALID"), "MaxPool", "3x3 pooling window", "2x2 input");
        // SAME pads instead: the output keeps ceil(in / stride).
        assertEquals(Shape.of(1, 4, 6, 1), TF.nn.conv2d(TF.zeros(1, 4, 6, 3), TF.zeros(5, 5, 3, 1), 1, "SAME").shape());
    }

    @Test
    void paddingStridesAndWindowSizes() {
        assertMessage(() -> TF.nn.conv2d(images, filters, 1, "FULL"), "Conv2D", "padding", "\"FULL\"");
        assertMessage(() -> TF.nn.conv2d(images, filters, 0, "SAME"), "Conv2D", "strides must be positive");
        assertMessage(() -> TF.nn.conv2d(images, filters, new int[] {2, 1, 1, 1}, "SAME"), "Conv2D", "batch and channel");
        assertMessage(() -> TF.nn.conv2d(images, filters, new int[] {1, 1, 1}, "SAME"), "Conv2D", "1, 2 or 4");
        assertMessage(() -> TF.nn.maxPool2d(images, 0, 1, "SAME"), "MaxPool", "ksize must be positive");
        assertMessage(() -> TF.nn.conv2d(images, TF.zeros(0, 3, 3, 4), 1, "SAME"), "Conv2D", "at least 1x1", "(0, 3, 3, 4)");
    }

    @Test
    void outputShapesFollowTensorFlow() {
        assertEquals(Shape.of(2, 6, 6, 4), TF.nn.conv2d(images, filters, 1, "VALID").shape());
        assertEquals(Shape.of(2, 3, 3, 4), TF.nn.conv2d(images, filters, 2, "VALID").shape());
        assertEquals(Shape.of(2, 4, 4, 4), TF.nn.conv2d(images, filters, new int[] {1, 2, 2, 1}, "same").shape());
        assertEquals(Shape.of(2, 8, 3, 4), TF.nn.conv2d(images, filters, new int[] {1, 3}, "SAME").shape());
        assertEquals(Shape.of(2, 4, 4, 3), TF.nn.maxPool2d(images, 2, 2, "VALID").shape());
        assertEquals(Shape.of(2, 3, 3, 3), TF.nn.maxPool2d(TF.zeros(2, 7, 7, 3), 2, 3, "SAME").shape());
        assertEquals(Shape.of(0, 6, 6, 4), TF.nn.conv2d(TF.zeros(0, 8, 8, 3), filters, 1, "VALID").shape());
        assertEquals(7, ConvOps.outputSize(28, 3, 4, "SAME"));
        assertEquals(26, ConvOps.outputSize(28, 3, 1, "valid"));
    }
}
