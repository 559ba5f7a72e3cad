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
 *
 * <p>By default a step runs in the {@link Forward#FUSED fused} form (the same function in about half
 * the native calls, equal to the model's own forward up to float rounding); training never
 * uses it. The fused weights are read from the model when the policy is made, and again at every
 * {@link #reset()} of a policy that does not own its model (a trainer's, whose weights change).
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

    /** How a step is computed. */
    public enum Forward {
        /** {@link Fort#eyeStep} and {@link Fort#handChunk}, the modules training runs. */
        MODEL,
        /** {@link FusedStep}: the same function in fewer native calls (falls back to {@link #MODEL} for a model it does not support). */
        FUSED
    }

    private final NDManager manager;
    private final Fort model;
    private final TokenEncoder encoder;
    private final ActionStats stats;
    private final EyeMemory memory;
    private final Rng rng;
    private final boolean ownsModel;
    private final FusedStep fused; // null: the model's own forward
    private final java.nio.ByteBuffer pyramidBuffer; // the fused step's pyramid, native memory reused every step
    private int step;

    /**
     * A policy over {@code model} and {@code encoder}. If {@code owns}, closing the policy closes
     * both; otherwise they stay with their owner (a trainer). {@code seed} drives sampled actions.
     */
    public Policy(Fort model, TokenEncoder encoder, ActionStats stats, long seed, boolean owns) {
        this(model, encoder, stats, seed, owns, Forward.FUSED);
    }

    /** As {@link #Policy(Fort, TokenEncoder, ActionStats, long, boolean)}, computing steps by {@code forward}. */
    public Policy(Fort model, TokenEncoder encoder, ActionStats stats, long seed, boolean owns, Forward forward) {
        new PolicyBundle(model.config(), stats, encoder); // checks that the parts fit
        this.model = model;
        this.encoder = encoder;
        this.stats = stats;
        this.manager = model.params().manager().newSubManager();
        this.memory = model.newMemory(1);
        this.rng = new Rng(seed);
        this.ownsModel = owns;
        this.fused = forward == Forward.FUSED && FusedStep.supports(model.config()) ? new FusedStep(model) : null;
        this.pyramidBuffer = fused == null ? null
                : java.nio.ByteBuffer.allocateDirect(Float.BYTES * model.config().pyramidFloats()).order(java.nio.ByteOrder.nativeOrder());
    }

    /** How this policy computes its steps ({@link Forward#MODEL} when the fused form does not fit the model). */
    public Forward forward() {
        return fused == null ? Forward.MODEL : Forward.FUSED;
    }

    public PolicyConfig config() {
        return model.config();
    }

    /** Forgets the eye's history: the next observation is an episode's first. */
    public void reset() {
        memory.reset();
        if (fused != null) {
            fused.reset();
            if (!ownsModel) {
                fused.derive(); // a trainer's weights may have changed since
            }
        }
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
        if (o.task() < 0 || o.task() >= c.tasks()) {
            throw new IllegalArgumentException("task id " + o.task() + " outside [0, " + c.tasks() + ")");
        }
        try (NDManager scope = manager.newSubManager()) {
            int s = c.imageSize();
            Shape levels = new Shape(c.levels(), 3, s, s);
            if (fused != null) {
                // The array reads the buffer in place (no new direct buffer per step); it dies with the scope, before the next write.
                pyramidBuffer.clear();
                pyramidBuffer.asFloatBuffer().put(o.pyramid());
                NDArray tokens = encoder.encode(scope.create(pyramidBuffer, levels, ai.djl.ndarray.types.DataType.FLOAT32))
                        .reshape(1, c.imageTokens(), c.encoderDim());
                float[] proprio = new float[c.joints()];
                stats.normaliseState(o.proprio(), 0, proprio, 0);
                // The gaze as the model's inputs hold it (float radians).
                FusedStep.Out out = fused.step(scope, tokens, (float) o.yaw(), (float) o.pitch(), proprio, o.task(), step);
                return decide(softmax(out.logits()), out.value(), out.chunk(), o, greedy);
            }
            NDArray images = scope.create(o.pyramid(), levels);
            NDArray tokens = encoder.encode(images).reshape(1, c.imageTokens(), c.encoderDim());
            TokenBatch batch = new TokenBatch(1, new float[0], new float[] {(float) o.yaw(), (float) o.pitch()},
                    o.proprio(), new int[] {o.task()});
            Inputs in = Inputs.withTokens(scope, tokens, batch, c, stats);
            Fort.EyeOut eye = model.eyeStep(scope, in, new int[] {step}, memory);
            float[] probs = eye.logits().softmax(1).toFloatArray();
            float value = eye.values().getFloat(0);
            float[] chunk = model.handChunk(scope, in).toFloatArray();
            return decide(probs, value, chunk, o, greedy);
        }
    }

    /** The decision from the eye's probabilities, the value and the normalised relative chunk; advances the step. */
    private Decision decide(float[] probs, float value, float[] chunk, Observation o, boolean greedy) {
        float[] absolute = new float[chunk.length];
        stats.absoluteChunk(chunk, 0, o.proprio(), 0, model.config().chunk(), absolute, 0);
        int action = greedy ? likeliest(probs) : rng.nextCategorical(probs, 0, probs.length);
        step++;
        return new Decision(action, probs, value, absolute);
    }

    private static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] e = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] out = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) (e[i] / sum);
        }
        return out;
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
        if (fused != null) {
            fused.close();
        }
        memory.close();
        manager.close();
        if (ownsModel) {
            model.close();
            encoder.close();
        }
    }
}
