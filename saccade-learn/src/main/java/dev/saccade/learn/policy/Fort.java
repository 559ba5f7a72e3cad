package dev.saccade.learn.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.saccade.learn.nn.Init;
import dev.saccade.learn.nn.Mlp;
import dev.saccade.learn.nn.Params;
import dev.saccade.learn.nn.Rng;
import dev.saccade.learn.nn.Rope;

/**
 * The Foveated Robot Transformer: the eye and hand transformers over shared token embeddings
 * (reference/eyerobot.md §3). Weights are in two optimiser groups: "eye" (eye transformer, actor,
 * critic, learned tokens, and the task embedding, which both losses train, as the original's
 * {@code target_proj}) and "hand" (hand transformer, action slots, joint head, and the gaze and
 * proprio embeddings, which the eye reads detached). BC gradients therefore never reach the eye
 * transformer: the eye learns only from its reward.
 *
 * <p>Every method takes the step's scope: weights are lent to it and every intermediate dies with it.
 * Not thread-safe.
 */
public final class Fort implements AutoCloseable {
    /** Groups of the two optimisers. */
    public static final String EYE = "eye";
    public static final String HAND = "hand";
    /** Names of the critic's weights (restarted when the eye's reward changes, not copied between runs). */
    public static final String CRITIC_PREFIX = "eye.critic.";

    /** The eye's action logits and values. */
    public record EyeOut(NDArray logits, NDArray values) {}

    /** Embedded gaze, task and proprio tokens {@code [n, width]} each. */
    record Embedded(NDArray gaze, NDArray task, NDArray proprio) {}

    private final PolicyConfig config;
    private final Params params;
    private final Mlp gazeEmbed;
    private final Mlp proprioEmbed;
    private final NDArray taskTable;
    private final EyeTransformer eye;
    private final HandTransformer hand;

    /** A freshly initialised model; {@code seed} fixes every initial weight. */
    public Fort(PolicyConfig config, NDManager parent, long seed) {
        this.config = config;
        this.params = new Params(parent);
        Rng rng = new Rng(seed);
        Rope rope = new Rope(config.headDim(), config.ropeAxes().stream().mapToInt(Integer::intValue).toArray(), config.ropeTheta());
        int d = config.width();
        this.gazeEmbed = new Mlp(params, "embed.gaze", HAND, new int[] {3, d, d}, 1.0, false, rng.fork(1));
        this.proprioEmbed = new Mlp(params, "embed.proprio", HAND, new int[] {config.joints(), d, d}, 1.0, false, rng.fork(2));
        this.taskTable = params.add("embed.task", EYE, Init.normal(rng.fork(3), 0.02, config.tasks(), d), true);
        this.eye = new EyeTransformer(params, config, rope, rng.fork(4));
        this.hand = new HandTransformer(params, config, rope, rng.fork(5));
    }

    public PolicyConfig config() {
        return config;
    }

    public Params params() {
        return params;
    }

    private Embedded embed(NDManager scope, Inputs in) {
        params.useIn(scope);
        return new Embedded(gazeEmbed.forward(in.gaze()), in.task().matMul(taskTable), proprioEmbed.forward(in.proprio()));
    }

    /**
     * The eye over whole episodes: {@code in} holds {@code rows × steps} observations, row-major,
     * each row an episode from its first step. Returns logits {@code [rows, steps, actions]} and
     * values {@code [rows, steps]}.
     */
    public EyeOut eyeSequence(NDManager scope, Inputs in, int rows, int steps) {
        if (in.count() != (long) rows * steps) {
            throw new IllegalArgumentException(in.count() + " observations for " + rows + " × " + steps);
        }
        return eye.sequence(scope, in, embed(scope, in), rows, steps);
    }

    /**
     * One eye step for {@code n} episodes at step indices {@code stepIndex}, reading and extending
     * {@code memory}. Returns logits {@code [n, actions]} and values {@code [n]}.
     */
    public EyeOut eyeStep(NDManager scope, Inputs in, int[] stepIndex, EyeMemory memory) {
        if (in.count() != stepIndex.length || memory.envs() != stepIndex.length) {
            throw new IllegalArgumentException("eye step: " + in.count() + " observations, " + stepIndex.length
                    + " step indices, memory for " + memory.envs());
        }
        return eye.step(scope, in, embed(scope, in), stepIndex, memory);
    }

    /** The hand's normalised relative chunks {@code [n, chunk, joints]}. */
    public NDArray handChunk(NDManager scope, Inputs in) {
        return hand.chunk(scope, in, embed(scope, in));
    }

    /** An empty eye memory for {@code envs} parallel episodes. */
    public EyeMemory newMemory(int envs) {
        return new EyeMemory(params.manager(), config, envs);
    }

    @Override
    public void close() {
        params.close();
    }
}
