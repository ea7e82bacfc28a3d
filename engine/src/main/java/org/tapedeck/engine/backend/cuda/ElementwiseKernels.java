package org.tapedeck.engine.backend.cuda;

import static org.tapedeck.engine.backend.cuda.KernelCatalog.suffix;
import static org.tapedeck.engine.backend.cuda.KernelCatalog.width;

import jcuda.driver.CUdeviceptr;

import org.tapedeck.engine.backend.BinaryOp;
import org.tapedeck.engine.backend.UnaryOp;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** Launches elementwise.cu: unary, binary and comparisons with broadcasting, where, the relu gradient, cast, fill. */
final class ElementwiseKernels {
    private final CudaRuntime rt;

    ElementwiseKernels(CudaRuntime rt) { this.rt = rt; }

    /** The op codes of elementwise.cu (enum U_*). */
    static int code(UnaryOp op) {
        return switch (op) {
            case NEG -> 0;
            case ABS -> 1;
            case SIGN -> 2;
            case RELU -> 3;
            case SQRT -> 4;
            case EXP -> 5;
            case LOG -> 6;
            case TANH -> 7;
            case SIGMOID -> 8;
        };
    }

    /** The op codes of elementwise.cu (enum B_*). */
    static int code(BinaryOp op) {
        return switch (op) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
            case FLOOR_DIV -> 4;
            case FLOOR_MOD -> 5;
            case POW -> 6;
            case MAXIMUM -> 7;
            case MINIMUM -> 8;
            case EQUAL -> 9;
            case NOT_EQUAL -> 10;
            case LESS -> 11;
            case LESS_EQUAL -> 12;
            case GREATER -> 13;
            case GREATER_EQUAL -> 14;
        };
    }

    Tensor unary(UnaryOp op, Tensor x) {
        if (!x.dtype().isFloating() && !op.acceptsIntegers()) {
            throw new InvalidArgumentException(op.opName() + ": expected a float32 or float64 tensor, got " + x.dtype()
                    + " of shape " + x.shape());
        }
        CUdeviceptr in = rt.ptr(x);
        Tensor out = rt.allocate(x.dtype(), x.shape());
        int n = x.size();
        if (n > 0) rt.launch("unary_" + suffix(x.dtype()), Grid.over(n), rt.ptr(out), in, n, code(op));
        return out;
    }

    Tensor binary(BinaryOp op, Tensor a, Tensor b, Shape outShape) {
        DType type = a.dtype();
        if (op == BinaryOp.DIV && !type.isFloating()) {
            throw new InvalidArgumentException("RealDiv: integer " + type + " tensors are divided in floating point; cast them first");
        }
        CUdeviceptr pa = rt.ptr(a);
        CUdeviceptr pb = rt.ptr(b);
        Tensor out = rt.allocate(op.isComparison() ? DType.BOOL : type, outShape);
        int n = outShape.size();
        if (n == 0) return out;
        int[] layout = StridedLayout.broadcast(outShape, a.shape(), b.shape()).pack();
        if (op.isComparison()) {
            rt.launch("compare_" + suffix(type), Grid.over(n), rt.ptr(out), pa, pb, n, layout, code(op));
        } else {
            int ticket = canFail(op, type) ? rt.errors.register((pos, kind) -> integerError(op, pos, kind, outShape)) : 0;
            rt.launch("binary_" + suffix(type), Grid.over(n), rt.ptr(out), pa, pb, n, layout, code(op), rt.errorWord(), ticket);
        }
        return out;
    }

    private static boolean canFail(BinaryOp op, DType type) {
        return !type.isFloating() && (op == BinaryOp.FLOOR_DIV || op == BinaryOp.FLOOR_MOD || op == BinaryOp.POW);
    }

    /** The CPU backend's message for the integer rule elementwise.cu reported (E_DIV_BY_ZERO = 1, E_NEGATIVE_POWER = 2). */
    private RuntimeException integerError(BinaryOp op, int position, long kind, Shape outShape) {
        String what = kind == 2 ? "integers to negative integer powers are not allowed" : "integer division by zero";
        return new InvalidArgumentException(op.opName() + ": " + what + " (element " + position + " of the output of shape "
                + outShape + ")" + DeviceErrors.whenFound(rt.device.toString()));
    }

    Tensor where(Tensor cond, Tensor a, Tensor b, Shape outShape) {
        CUdeviceptr pc = rt.ptr(cond);
        CUdeviceptr pa = rt.ptr(a);
        CUdeviceptr pb = rt.ptr(b);
        Tensor out = rt.allocate(a.dtype(), outShape);
        int n = outShape.size();
        if (n > 0) {
            int[] layout = StridedLayout.broadcast(outShape, cond.shape(), a.shape(), b.shape()).pack();
            rt.launch("where_" + width(a.dtype()), Grid.over(n), rt.ptr(out), pc, pa, pb, n, layout);
        }
        return out;
    }

    Tensor reluGrad(Tensor gradients, Tensor features) {
        CUdeviceptr g = rt.ptr(gradients);
        CUdeviceptr f = rt.ptr(features);
        Tensor out = rt.allocate(gradients.dtype(), gradients.shape());
        int n = gradients.size();
        if (n > 0) rt.launch("relu_grad_" + suffix(gradients.dtype()), Grid.over(n), rt.ptr(out), g, f, n);
        return out;
    }

    Tensor cast(Tensor x, DType to) {
        CUdeviceptr in = rt.ptr(x);
        Tensor out = rt.allocate(to, x.shape());
        int n = x.size();
        if (n > 0) {
            String kernel = "cast_" + suffix(x.dtype()) + "_" + (to == DType.BOOL ? "b8" : suffix(to));
            rt.launch(kernel, Grid.over(n), rt.ptr(out), in, n);
        }
        return out;
    }

    Tensor fill(DType dtype, Shape shape, double value) {
        Tensor out = rt.allocate(dtype, shape);
        rt.fillBits(out, fillBits(dtype, value));
        return out;
    }

    /** The stored bits of {@code value} in {@code dtype}, converted as CpuBackend.fill converts it. */
    static long fillBits(DType dtype, double value) {
        if (value == 0) return 0; // NOTE: -0.0 fills +0.0, as the CPU backend leaves its zeroed array alone
        return switch (dtype) {
            case FLOAT32 -> Float.floatToRawIntBits((float) value) & 0xffffffffL;
            case FLOAT64 -> Double.doubleToRawLongBits(value);
            case INT32 -> ((int) (long) value) & 0xffffffffL;
            case INT64 -> (long) value;
            case UINT8 -> ((long) value) & 0xffL;
            case BOOL -> (long) value != 0 ? 1 : 0;
        };
    }
}
