package dev.saccade.learn.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.saccade.learn.encoder.TokenEncoder;
import dev.saccade.learn.nn.Rng;

/**
 * A trained policy for acting: one observation in, the eye's next action and the hand's action
 * chunk out. It keeps the eye's recent history itself (the last {@code window − 1} steps), so call
 * {@link #reset()} when an episode starts. Batch 1, one native scope per call; see
 * {@code BENCHMARKS.md} for its latency. Not thread-safe. Load one from a checkpoint with
 * {@code dev.saccade.learn.train.Checkpoint.loadPolicy}.
 */
public final class Policy implements AutoCloseable {
    /**
     * What the policy decided.
     *
     * @param eyeAction     the eye's action index (0..eyeActions−1)
     * @param eyeProbs      the eye's probabilities for every action
     * @param value         the critic's value of this observation
     * @param actionChunk   the hand's chunk, absolute joint targets {@code [chunk][joints]} row-major
     */
    public record Decision(int eyeAction, float[] eyeProbs, float value, float[] actionChunk) {}

    private final NDManager manager;
    private final Fort model;
    private final TokenEncoder encoder;
    private final ActionStats stats;
    private final EyeMemory memory;
    private final Rng rng;
    private final boolean ownsModel;
    private int step;

    /**
     * A policy over {@code model} and {@code encoder}. If {@code owns}, closing the policy closes
     * both; otherwise they stay with their owner (a trainer). {@code seed} drives sampled actions.
     */
    public Policy(Fort model, TokenEncoder encoder, ActionStats stats, long seed, boolean owns) {
        new PolicyBundle(model.config(), stats, encoder); // checks that the parts fit
        this.model = model;
        this.encoder = encoder;
        this.stats = stats;
        this.manager = model.params().manager().newSubManager();
        this.memory = model.newMemory(1);
        this.rng = new Rng(seed);
        this.ownsModel = owns;
    }

    public PolicyConfig config() {
        return model.config();
    }

    /** Forgets the eye's history: the next observation is an episode's first. */
    public void reset() {
        memory.reset();
        step = 0;
    }

    /** Steps taken since the last reset. */
    public int steps() {
        return step;
    }

    /**
     * Decides for one observation, appending it to the eye's history. {@code greedy} takes the
     * likeliest eye action (deployment); otherwise it is sampled (as in training).
     */
    public Decision act(Observation o, boolean greedy) {
        PolicyConfig c = model.config();
        if (o.pyramid().length != c.pyramidFloats() || o.proprio().length != c.joints()) {
            throw new IllegalArgumentException("observation has a pyramid of " + o.pyramid().length + " floats and "
                    + o.proprio().length + " joints; the policy takes " + c.pyramidFloats() + " and " + c.joints());
        }
        try (NDManager scope = manager.newSubManager()) {
            int s = c.imageSize();
            NDArray images = scope.create(o.pyramid(), new Shape(c.levels(), 3, s, s));
            NDArray tokens = encoder.encode(images).reshape(1, c.imageTokens(), c.encoderDim());
            TokenBatch batch = new TokenBatch(1, new float[0], new float[] {(float) o.yaw(), (float) o.pitch()},
                    o.proprio(), new int[] {o.task()});
            Inputs in = Inputs.withTokens(scope, tokens, batch, c, stats);
            Fort.EyeOut eye = model.eyeStep(scope, in, new int[] {step}, memory);
            float[] probs = eye.logits().softmax(1).toFloatArray();
            float value = eye.values().getFloat(0);
            float[] chunk = model.handChunk(scope, in).toFloatArray();
            float[] absolute = new float[chunk.length];
            stats.absoluteChunk(chunk, 0, o.proprio(), 0, c.chunk(), absolute, 0);
            int action = greedy ? likeliest(probs) : rng.nextCategorical(probs, 0, probs.length);
            step++;
            return new Decision(action, probs, value, absolute);
        }
    }

    /** The index of the largest value (the first, on ties): the greedy eye action. */
    public static int likeliest(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public void close() {
        memory.close();
        manager.close();
        if (ownsModel) {
            model.close();
            encoder.close();
        }
    }
}
