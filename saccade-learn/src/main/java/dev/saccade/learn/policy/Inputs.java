package dev.saccade.learn.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Model inputs as native arrays in one scope: tokens {@code [n, imageTokens, encoderDim]}, gaze as a
 * unit direction {@code [n, 3]} (DESIGN.md §3, so yaw wraps without a seam), proprioception scaled
 * to [−1, 1] {@code [n, joints]} and the task one-hot {@code [n, tasks]}.
 */
public record Inputs(NDArray tokens, NDArray gaze, NDArray proprio, NDArray task) {
    /** Copies {@code batch} into {@code scope}, normalising it with {@code stats}. */
    public static Inputs create(NDManager scope, TokenBatch batch, PolicyConfig c, ActionStats stats) {
        batch.requireShape(c);
        int n = batch.count();
        NDArray tokens = scope.create(batch.tokens(), new Shape(n, c.imageTokens(), c.encoderDim()));
        return withTokens(scope, tokens, batch, c, stats);
    }

    /** Like {@link #create}, with tokens already in native memory ({@code [n, imageTokens, encoderDim]}). */
    public static Inputs withTokens(NDManager scope, NDArray tokens, TokenBatch batch, PolicyConfig c, ActionStats stats) {
        int n = batch.count();
        float[] dir = new float[3 * n];
        float[] prop = new float[c.joints() * n];
        float[] task = new float[c.tasks() * n];
        for (int i = 0; i < n; i++) {
            double yaw = batch.gaze()[2 * i];
            double pitch = batch.gaze()[2 * i + 1];
            dir[3 * i] = (float) (Math.cos(pitch) * Math.sin(yaw));
            dir[3 * i + 1] = (float) Math.sin(pitch);
            dir[3 * i + 2] = (float) (Math.cos(pitch) * Math.cos(yaw));
            stats.normaliseState(batch.proprio(), i * c.joints(), prop, i * c.joints());
            task[i * c.tasks() + batch.task()[i]] = 1f;
        }
        return new Inputs(tokens,
                scope.create(dir, new Shape(n, 3)),
                scope.create(prop, new Shape(n, c.joints())),
                scope.create(task, new Shape(n, c.tasks())));
    }

    /** Number of observations. */
    public long count() {
        return tokens.getShape().get(0);
    }
}
