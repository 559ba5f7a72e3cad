package dev.saccade.learn.nn;

import ai.djl.ndarray.NDArray;

/** Scaled dot-product attention helpers; masks are additive biases (0 seen, {@link #HIDDEN} not seen). */
public final class Attention {
    /** The bias of a key a query must not see: large enough that its softmax weight is exactly 0. */
    public static final float HIDDEN = -1e9f;

    private Attention() {}

    /** {@code q·kᵀ} for queries already scaled by {@code 1/√d}: [..., nq, d] × [..., nk, d] → [..., nq, nk]. */
    public static NDArray dot(NDArray q, NDArray k) {
        return q.matMul(k.swapAxes(-1, -2));
    }
}
