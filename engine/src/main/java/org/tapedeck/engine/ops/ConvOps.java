package org.tapedeck.engine.ops;

import static org.tapedeck.engine.ops.OpSupport.requireFloating;
import static org.tapedeck.engine.ops.OpSupport.requireSameDType;

import java.util.Arrays;
import java.util.Locale;

import org.tapedeck.engine.autograd.TapeNode;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.errors.UnimplementedException;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/**
 * 2-D convolution and max pooling over NHWC images, as TensorFlow's {@code tf.nn.conv2d} and
 * {@code tf.nn.max_pool2d}, with their gradients. The backward computations are ops of their own
 * ({@code Conv2DBackpropInput}, {@code Conv2DBackpropFilter}, {@code MaxPoolGrad}), so the debugger
 * sees them in the op stream and an outer tape records them.
 *
 * <pre>{@code
 * Tensor images = TF.random.normal(32, 28, 28, 1);
 * Tensor filters = TF.random.normal(3, 3, 1, 16);                          // HWIO
 * Tensor y = ConvOps.conv2d(images, filters, new int[] {1, 1}, "VALID");   // (32, 26, 26, 16)
 * Tensor p = ConvOps.maxPool2d(y, new int[] {2, 2}, new int[] {2, 2}, "SAME");  // (32, 13, 13, 16)
 * }</pre>
 *
 * Gradients of gradients through convolution are exact (the backward ops are bilinear and their
 * own gradients are convolutions again). Second-order gradients through max pooling with respect
 * to the upstream gradient are not supported and fail with an {@link UnimplementedException}.
 */
public final class ConvOps {
    private ConvOps() {}

    // ---- geometry ---------------------------------------------------------------------------------

    /**
     * The output size along one spatial dim, as TensorFlow computes it: {@code ceil((in - k + 1) / s)}
     * for VALID, {@code ceil(in / s)} for SAME. A VALID window larger than the input is an error.
     */
    public static int outputSize(int in, int kernel, int stride, String padding) {
        return switch (padding("outputSize", padding)) {
            case "VALID" -> {
                if (kernel > in) {
                    throw new InvalidArgumentException("a window of size " + kernel + " does not fit an input of size " + in
                            + " with VALID padding");
                }
                yield (in - kernel) / stride + 1;
            }
            default -> (in + stride - 1) / stride;
        };
    }

    /**
     * The implicit zero rows (or columns) before the input. NOTE: SAME pads
     * {@code max((out - 1) * s + k - in, 0)} in total and puts the odd one after the input, so the
     * padding may be asymmetric; VALID pads nothing.
     */
    static int padBefore(int in, int kernel, int stride, String padding) {
        if (padding.equals("VALID")) return 0;
        int out = (in + stride - 1) / stride;
        return Math.max((out - 1) * stride + kernel - in, 0) / 2;
    }

    /** "VALID" or "SAME" in any case, normalised to upper case. */
    static String padding(String op, String padding) {
        String p = padding == null ? "" : padding.toUpperCase(Locale.ROOT);
        if (!p.equals("VALID") && !p.equals("SAME")) {
            throw new InvalidArgumentException(op + ": padding must be \"VALID\" or \"SAME\", got " + (padding == null ? "null" : "\"" + padding + "\""));
        }
        return p;
    }

    /**
     * Strides or window sizes as TensorFlow takes them, {@code {n}}, {@code {h, w}} or
     * {@code {1, h, w, 1}}, as the NHWC attribute {@code {1, h, w, 1}}.
     */
    static int[] nhwc(String op, String what, int[] values) {
        int[] hw = switch (values == null ? 0 : values.length) {
            case 1 -> new int[] {values[0], values[0]};
            case 2 -> values.clone();
            case 4 -> {
                if (values[0] != 1 || values[3] != 1) {
                    throw new InvalidArgumentException(op + ": " + what + " along the batch and channel dims must be 1, got "
                            + Arrays.toString(values));
                }
                yield new int[] {values[1], values[2]};
            }
            default -> throw new InvalidArgumentException(op + ": " + what + " must have 1, 2 or 4 elements, got "
                    + (values == null ? "null" : Arrays.toString(values)));
        };
        if (hw[0] <= 0 || hw[1] <= 0) {
            throw new InvalidArgumentException(op + ": " + what + " must be positive, got " + Arrays.toString(values));
        }
        return new int[] {1, hw[0], hw[1], 1};
    }

    /** Where the windows of one op sit on its input: strides, leading padding and output size. */
    private record Window(int sh, int sw, int padTop, int padLeft, int outH, int outW) {

        static Window of(String op, Attrs attrs, Shape input, int kh, int kw, String what, Shape windowShape) {
            int[] strides = attrs.ints("strides");
            String padding = (String) attrs.get("padding");
            int h = input.dim(1);
            int w = input.dim(2);
            if (kh <= 0 || kw <= 0) {
                throw new InvalidArgumentException(op + ": the " + what + " must be at least 1x1, got " + describe(windowShape, kh, kw));
            }
            if (padding.equals("VALID") && (kh > h || kw > w)) {
                throw new InvalidArgumentException(op + ": the " + kh + "x" + kw + " " + what + describeShape(windowShape)
                        + " is larger than the " + h + "x" + w + " input (shape " + input + ") with VALID padding; "
                        + "use SAME padding or a smaller " + what);
            }
            int sh = strides[1];
            int sw = strides[2];
            return new Window(sh, sw, padBefore(h, kh, sh, padding), padBefore(w, kw, sw, padding),
                    outputSize(h, kh, sh, padding), outputSize(w, kw, sw, padding));
        }

        private static String describe(Shape windowShape, int kh, int kw) {
            return windowShape != null ? "shape " + windowShape : kh + "x" + kw;
        }

        private static String describeShape(Shape windowShape) {
            return windowShape != null ? " (shape " + windowShape + ")" : "";
        }
    }

    private static void requireRank4(String op, String what, String layout, Tensor t) {
        if (t.rank() != 4) {
            throw new InvalidArgumentException(op + ": the " + what + " must have rank 4 (" + layout + "), got shape "
                    + t.shape() + " of rank " + t.rank());
        }
    }

    private static final String NHWC = "NHWC: batch, height, width, channels";
    private static final String HWIO = "HWIO: height, width, in channels, out channels";

    /** Rank, dtype and channel checks shared by the convolution ops. */
    private static void checkConv(String op, Shape input, Tensor filter, Tensor other) {
        requireRank4(op, "filter", HWIO, filter);
        requireSameDType(op, other, filter);
        requireFloating(op, filter);
        if (input.rank() != 4) {
            throw new InvalidArgumentException(op + ": the input must have rank 4 (" + NHWC + "), got shape " + input + " of rank " + input.rank());
        }
        if (input.dim(3) != filter.shape().dim(2)) {
            throw new InvalidArgumentException(op + ": the input has " + input.dim(3) + " channels (shape " + input
                    + ") but the filter expects " + filter.shape().dim(2) + " (shape " + filter.shape()
                    + "); the filter's third dim must equal the input's last dim");
        }
    }

    /** The {@code out_backprop} of a backward op must have the forward op's output shape. */
    private static void checkUpstream(String op, Tensor grad, Shape expected, Shape input, Shape filter) {
        if (!grad.shape().equals(expected)) {
            throw new InvalidArgumentException(op + ": out_backprop has shape " + grad.shape() + " but the convolution of an input of shape "
                    + input + " with a filter of shape " + filter + " has output shape " + expected);
        }
    }

    private static Attrs convAttrs(int[] strides, String padding) {
        return Attrs.of("strides", strides, "padding", padding, "data_format", "NHWC", "dilations", new int[] {1, 1, 1, 1});
    }

    private static Attrs withSizes(String name, Shape sizes, Attrs conv) {
        return Attrs.of(name, sizes.dims(), "strides", conv.ints("strides"), "padding", conv.get("padding"),
                "data_format", "NHWC", "dilations", new int[] {1, 1, 1, 1});
    }

    // ---- convolution ------------------------------------------------------------------------------

    static final OpDef CONV2D = OpDef.of("Conv2D", (backend, in, attrs) -> {
        Tensor x = in[0];
        Tensor w = in[1];
        requireRank4("Conv2D", "input", NHWC, x);
        checkConv("Conv2D", x.shape(), w, x);
        Shape ws = w.shape();
        Window win = Window.of("Conv2D", attrs, x.shape(), ws.dim(0), ws.dim(1), "filter", ws);
        Shape out = Shape.of(x.shape().dim(0), win.outH, win.outW, ws.dim(3));
        return backend.conv2d(x, w, win.sh, win.sw, win.padTop, win.padLeft, out);
    }, ConvOps::conv2dGrad);

    // y = conv(x, w) is linear in each input: dx is the transposed convolution of the upstream
    // gradient with w, dw its correlation with x. Each is computed only when asked: the first
    // layer of a network needs no input gradient.
    private static Tensor[] conv2dGrad(TapeNode n, Tensor g, boolean[] need) {
        Tensor x = n.input(0);
        Tensor w = n.input(1);
        return new Tensor[] {
            need[0] ? backpropInput(x.shape(), w, g, n.attrs()) : null,
            need[1] ? backpropFilter(x, w.shape(), g, n.attrs()) : null};
    }

    // Inputs (filter, out_backprop); TensorFlow passes input_sizes as a tensor, here it is an attribute.
    static final OpDef CONV2D_BACKPROP_INPUT = OpDef.of("Conv2DBackpropInput", (backend, in, attrs) -> {
        String op = "Conv2DBackpropInput";
        Tensor w = in[0];
        Tensor g = in[1];
        Shape xs = Shape.of(attrs.ints("input_sizes"));
        requireRank4(op, "out_backprop", NHWC, g);
        checkConv(op, xs, w, g);
        Shape ws = w.shape();
        Window win = Window.of(op, attrs, xs, ws.dim(0), ws.dim(1), "filter", ws);
        checkUpstream(op, g, Shape.of(xs.dim(0), win.outH, win.outW, ws.dim(3)), xs, ws);
        return backend.conv2dBackpropInput(g, w, win.sh, win.sw, win.padTop, win.padLeft, xs);
    }, (n, u, need) -> {
        // z = B(w, g) is bilinear with <u, B(w, g)> = <g, conv(u, w)>, so dg = conv(u, w) and
        // dw = the filter gradient of conv(u, .) at g.
        Tensor w = n.input(0);
        Tensor g = n.input(1);
        Attrs conv = convAttrs(n.attrs().ints("strides"), (String) n.attrs().get("padding"));
        return new Tensor[] {
            need[0] ? backpropFilter(u, w.shape(), g, conv) : null,
            need[1] ? Exec.run(CONV2D, conv, u, w) : null};
    });

    // Inputs (input, out_backprop); filter_sizes is an attribute.
    static final OpDef CONV2D_BACKPROP_FILTER = OpDef.of("Conv2DBackpropFilter", (backend, in, attrs) -> {
        String op = "Conv2DBackpropFilter";
        Tensor x = in[0];
        Tensor g = in[1];
        Shape ws = Shape.of(attrs.ints("filter_sizes"));
        requireRank4(op, "input", NHWC, x);
        requireRank4(op, "out_backprop", NHWC, g);
        requireSameDType(op, x, g);
        requireFloating(op, x);
        if (ws.rank() != 4 || x.shape().dim(3) != ws.dim(2)) {
            throw new InvalidArgumentException(op + ": filter_sizes " + ws + " does not fit an input of shape " + x.shape()
                    + " (HWIO, the third dim must equal the input's channels)");
        }
        Window win = Window.of(op, attrs, x.shape(), ws.dim(0), ws.dim(1), "filter", ws);
        checkUpstream(op, g, Shape.of(x.shape().dim(0), win.outH, win.outW, ws.dim(3)), x.shape(), ws);
        return backend.conv2dBackpropFilter(x, g, win.sh, win.sw, win.padTop, win.padLeft, ws);
    }, (n, u, need) -> {
        // z = B(x, g) is bilinear with <u, B(x, g)> = <g, conv(x, u)>, so dg = conv(x, u) and
        // dx = the input gradient of conv(., u) at g.
        Tensor x = n.input(0);
        Tensor g = n.input(1);
        Attrs conv = convAttrs(n.attrs().ints("strides"), (String) n.attrs().get("padding"));
        return new Tensor[] {
            need[0] ? backpropInput(x.shape(), u, g, conv) : null,
            need[1] ? Exec.run(CONV2D, conv, x, u) : null};
    });

    private static Tensor backpropInput(Shape inputShape, Tensor filter, Tensor grad, Attrs conv) {
        return Exec.run(CONV2D_BACKPROP_INPUT, withSizes("input_sizes", inputShape, conv), filter, grad);
    }

    private static Tensor backpropFilter(Tensor input, Shape filterShape, Tensor grad, Attrs conv) {
        return Exec.run(CONV2D_BACKPROP_FILTER, withSizes("filter_sizes", filterShape, conv), input, grad);
    }

    /**
     * 2-D cross-correlation of {@code input} [N, H, W, C] with {@code filters} [KH, KW, C, F],
     * giving [N, OH, OW, F]: TensorFlow's {@code tf.nn.conv2d} (op Conv2D).
     *
     * @param strides {@code {s}}, {@code {sh, sw}} or {@code {1, sh, sw, 1}}
     * @param padding "VALID" (no padding) or "SAME" (output size ceil(in / stride))
     */
    public static Tensor conv2d(Tensor input, Tensor filters, int[] strides, String padding) {
        Attrs attrs = convAttrs(nhwc("Conv2D", "strides", strides), padding("Conv2D", padding));
        return Exec.run(CONV2D, attrs, input, filters);
    }

    // ---- max pooling ------------------------------------------------------------------------------

    static final OpDef MAX_POOL = OpDef.of("MaxPool", (backend, in, attrs) -> {
        Tensor x = in[0];
        requireRank4("MaxPool", "input", NHWC, x);
        requireFloating("MaxPool", x);
        int[] k = attrs.ints("ksize");
        Window win = Window.of("MaxPool", attrs, x.shape(), k[1], k[2], "pooling window", null);
        Shape out = Shape.of(x.shape().dim(0), win.outH, win.outW, x.shape().dim(3));
        return backend.maxPool(x, k[1], k[2], win.sh, win.sw, win.padTop, win.padLeft, out);
    }, (n, g, need) -> new Tensor[] {maxPoolGrad(n.input(0), g, n.attrs())});

    // Inputs (orig_input, grad); TensorFlow also passes orig_output, which the CPU kernel does not need.
    static final OpDef MAX_POOL_GRAD = OpDef.of("MaxPoolGrad", (backend, in, attrs) -> {
        Tensor x = in[0];
        Tensor g = in[1];
        requireRank4("MaxPoolGrad", "orig_input", NHWC, x);
        requireSameDType("MaxPoolGrad", x, g);
        requireFloating("MaxPoolGrad", x);
        int[] k = attrs.ints("ksize");
        Window win = Window.of("MaxPoolGrad", attrs, x.shape(), k[1], k[2], "pooling window", null);
        Shape expected = Shape.of(x.shape().dim(0), win.outH, win.outW, x.shape().dim(3));
        if (!g.shape().equals(expected)) {
            throw new InvalidArgumentException("MaxPoolGrad: grad has shape " + g.shape() + " but max pooling an input of shape "
                    + x.shape() + " gives " + expected);
        }
        return backend.maxPoolGrad(x, g, k[1], k[2], win.sh, win.sw, win.padTop, win.padLeft);
    }, (n, u, need) -> {
        // NOTE: the routing of the gradient is piecewise constant in orig_input, so its gradient
        // there is zero (as in TensorFlow). The gradient with respect to grad would pick u at each
        // window's maximum (TensorFlow's MaxPoolGradGrad), which has no backend kernel here.
        if (need[1]) {
            throw new UnimplementedException("MaxPoolGrad: second-order gradients through max pooling (with respect to the "
                    + "upstream gradient, TensorFlow's MaxPoolGradGrad) are not supported");
        }
        return new Tensor[] {ArrayOps.zerosLike(n.input(0)), null};
    });

    private static Tensor maxPoolGrad(Tensor input, Tensor grad, Attrs pool) {
        return Exec.run(MAX_POOL_GRAD, pool, input, grad);
    }

    /**
     * The maximum of each {@code poolSize} window of {@code input} [N, H, W, C]:
     * TensorFlow's {@code tf.nn.max_pool2d} (op MaxPool). Padded positions never win; the gradient
     * goes to the first maximum of each window in row-major order.
     *
     * @param poolSize {@code {k}}, {@code {kh, kw}} or {@code {1, kh, kw, 1}}
     * @param strides {@code {s}}, {@code {sh, sw}} or {@code {1, sh, sw, 1}}
     * @param padding "VALID" or "SAME"
     */
    public static Tensor maxPool2d(Tensor input, int[] poolSize, int[] strides, String padding) {
        Attrs attrs = Attrs.of("ksize", nhwc("MaxPool", "ksize", poolSize), "strides", nhwc("MaxPool", "strides", strides),
                "padding", padding("MaxPool", padding), "data_format", "NHWC");
        return Exec.run(MAX_POOL, attrs, input);
    }
}
