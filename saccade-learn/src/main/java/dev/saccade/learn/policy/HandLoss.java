package dev.saccade.learn.policy;

import ai.djl.ndarray.NDArray;
import dev.saccade.learn.nn.Scalar;

/**
 * The hand's loss, behaviour cloning of action chunks (reference/eyerobot.md §4): the hand predicts the normalised
 * chunk relative to the current state, and the loss is the L1 distance to the demonstrated one,
 * averaged over the frames that exist. A frame is masked out when the demonstration ends before
 * it, and a whole observation when BC must skip it (paused search steps, padding).
 */
public final class HandLoss {
    private HandLoss() {}

    /**
     * Mean L1 over unmasked values: {@code Σ |pred − target| · mask / (Σ mask · joints)}.
     *
     * @param predicted normalised chunks {@code [n, chunk, joints]}
     * @param target    normalised demonstrated chunks, same shape
     * @param mask      {@code [n, chunk]}: 1 where the frame counts, 0 where it does not
     */
    public static NDArray loss(NDArray predicted, NDArray target, NDArray mask) {
        long joints = predicted.getShape().get(2);
        NDArray perFrame = predicted.sub(target).abs().sum(new int[] {2});
        return perFrame.mul(mask).sum().div(Scalar.maximum(Scalar.mul(mask.sum(), joints), 1));
    }
}
