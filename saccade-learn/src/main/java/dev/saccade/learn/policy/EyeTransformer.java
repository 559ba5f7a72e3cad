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

    /** Logits {@code [rows, steps, actions]} and values {@code [rows, steps]} for whole episodes, row-major inputs. */
    Fort.EyeOut sequence(NDManager scope, Inputs in, Fort.Embedded e, int rows, int steps) {
        int k = PolicyConfig.EYE_TOKENS;
        int h = c.heads();
        int hd = c.headDim();
        int ti = c.imageTokens();
        int tk = steps * k;
        NDArray img = adapter.forward(scope, in.tokens());
        NDArray x = stepTokens(scope, e).reshape(rows, tk, c.width());
        Rope.Tables time = rope.tables(scope, timePositions(steps));
        Rope.Tables space = rope.tables(scope, imagePositions);
        NDArray bias = scope.create(windowBias(steps), new Shape(tk, tk));
        for (ParallelBlock b : blocks) {
            ParallelBlock.Projected p = b.project(x);
            ParallelBlock.KeyValue kv = b.keysValues(img);
            NDArray kImg = space.apply(kv.k()).reshape(rows, steps, h, ti, hd);
            NDArray vImg = kv.v().reshape(rows, steps, h, ti, hd);
            NDArray qStep = p.q().reshape(rows, h, steps, k, hd).transpose(0, 2, 1, 3, 4);
            NDArray sImg = Attention.scores(qStep, kImg).transpose(0, 2, 1, 3, 4).reshape(rows, h, tk, ti);
            NDArray sSteps = Attention.scores(time.apply(p.q()), time.apply(p.k())).add(bias);
            NDList w = NDArrays.concat(new NDList(sImg, sSteps), sImg.getShape().dimension() - 1).softmax(-1).split(new long[] {ti}, sImg.getShape().dimension() - 1);
            NDArray aImg = w.get(0).reshape(rows, h, steps, k, ti).transpose(0, 2, 1, 3, 4).matMul(vImg)
                    .transpose(0, 2, 1, 3, 4).reshape(rows, h, tk, hd);
            x = b.finish(x, aImg.add(w.get(1).matMul(p.v())), p.mlp());
        }
        NDArray out = x.reshape(rows, steps, k, c.width());
        return new Fort.EyeOut(actor.forward(out.get(":, :, {}", ACTOR)), critic.forward(out.get(":, :, {}", CRITIC)).squeeze(-1));
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
        Rope.Tables t = rope.tables(scope, pos);
        Rope.Tables time = new Rope.Tables(t.cos().reshape(n, 1, k, c.headDim()), t.sin().reshape(n, 1, k, c.headDim()));
        Rope.Tables space = rope.tables(scope, imagePositions);
        memory.useIn(scope);
        NDArray memoryBias = memory.bias(scope);
        NDArray[] newKeys = new NDArray[blocks.length];
        NDArray[] newValues = new NDArray[blocks.length];
        for (int bi = 0; bi < blocks.length; bi++) {
            ParallelBlock b = blocks[bi];
            ParallelBlock.Projected p = b.project(x);
            ParallelBlock.KeyValue kv = b.keysValues(img);
            NDArray qt = time.apply(p.q());
            NDArray kt = time.apply(p.k());
            NDArray sImg = Attention.scores(p.q(), space.apply(kv.k()));
            NDArray sOwn = Attention.scores(qt, kt);
            NDArray sMem = Attention.scores(qt, memory.keys(bi)).add(memoryBias);
            NDList w = NDArrays.concat(new NDList(sImg, sOwn, sMem), sImg.getShape().dimension() - 1).softmax(-1).split(new long[] {ti, ti + k}, sImg.getShape().dimension() - 1);
            NDArray att = w.get(0).matMul(kv.v()).add(w.get(1).matMul(p.v())).add(w.get(2).matMul(memory.values(bi)));
            newKeys[bi] = kt.get(":, :, :{}", PolicyConfig.EYE_MEMORY_TOKENS);
            newValues[bi] = p.v().get(":, :, :{}", PolicyConfig.EYE_MEMORY_TOKENS);
            x = b.finish(x, att, p.mlp());
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
     * The step-token mask of a whole episode: query (t, i) sees key (s, j) iff
     * {@code t − window < s ≤ t} and, for an earlier step, j is a memory token (not proprio).
     */
    float[] windowBias(int steps) {
        return biasCache.computeIfAbsent(steps, n -> {
            int k = PolicyConfig.EYE_TOKENS;
            int tk = n * k;
            float[] bias = new float[tk * tk];
            for (int q = 0; q < tk; q++) {
                int t = q / k;
                for (int key = 0; key < tk; key++) {
                    int s = key / k;
                    int j = key % k;
                    boolean seen = s <= t && s > t - c.window() && (s == t || j < PolicyConfig.EYE_MEMORY_TOKENS);
                    bias[q * tk + key] = seen ? 0f : Attention.HIDDEN;
                }
            }
            return bias;
        });
    }
}
