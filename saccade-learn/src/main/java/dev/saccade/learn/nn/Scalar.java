package dev.saccade.learn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.BinaryOperator;

/**
 * Arithmetic of a tensor with a constant, safe inside a graph that is differentiated later. Use
 * these instead of DJL's {@code NDArray.mul(Number)}, {@code div(Number)}, {@code maximum(Number)},
 * {@code minimum(Number)} and {@code pow(Number)}: those wrap the constant in a tensor over Java
 * direct memory and close it as they return, but PyTorch's graph keeps that tensor for the
 * backward pass (the gradient of {@code x·c} is {@code c}), and the next garbage collection frees
 * its memory. A backward pass after a collection then read whatever lay there: gradients that
 * changed with the collector's timing, seen as runs that differed only under load (issue 16).
 * Here the constant is a tensor PyTorch allocates itself, which the graph keeps alive.
 * {@code add(Number)} and {@code sub(Number)} stay safe (their gradients keep no operand), as do
 * in-place ops outside a graph. {@code NoJavaScalarsInGraphsTest} keeps the unsafe forms out.
 */
public final class Scalar {
    private Scalar() {}

    /** {@code x · c}. */
    public static NDArray mul(NDArray x, double c) {
        return with(x, c, NDArray::mul);
    }

    /** {@code x / c}. */
    public static NDArray div(NDArray x, double c) {
        return with(x, c, NDArray::div);
    }

    /** The element-wise maximum of {@code x} and {@code c}. */
    public static NDArray maximum(NDArray x, double c) {
        return with(x, c, NDArray::maximum);
    }

    private static NDArray with(NDArray x, double c, BinaryOperator<NDArray> op) {
        // Closing the handle is safe: PyTorch's graph holds its own reference to memory it allocated.
        try (NDArray constant = x.getManager().full(new Shape(), (float) c, x.getDataType())) {
            return op.apply(x, constant);
        }
    }
}
