package dev.saccade.learn.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's intra-op threads for the two phases of an iteration: batch-1 steps of a rollout are
 * served best by one thread, the update's large tensors by all cores (BENCHMARKS.md, Learning).
 */
public record TorchThreads(int rollout, int update) {
    /** Leaves PyTorch's setting as it is in both phases. */
    public static final TorchThreads UNCHANGED = new TorchThreads(0, 0);

    void enterRollout() {
        set(rollout);
    }

    void enterUpdate() {
        set(update);
    }

    /** Sets the intra-op threads ({@code n ≤ 0}: unchanged). */
    public static void set(int n) {
        if (n > 0) {
            Engine.getInstance(); // loads libtorch before its threads are set
            JniUtils.setNumThreads(n);
        }
    }
}
