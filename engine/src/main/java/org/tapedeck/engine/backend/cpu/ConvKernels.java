package org.tapedeck.engine.backend.cpu;

import org.tapedeck.engine.errors.UnimplementedException;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** Convolution and pooling on the CPU (NHWC, HWIO). */
final class ConvKernels {
    private ConvKernels() {}

    // TODO(training stack): filled in by the convolution work; these throw until then.
    static Tensor conv2d(Tensor input, Tensor filter, int sh, int sw, int pt, int pl, Shape out) {
        throw new UnimplementedException("Conv2D is not implemented on the CPU yet");
    }

    static Tensor conv2dBackpropInput(Tensor grad, Tensor filter, int sh, int sw, int pt, int pl, Shape inputShape) {
        throw new UnimplementedException("Conv2DBackpropInput is not implemented on the CPU yet");
    }

    static Tensor conv2dBackpropFilter(Tensor input, Tensor grad, int sh, int sw, int pt, int pl, Shape filterShape) {
        throw new UnimplementedException("Conv2DBackpropFilter is not implemented on the CPU yet");
    }

    static Tensor maxPool(Tensor input, int ph, int pw, int sh, int sw, int pt, int pl, Shape out) {
        throw new UnimplementedException("MaxPool is not implemented on the CPU yet");
    }

    static Tensor maxPoolGrad(Tensor input, Tensor grad, int ph, int pw, int sh, int sw, int pt, int pl) {
        throw new UnimplementedException("MaxPoolGrad is not implemented on the CPU yet");
    }
}
