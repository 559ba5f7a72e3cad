package dev.saccade.eval.play;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.learn.policy.EyeMemory;
import dev.saccade.learn.policy.Fort;
import dev.saccade.learn.policy.Inputs;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.policy.TokenBatch;
import java.util.List;

/**
 * {@code dev.saccade.learn.policy.Policy.act} for many episodes at once: one encoder pass, one eye
 * step and one hand pass over the whole batch. The evaluation plays every regime in lockstep
 * through it, which is several times faster than one call per episode and step. It computes the
 * same function as {@code Policy.act} (tested against it).
 */
final class PolicyBatch {
    /**
     * Outputs for a batch of {@code n}: the eye's probabilities {@code [n][actions]} (null when the
     * eye was not run) and the hand's chunks {@code [n][chunk][joints]}, normalised (as the model
     * predicts them) and absolute (null when the hand was not run).
     */
    record Out(float[] eyeProbs, float[] normalisedChunks, float[] absoluteChunks) {}

    private final LoadedRun run;

    PolicyBatch(LoadedRun run) {
        this.run = run;
    }

    /** A fresh eye memory for {@code n} parallel episodes. */
    EyeMemory newMemory(int n) {
        return run.model().newMemory(n);
    }

    /**
     * Runs the policy on {@code observations}, encoding each once: the eye on the first
     * {@code memory.envs()} of them (if {@code memory} is given; episode i at step
     * {@code stepIndex[i]}, extending the memory) and the hand on all of them (if {@code hand}).
     */
    Out act(List<EyeObservation> observations, EyeMemory memory, int[] stepIndex, boolean hand) {
        PolicyConfig c = run.config();
        Fort model = run.model();
        int n = observations.size();
        int per = c.pyramidFloats();
        float[] pyramids = new float[n * per];
        float[] gaze = new float[2 * n];
        float[] proprio = new float[n * c.joints()];
        int[] task = new int[n];
        for (int i = 0; i < n; i++) {
            EyeObservation o = observations.get(i);
            if (o.pyramid().length != per || o.proprio().length != c.joints()) {
                throw new IllegalArgumentException("observation has a pyramid of " + o.pyramid().length + " floats and "
                        + o.proprio().length + " joints; run " + run.name() + " takes " + per + " and " + c.joints());
            }
            System.arraycopy(o.pyramid(), 0, pyramids, i * per, per);
            gaze[2 * i] = (float) o.gaze().yaw();
            gaze[2 * i + 1] = (float) o.gaze().pitch();
            System.arraycopy(o.proprio(), 0, proprio, i * c.joints(), c.joints());
            task[i] = o.task();
        }
        try (NDManager scope = model.params().manager().newSubManager()) {
            int s = c.imageSize();
            NDArray images = scope.create(pyramids, new Shape((long) n * c.levels(), 3, s, s));
            NDArray tokens = run.encoder().encode(images).reshape(n, c.imageTokens(), c.encoderDim());
            Inputs in = Inputs.withTokens(scope, tokens, new TokenBatch(n, new float[0], gaze, proprio, task), c, run.stats());
            float[] probs = null;
            if (memory != null) {
                int m = memory.envs();
                Inputs eye = m == n ? in : new Inputs(in.tokens().get("0:" + m), in.gaze().get("0:" + m), in.proprio().get("0:" + m),
                        in.task().get("0:" + m));
                probs = model.eyeStep(scope, eye, stepIndex, memory).logits().softmax(1).toFloatArray();
            }
            float[] normalised = null;
            float[] absolute = null;
            if (hand) {
                normalised = model.handChunk(scope, in).toFloatArray();
                absolute = new float[normalised.length];
                for (int i = 0; i < n; i++) {
                    run.stats().absoluteChunk(normalised, i * c.chunkFloats(), proprio, i * c.joints(), c.chunk(),
                            absolute, i * c.chunkFloats());
                }
            }
            return new Out(probs, normalised, absolute);
        }
    }
}
