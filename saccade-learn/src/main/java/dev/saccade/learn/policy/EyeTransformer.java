package dev.saccade.learn.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.saccade.learn.nn.Attention;
import dev.saccade.learn.nn.Init;
import dev.saccade.learn.nn.Mlp;
import dev.saccade.learn.nn.ParallelBlock;
import dev.saccade.learn.nn.Params;
import dev.saccade.learn.nn.Rng;
import dev.saccade.learn.nn.Rope;
import java.util.HashMap;
import java.util.Map;

/**
 * The eye transformer: per step the tokens [actor, critic, gaze, task, proprio] (learned, learned,
 * detached, shared, detached, as in the original) attend to their own step's image tokens and,
 * causally, to the memory tokens (all but proprio) of the last {@code window − 1} steps. The actor
 * token gives the 25 action logits, the critic token the value.
 *
 * <p>Two forms compute the same function: {@link #sequence} over whole episodes (PPO updates) with
 * a window mask, and {@link #step} one step at a time with an {@link EyeMemory} (rollouts,
 * inference). Image tokens are attended once per step and never by later steps, so a step costs
 * the same whatever the window length.
 *
 * <p>Image keys are only ever seen from their own step, whose time is the query's: their relative
 * time is 0. They are therefore scored against the query without its time rotation, and carry
 * only their spatial rotation: the same score as full 3-axis RoPE, without the step's time in the
 * image keys.
 */
final class EyeTransformer {
    static final int ACTOR = 0;
    static final int CRITIC = 1;

    private final PolicyConfig c;
    private final Rope rope;
    private final float[][] imagePositions;
    private final NDArray learned;
    private final ImageAdapter adapter;
    private final ParallelBlock[] blocks;
    private final Mlp actor;
    private final Mlp critic;
    private final Map<Integer, float[]> biasCache = new HashMap<>();

    EyeTransformer(Params params, PolicyConfig c, Rope rope, Rng rng) {
        this.c = c;
        this.rope = rope;
        this.imagePositions = ImagePositions.of(c);
        String g = "eye";
        this.learned = params.add("eye.learned_tokens", g, Init.normal(rng, 0.02, 2, c.width()), true);
        this.adapter = new ImageAdapter(params, "eye.image", g, c, rng);
        this.blocks = new ParallelBlock[c.eyeBlocks()];
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = new ParallelBlock(params, "eye.blocks." + b, g, c.width(), c.heads(), c.mlpRatio(), rng);
        }
        this.actor = new Mlp(params, "eye.actor", g, new int[] {c.width(), c.headHidden(), c.eyeActions()}, 0.01, true, rng);
        this.critic = new Mlp(params, "eye.critic", g, new int[] {c.width(), c.headHidden(), 1}, 1.0, true, rng);
    }

    /** The five tokens of each step, {@code [n, 5, width]}; gaze and proprio are detached (trained by BC only). */
    private NDArray stepTokens(NDManager scope, Fort.Embedded e) {
        long n = e.gaze().getShape().get(0);
        NDArray learnedTokens = scope.zeros(new Shape(n, 2, c.width())).add(learned);
        return NDArrays.concat(new NDList(
                learnedTokens,
                e.gaze().stopGradient().expandDims(1),
                e.task().expandDims(1),
                e.proprio().stopGradient().expandDims(1)), 1);
    }

    /**
     * Logits {@code [rows, steps, actions]} and values {@code [rows, steps]} for whole episodes,
     * row-major inputs. Work is laid out per step ({@code [rows, steps, heads, tokens, headDim]}):
     * each step's five queries score its own image tokens, the memory tokens of the {@code window − 1}
     * steps before it (gathered by shifting, so the cost grows linearly with the episode, not with
     * its square) and its own five tokens.
     */
    Fort.EyeOut sequence(NDManager scope, Inputs in, Fort.Embedded e, int rows, int steps) {
        int k = PolicyConfig.EYE_TOKENS;
        int h = c.heads();
        int hd = c.headDim();
        int ti = c.imageTokens();
        NDArray img = adapter.forward(scope, in.tokens());
        NDArray x = stepTokens(scope, e);
        Rope.Tables time = rope.tables(scope, timePositions(steps)).reshape(new Shape(1, steps, 1, k, hd));
        Rope.Tables space = rope.tables(scope, imagePositions);
        NDArray bias = scope.create(sequenceBias(steps), new Shape(1, steps, 1, 1, ti + memorySlots() + k));
        Shape perStep = new Shape(rows, steps, h, k, hd);
        Shape perStepImage = new Shape(rows, steps, h, ti, hd);
        for (ParallelBlock b : blocks) {
            ParallelBlock.Projected p = b.project(x);
            ParallelBlock.KeyValue kv = b.keysValues(img);
            NDArray kOwn = b.keys(p.k().reshape(perStep), time);
            NDArray vOwn = p.v().reshape(perStep);
            NDArray keys = NDArrays.concat(new NDList(b.keys(kv.k(), space).reshape(perStepImage), window(scope, kOwn), kOwn), 3);
            NDArray values = NDArrays.concat(new NDList(kv.v().reshape(perStepImage), window(scope, vOwn), vOwn), 3);
            NDArray attended = Attention.dot(b.queries(p.q().reshape(perStep), time), keys).add(bias).softmax(-1).matMul(values);
            x = b.finish(x, attended.reshape(rows * steps, h, k, hd), p.mlp());
        }
        NDArray out = x.reshape(rows, steps, k, c.width());
        return new Fort.EyeOut(actor.forward(out.get(":, :, {}", ACTOR)), critic.forward(out.get(":, :, {}", CRITIC)).squeeze(-1));
    }

    /** Memory slots a step sees: the memory tokens of the {@code window − 1} steps before it. */
    private int memorySlots() {
        return (c.window() - 1) * PolicyConfig.EYE_MEMORY_TOKENS;
    }

    /**
     * For every step of {@code own} ({@code [rows, steps, heads, 5, headDim]}), the memory tokens of
     * the {@code window − 1} steps before it, oldest first: {@code [rows, steps, heads, slots, headDim]},
     * zeros before the episode's start (the bias hides them). Slot order matches {@link EyeMemory}.
     */
    private NDArray window(NDManager scope, NDArray own) {
        int back = c.window() - 1;
        long[] s = own.getShape().getShape();
        int m = PolicyConfig.EYE_MEMORY_TOKENS;
        if (back == 0) {
            return scope.zeros(new Shape(s[0], s[1], s[2], 0, s[4]));
        }
        NDArray memory = own.get(":, :, :, :{}", m);
        NDArray padded = NDArrays.concat(new NDList(scope.zeros(new Shape(s[0], back, s[2], m, s[4])), memory), 1);
        NDList shifted = new NDList();
        for (int d = back; d >= 1; d--) {
            shifted.add(padded.get(":, {}:{}", back - d, back - d + s[1])); // step t reads step t − d
        }
        return NDArrays.concat(shifted, 3);
    }

    /** Logits {@code [n, actions]} and values {@code [n]} for one step of {@code n} episodes; appends to {@code memory}. */
    Fort.EyeOut step(NDManager scope, Inputs in, Fort.Embedded e, int[] stepIndex, EyeMemory memory) {
        int k = PolicyConfig.EYE_TOKENS;
        int n = stepIndex.length;
        int ti = c.imageTokens();
        NDArray img = adapter.forward(scope, in.tokens());
        NDArray x = stepTokens(scope, e);
        float[][] pos = new float[n * k][];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                pos[i * k + j] = new float[] {stepIndex[i], 0, 0};
            }
        }
        Rope.Tables time = rope.tables(scope, pos).reshape(new Shape(n, 1, k, c.headDim()));
        Rope.Tables space = rope.tables(scope, imagePositions);
        memory.useIn(scope);
        NDArray bias = scope.create(memory.stepBias(ti, k), new Shape(n, 1, 1, ti + memory.slots() + k));
        NDArray[] newKeys = new NDArray[blocks.length];
        NDArray[] newValues = new NDArray[blocks.length];
        for (int bi = 0; bi < blocks.length; bi++) {
            ParallelBlock b = blocks[bi];
            ParallelBlock.Projected p = b.project(x);
            ParallelBlock.KeyValue kv = b.keysValues(img);
            NDArray kOwn = b.keys(p.k(), time);
            NDArray keys = NDArrays.concat(new NDList(b.keys(kv.k(), space), memory.keys(bi), kOwn), 2);
            NDArray values = NDArrays.concat(new NDList(kv.v(), memory.values(bi), p.v()), 2);
            NDArray attended = Attention.dot(b.queries(p.q(), time), keys).add(bias).softmax(-1).matMul(values);
            newKeys[bi] = kOwn.get(":, :, :{}", PolicyConfig.EYE_MEMORY_TOKENS);
            newValues[bi] = p.v().get(":, :, :{}", PolicyConfig.EYE_MEMORY_TOKENS);
            x = b.finish(x, attended, p.mlp());
        }
        memory.push(newKeys, newValues);
        return new Fort.EyeOut(actor.forward(x.get(":, {}", ACTOR)), critic.forward(x.get(":, {}", CRITIC)).squeeze(-1));
    }

    /** Positions {t, 0, 0} of the step tokens of {@code steps} steps, step-major. */
    private static float[][] timePositions(int steps) {
        int k = PolicyConfig.EYE_TOKENS;
        float[][] pos = new float[steps * k][];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = new float[] {i / k, 0, 0};
        }
        return pos;
    }

    /**
     * The additive mask of {@link #sequence}'s keys per step, {@code [steps][image, memory, own]}: image
     * and own tokens always seen, memory slot {@code j} of step {@code t} (from step
     * {@code t − (window − 1) + j / 4}) hidden before the episode's start.
     */
    float[] sequenceBias(int steps) {
        return biasCache.computeIfAbsent(steps, n -> {
            int ti = c.imageTokens();
            int slots = memorySlots();
            int k = PolicyConfig.EYE_TOKENS;
            int per = ti + slots + k;
            float[] bias = new float[n * per];
            for (int t = 0; t < n; t++) {
                for (int j = 0; j < slots; j++) {
                    int from = t - (c.window() - 1) + j / PolicyConfig.EYE_MEMORY_TOKENS;
                    bias[t * per + ti + j] = from < 0 ? Attention.HIDDEN : 0f;
                }
            }
            return bias;
        });
    }
}
