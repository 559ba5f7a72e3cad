package dev.saccade.learn.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.saccade.learn.nn.Attention;
import dev.saccade.learn.nn.Params;
import dev.saccade.learn.nn.Rope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link Policy#act}'s step at batch 1 in about half the native calls: the function of
 * {@link Fort#eyeStep} followed by {@link Fort#handChunk}, computed from weights derived from the
 * model's own parameters (read by name when made and at {@link #derive}), never trained and never
 * saved. Training keeps the model's own forward; a test checks this one against it on random
 * weights and inputs.
 *
 * <p>A batch-1 step is bound by the cost of each native call (3–15 µs through DJL, against
 * microseconds of arithmetic per small op), so the work is regrouped into fewer, larger calls:
 * <ul>
 *   <li>the eye and the hand run side by side as a batch of two token streams of
 *       {@code max(3 + chunk, 5)} tokens (the eye's five padded, the pads hidden from every query),
 *       each block's weights stacked per stream, so a block is one set of ops for both;</li>
 *   <li>every LayerNorm that feeds a linear layer is folded into it (the layer's weight times the
 *       norm's scale, its bias plus the weight times the norm's shift);</li>
 *   <li>QK-norm's weights and {@code 1/√headDim} are folded into the RoPE tables (built in Java per
 *       step), and the RMS of a query or key divides after its rotation, as the rotation keeps it;</li>
 *   <li>the image adapters of both transformers are one product plus one constant (their position
 *       embeddings, which do not depend on the step), and the image keys and values of all blocks
 *       one more product;</li>
 *   <li>the gaze and proprio embeddings run once (block-diagonal weights), not once per transformer,
 *       and the actor and critic heads together.</li>
 * </ul>
 * The sums are the same up to float rounding; they are not bit-identical. Needs as many eye as hand
 * blocks ({@link #supports}). Not thread-safe.
 */
final class FusedStep implements AutoCloseable {
    private static final int LEADING = 3; // the hand's proprio, gaze and task tokens
    private static final float RMS_EPS = 1e-6f;
    private static final float NORM_EPS = 1e-5f;

    /** The eye's action logits, the critic's value and the hand's normalised relative chunk {@code [chunk][joints]}. */
    record Out(float[] logits, float value, float[] chunk) {}

    private final PolicyConfig c;
    private final Params params;
    private final Rope rope;
    private final NDManager manager;
    private final int d;
    private final int heads;
    private final int hd;
    private final int half;
    private final int tokens;     // per stream
    private final int image;      // image tokens
    private final int slots;      // eye memory slots
    private final int blocks;
    private final int mlp;        // MLP width of a block
    private final int actions;
    private final int keys;       // image + slots + tokens
    private final float[] handTables; // [blocks][tokens][2: q, k][2: cos, sin][hd], hand stream's (fixed times)
    private final float[][][] eyeScales; // [block][q, k][hd] QK-norm scale (queries with 1/√hd)
    // Indices parsed once: DJL parses a string index at every call, which costs more than the slice.
    private static final NDIndex KEYS = new NDIndex(":, :, :, 0");
    private static final NDIndex VALUES = new NDIndex(":, :, :, 1");
    private static final NDIndex NEWEST = new NDIndex(":, :, :" + PolicyConfig.EYE_MEMORY_TOKENS);
    private static final NDIndex KEPT = new NDIndex(":, :, " + PolicyConfig.EYE_MEMORY_TOKENS + ":");
    private static final NDIndex ACTOR_CRITIC = new NDIndex("0, :2");
    private final NDIndex slotTokens;

    private final List<NDArray> constants = new ArrayList<>();
    private NDArray onesD;
    private NDArray zerosD;
    private NDArray onesE;
    private NDArray zerosE;
    private NDArray adapterW;     // [encoderDim, 2d]
    private NDArray adapterC;     // [image, 2d]
    private NDArray[] adapterMlp; // null, or [2, d, hidden], [2, 1, hidden], [2, hidden, d], [2, 1, d]
    private NDArray swap;         // [hd, hd]: x · swap = rotate_half(x)
    private NDArray imageKvW;     // [2, d, blocks·2d]
    private NDArray imageKvB;     // [2, 1, blocks·2d]
    private NDArray imageTables;  // [2, image, blocks, 2, 1, hd]
    private NDArray embedW1;      // linear layout [2d, 3 + joints]
    private NDArray embedB1;
    private NDArray embedW2;      // [2d, 2d]
    private NDArray embedB2;
    private NDArray base;         // [tasks, 2, tokens, d]
    private NDArray placement;    // [2, tokens, 2]
    private NDArray handTableConstant; // [blocks, 2, tokens, 2, 2, 1, hd], the eye's rows 0
    private NDArray eyeRows;           // [1, 2, 1, 1, 1, 1, 1]: 1 for the eye's stream
    private NDArray[] blockW;     // [2, d, 3d + mlp]
    private NDArray[] blockB;     // [2, 1, 3d + mlp]
    private NDArray[] outW;       // [2, d + mlp, d]
    private NDArray[] outB;       // [2, 1, d]
    private NDArray headW1;       // [2, d, headHidden]: actor, critic
    private NDArray headB1;
    private NDArray headW2;       // [2, headHidden, actions] (the critic's value in column 0)
    private NDArray headB2;
    private NDArray jointGamma;
    private NDArray jointBeta;
    private NDArray[] jointW;     // linear layout
    private NDArray[] jointB;

    private final NDManager memoryManager;
    private final NDArray[] memoryKeys;   // per block [2, heads, slots, hd]; the hand's row is never seen
    private final NDArray[] memoryValues;
    private final float[] memoryBias;     // [slots]

    /** Whether a model of {@code c} has a fused step (as many eye as hand blocks). */
    static boolean supports(PolicyConfig c) {
        return c.eyeBlocks() == c.handBlocks();
    }

    FusedStep(Fort model) {
        this.c = model.config();
        if (!supports(c)) {
            throw new IllegalArgumentException("the fused step needs as many eye as hand blocks, not " + c.eyeBlocks() + " and " + c.handBlocks());
        }
        this.params = model.params();
        this.rope = new Rope(c.headDim(), c.ropeAxes().stream().mapToInt(Integer::intValue).toArray(), c.ropeTheta());
        this.manager = params.manager().newSubManager();
        this.d = c.width();
        this.heads = c.heads();
        this.hd = c.headDim();
        this.half = hd / 2;
        this.tokens = Math.max(LEADING + c.chunk(), PolicyConfig.EYE_TOKENS);
        this.image = c.imageTokens();
        this.slots = (c.window() - 1) * PolicyConfig.EYE_MEMORY_TOKENS;
        this.blocks = c.eyeBlocks();
        this.mlp = c.mlpRatio() * d;
        this.actions = c.eyeActions();
        this.keys = image + slots + tokens;
        this.handTables = new float[blocks * tokens * 4 * hd];
        this.eyeScales = new float[blocks][2][];
        this.slotTokens = new NDIndex("1, " + LEADING + ":" + (LEADING + c.chunk()));
        this.memoryManager = params.manager().newSubManager();
        this.memoryKeys = new NDArray[blocks];
        this.memoryValues = new NDArray[blocks];
        Shape m = new Shape(2, heads, slots, hd);
        for (int b = 0; b < blocks; b++) {
            memoryKeys[b] = memoryManager.zeros(m);
            memoryValues[b] = memoryManager.zeros(m);
        }
        this.memoryBias = new float[slots];
        derive();
        reset();
    }

    /** Forgets the eye's history. */
    void reset() {
        Arrays.fill(memoryBias, Attention.HIDDEN);
    }

    /** (Re)reads the model's weights into the fused ones: call after the weights changed. */
    void derive() {
        for (NDArray a : constants) {
            a.close();
        }
        constants.clear();
        int e = c.encoderDim();
        onesD = constant(filled(d, 1f), d);
        zerosD = constant(new float[d], d);
        onesE = constant(filled(e, 1f), e);
        zerosE = constant(new float[e], e);
        float[] p = new float[hd * hd];
        for (int j = 0; j < hd; j++) {
            p[(j < half ? j + half : j - half) * hd + j] = j < half ? -1f : 1f; // output j reads −x[j + hd/2] or x[j − hd/2]
        }
        swap = constant(p, hd, hd);
        deriveAdapters();
        deriveImageKeysValues();
        deriveTokens();
        deriveBlocks();
        deriveHeads();
    }

    private void deriveAdapters() {
        int e = c.encoderDim();
        float[] w = new float[e * 2 * d];
        float[] k = new float[image * 2 * d];
        float[] angles = ImageAdapter.angleFeatures(ImagePositions.of(c));
        int nf = ImageAdapter.ANGLE_FEATURES;
        int ah = c.adapterHidden();
        float[][] mlpParts = {new float[2 * d * ah], new float[2 * ah], new float[2 * ah * d], new float[2 * d]};
        for (int s = 0; s < 2; s++) {
            String n = (s == 0 ? "eye" : "hand") + ".image";
            Folded proj = folded(n + ".norm", n + ".proj");
            float[] level = host(n + ".level_embed");
            float[] cell = host(n + ".cell_embed");
            float[] angleW = host(n + ".angle_embed.weight");
            float[] angleB = host(n + ".angle_embed.bias");
            for (int j = 0; j < d; j++) {
                for (int i = 0; i < e; i++) {
                    w[i * 2 * d + s * d + j] = proj.weight(j, i);
                }
                for (int t = 0; t < image; t++) {
                    double v = (double) proj.bias(j) + level[(t / c.tokensPerLevel()) * d + j] + cell[(t % c.tokensPerLevel()) * d + j] + angleB[j];
                    for (int f = 0; f < nf; f++) {
                        v += (double) angleW[j * nf + f] * angles[t * nf + f];
                    }
                    k[t * 2 * d + s * d + j] = (float) v;
                }
            }
            if (ah > 0) {
                foldNormed(n + ".mlp.norm", n + ".mlp.fc0", d, ah, s, mlpParts[0], mlpParts[1]);
                transposeInto(n + ".mlp.fc1", ah, d, s, mlpParts[2], mlpParts[3], d);
            }
        }
        adapterW = constant(w, e, 2 * d);
        adapterC = constant(k, image, 2 * d);
        adapterMlp = ah == 0 ? null : new NDArray[] {
            constant(mlpParts[0], 2, d, ah), constant(mlpParts[1], 2, 1, ah), constant(mlpParts[2], 2, ah, d), constant(mlpParts[3], 2, 1, d)};
    }

    /** Image keys and values of every block, for both streams, with the position tables of the image keys. */
    private void deriveImageKeysValues() {
        int cols = blocks * 2 * d;
        float[] w = new float[2 * d * cols];
        float[] bias = new float[2 * cols];
        float[] tables = new float[2 * image * blocks * 2 * hd];
        float[] cos = new float[image * hd];
        float[] sin = new float[image * hd];
        rope.hostTables(ImagePositions.of(c), cos, sin);
        for (int s = 0; s < 2; s++) {
            for (int b = 0; b < blocks; b++) {
                Folded in = folded(block(s, b));
                float[] keyScale = host(block(s, b) + ".k_norm.weight");
                for (int kv = 0; kv < 2 * d; kv++) { // keys then values, the rows d..3d of the block's input layer
                    int col = b * 2 * d + kv;
                    for (int i = 0; i < d; i++) {
                        w[(s * d + i) * cols + col] = in.weight(d + kv, i);
                    }
                    bias[s * cols + col] = in.bias(d + kv);
                }
                for (int t = 0; t < image; t++) {
                    for (int j = 0; j < hd; j++) {
                        int at = (((s * image + t) * blocks + b) * 2) * hd + j;
                        tables[at] = cos[t * hd + j] * keyScale[j];
                        tables[at + hd] = sin[t * hd + j] * keyScale[(j + half) % hd];
                    }
                }
            }
        }
        imageKvW = constant(w, 2, d, cols);
        imageKvB = constant(bias, 2, 1, cols);
        imageTables = constant(tables, 2, image, blocks, 2, 1, hd);
    }

    /** The embeddings (gaze and proprio side by side), the streams' fixed tokens per task and where the embeddings go. */
    private void deriveTokens() {
        int j = c.joints();
        int in = 3 + j;
        float[] w1 = new float[2 * d * in];
        float[] b1 = new float[2 * d];
        float[] w2 = new float[2 * d * 2 * d];
        float[] b2 = new float[2 * d];
        String[] names = {"embed.gaze", "embed.proprio"};
        int[] inputs = {3, j};
        for (int s = 0; s < 2; s++) {
            float[] f0 = host(names[s] + ".fc0.weight");
            float[] f0b = host(names[s] + ".fc0.bias");
            float[] f1 = host(names[s] + ".fc1.weight");
            float[] f1b = host(names[s] + ".fc1.bias");
            int from = s == 0 ? 0 : 3;
            for (int o = 0; o < d; o++) {
                for (int i = 0; i < inputs[s]; i++) {
                    w1[(s * d + o) * in + from + i] = f0[o * inputs[s] + i];
                }
                b1[s * d + o] = f0b[o];
                System.arraycopy(f1, o * d, w2, (s * d + o) * 2 * d + s * d, d);
                b2[s * d + o] = f1b[o];
            }
        }
        embedW1 = constant(w1, 2 * d, in);
        embedB1 = constant(b1, 2 * d);
        embedW2 = constant(w2, 2 * d, 2 * d);
        embedB2 = constant(b2, 2 * d);
        float[] learned = host("eye.learned_tokens");
        float[] slotsW = host("hand.action_slots");
        float[] task = host("embed.task");
        float[] fixed = new float[c.tasks() * 2 * tokens * d];
        for (int t = 0; t < c.tasks(); t++) {
            int eye = t * 2 * tokens * d;
            int hand = eye + tokens * d;
            System.arraycopy(learned, 0, fixed, eye, 2 * d);
            System.arraycopy(task, t * d, fixed, eye + 3 * d, d);
            System.arraycopy(task, t * d, fixed, hand + 2 * d, d);
            System.arraycopy(slotsW, 0, fixed, hand + LEADING * d, c.chunk() * d);
        }
        base = constant(fixed, c.tasks(), 2, tokens, d);
        float[] place = new float[2 * tokens * 2]; // column 0 gaze, 1 proprio
        place[2 * 2] = 1f;                          // eye: gaze at 2
        place[4 * 2 + 1] = 1f;                      // eye: proprio at 4
        place[(tokens) * 2 + 1] = 1f;               // hand: proprio at 0
        place[(tokens + 1) * 2] = 1f;               // hand: gaze at 1
        placement = constant(place, 2, tokens, 2);
    }

    private void deriveBlocks() {
        int cols = 3 * d + mlp;
        blockW = new NDArray[blocks];
        blockB = new NDArray[blocks];
        outW = new NDArray[blocks];
        outB = new NDArray[blocks];
        float[] cos = new float[tokens * hd];
        float[] sin = new float[tokens * hd];
        float[][] positions = new float[tokens][];
        for (int t = 0; t < tokens; t++) {
            positions[t] = new float[] {t < LEADING + c.chunk() ? Math.max(0, t - LEADING + 1) : 0, 0, 0};
        }
        rope.hostTables(positions, cos, sin);
        float inverseRoot = (float) (1.0 / Math.sqrt(hd));
        for (int b = 0; b < blocks; b++) {
            float[] w = new float[2 * d * cols];
            float[] bias = new float[2 * cols];
            float[] ow = new float[2 * (d + mlp) * d];
            float[] ob = new float[2 * d];
            for (int s = 0; s < 2; s++) {
                Folded in = folded(block(s, b));
                for (int col = 0; col < cols; col++) { // the block's input layer, transposed: [q, k, v, mlp]
                    for (int i = 0; i < d; i++) {
                        w[(s * d + i) * cols + col] = in.weight(col, i);
                    }
                    bias[s * cols + col] = in.bias(col);
                }
                transposeInto(block(s, b) + ".attn_out", d + mlp, d, s, ow, ob, d);
                float[] qs = host(block(s, b) + ".q_norm.weight");
                float[] ks = host(block(s, b) + ".k_norm.weight");
                float[] scaledQ = new float[hd];
                for (int j = 0; j < hd; j++) {
                    scaledQ[j] = qs[j] * inverseRoot; // as ParallelBlock.queries
                }
                if (s == 0) {
                    eyeScales[b][0] = scaledQ;
                    eyeScales[b][1] = ks;
                } else {
                    for (int t = 0; t < tokens; t++) {
                        fillTables(handTables, ((b * tokens + t) * 4) * hd, cos, sin, t, scaledQ, ks);
                    }
                }
            }
            blockW[b] = constant(w, 2, d, cols);
            if (b == blocks - 1) {
                float[] both = new float[blocks * 2 * tokens * 4 * hd];
                for (int bb = 0; bb < blocks; bb++) {
                    System.arraycopy(handTables, bb * tokens * 4 * hd, both, ((bb * 2 + 1) * tokens * 4) * hd, tokens * 4 * hd);
                }
                handTableConstant = constant(both, blocks, 2, tokens, 2, 2, 1, hd);
                eyeRows = constant(new float[] {1f, 0f}, 1, 2, 1, 1, 1, 1, 1);
            }
            blockB[b] = constant(bias, 2, 1, cols);
            outW[b] = constant(ow, 2, d + mlp, d);
            outB[b] = constant(ob, 2, 1, d);
        }
    }

    private void deriveHeads() {
        int hh = c.headHidden();
        float[] w1 = new float[2 * d * hh];
        float[] b1 = new float[2 * hh];
        foldNormed("eye.actor.norm", "eye.actor.fc0", d, hh, 0, w1, b1);
        foldNormed("eye.critic.norm", "eye.critic.fc0", d, hh, 1, w1, b1);
        float[] w2 = new float[2 * hh * actions];
        float[] b2 = new float[2 * actions];
        transposeInto("eye.actor.fc1", hh, actions, 0, w2, b2, actions);
        transposeInto("eye.critic.fc1", hh, 1, 1, w2, b2, actions);
        headW1 = constant(w1, 2, d, hh);
        headB1 = constant(b1, 2, 1, hh);
        headW2 = constant(w2, 2, hh, actions);
        headB2 = constant(b2, 2, 1, actions);
        jointGamma = copy("hand.joint_head.norm.weight");
        jointBeta = copy("hand.joint_head.norm.bias");
        List<NDArray> w = new ArrayList<>();
        List<NDArray> b = new ArrayList<>();
        for (Params.Param p : params.all()) {
            if (p.name().startsWith("hand.joint_head.fc") && p.name().endsWith(".weight")) {
                String layer = p.name().substring(0, p.name().length() - ".weight".length());
                w.add(copy(layer + ".weight"));
                b.add(copy(layer + ".bias"));
            }
        }
        jointW = w.toArray(NDArray[]::new);
        jointB = b.toArray(NDArray[]::new);
    }

    /**
     * One step: {@code encoded} tokens {@code [1, image, encoderDim]} (in {@code scope}), the gaze as
     * yaw and pitch (radians), the normalised proprioception, the task id and the step's index since
     * the episode began. Extends the eye's history.
     */
    Out step(NDManager scope, NDArray encoded, double yaw, double pitch, float[] proprio, int task, int stepIndex) {
        // Only arrays that receive an op are lent to the step (an op's result joins its receiver's
        // scope); the other constants are only ever arguments.
        base.tempAttach(scope);
        placement.tempAttach(scope);
        for (int b = 0; b < blocks; b++) {
            memoryKeys[b].tempAttach(scope);
            memoryValues[b].tempAttach(scope);
        }
        Shape width = new Shape(d);
        // Both adapters: [image, 2d] → [2, image, d].
        NDArray img = norm(encoded.reshape(image, c.encoderDim()), onesE, zerosE).matMul(adapterW).add(adapterC)
                .reshape(image, 2, d).transpose(1, 0, 2);
        if (adapterMlp != null) {
            img = img.add(Activation.gelu(norm(img, onesD, zerosD).matMul(adapterMlp[0]).add(adapterMlp[1])).matMul(adapterMlp[2]).add(adapterMlp[3]));
        }
        // Image keys and values of every block: [2, image, blocks, 3, heads, hd].
        NDArray kv = norm(img, onesD, zerosD).matMul(imageKvW).add(imageKvB).reshape(2, image, blocks, 2, heads, hd);
        NDArray imageKeys = rotated(kv.get(KEYS), imageTables).transpose(2, 0, 3, 1, 4); // [blocks, 2, heads, image, hd]
        NDArray imageValues = kv.get(VALUES).transpose(2, 0, 3, 1, 4);
        // The two streams' tokens.
        float[] in = new float[3 + c.joints()];
        in[0] = (float) (Math.cos(pitch) * Math.sin(yaw));
        in[1] = (float) Math.sin(pitch);
        in[2] = (float) (Math.cos(pitch) * Math.cos(yaw));
        System.arraycopy(proprio, 0, in, 3, c.joints());
        NDArray u = scope.create(in, new Shape(1, in.length));
        NDArray embedded = linear(Activation.gelu(linear(u, embedW1, embedB1)), embedW2, embedB2).reshape(2, d);
        NDArray x = base.get((long) task).add(placement.matMul(embedded)); // [2, tokens, d]
        // The eye's rows at this step's time, broadcast over its tokens, beside the hand's fixed ones.
        NDArray tables = scope.create(eyeTables(stepIndex), new Shape(blocks, 1, 1, 2, 2, 1, hd)).mul(eyeRows).add(handTableConstant);
        NDArray bias = scope.create(bias(), new Shape(2, 1, 1, keys));
        NDArray[] newKeys = new NDArray[blocks];
        NDArray[] newValues = new NDArray[blocks];
        for (int b = 0; b < blocks; b++) {
            NDArray h = norm(x, onesD, zerosD).matMul(blockW[b]).add(blockB[b]); // [2, tokens, 3d + mlp]
            NDList parts = h.split(new long[] {2L * d, 3L * d}, 2); // queries and keys, values, MLP
            NDArray qk = rotated(parts.get(0).reshape(2, tokens, 2, heads, hd), tables.get(b))
                    .transpose(2, 0, 3, 1, 4); // [q/k, 2, heads, tokens, hd]
            NDArray ownKeys = qk.get(1);
            NDArray ownValues = parts.get(1).reshape(2, tokens, heads, hd).transpose(0, 2, 1, 3);
            NDArray k = NDArrays.concat(new NDList(imageKeys.get(b), memoryKeys[b], ownKeys), 2);
            NDArray v = NDArrays.concat(new NDList(imageValues.get(b), memoryValues[b], ownValues), 2);
            NDArray attended = qk.get(0).matMul(k.swapAxes(-1, -2)).add(bias).softmax(-1).matMul(v)
                    .transpose(0, 2, 1, 3).reshape(2, tokens, d);
            NDArray gelu = Activation.gelu(parts.get(2));
            x = x.add(NDArrays.concat(new NDList(attended, gelu), 2).matMul(outW[b]).add(outB[b]));
            newKeys[b] = ownKeys.get(NEWEST);
            newValues[b] = ownValues.get(NEWEST);
        }
        push(newKeys, newValues);
        NDArray eyeHeads = norm(x.get(ACTOR_CRITIC), onesD, zerosD).reshape(2, 1, d).matMul(headW1).add(headB1);
        float[] eye = Activation.gelu(eyeHeads).matMul(headW2).add(headB2).toFloatArray();
        NDArray hand = ai.djl.nn.norm.LayerNorm.layerNorm(x.get(slotTokens), width, jointGamma, jointBeta, NORM_EPS)
                .singletonOrThrow();
        for (int i = 0; i < jointW.length; i++) {
            hand = linear(hand, jointW[i], jointB[i]);
            if (i < jointW.length - 1) {
                hand = Activation.gelu(hand);
            }
        }
        return new Out(Arrays.copyOf(eye, actions), eye[actions], hand.toFloatArray());
    }

    /** Per block, query/key: {@code cos ⊙ scale, sin ⊙ roll(scale)} at the eye's time {@code stepIndex}: {@code [blocks][2][2][hd]}. */
    private float[] eyeTables(int stepIndex) {
        float[] out = new float[blocks * 4 * hd];
        float[] cos = new float[hd];
        float[] sin = new float[hd];
        rope.hostTables(new float[][] {{stepIndex, 0, 0}}, cos, sin);
        for (int b = 0; b < blocks; b++) {
            fillTables(out, b * 4 * hd, cos, sin, 0, eyeScales[b][0], eyeScales[b][1]);
        }
        return out;
    }

    /** The step's additive mask per stream over [image, memory, own tokens]: the eye sees its memory and its five tokens, the hand its own tokens. */
    private float[] bias() {
        float[] out = new float[2 * keys];
        System.arraycopy(memoryBias, 0, out, image, slots);
        Arrays.fill(out, keys + image, keys + image + slots, Attention.HIDDEN);
        Arrays.fill(out, image + slots + PolicyConfig.EYE_TOKENS, keys, Attention.HIDDEN);
        Arrays.fill(out, keys + image + slots + LEADING + c.chunk(), 2 * keys, Attention.HIDDEN);
        return out;
    }

    private void push(NDArray[] newKeys, NDArray[] newValues) {
        if (slots == 0) {
            return;
        }
        int m = PolicyConfig.EYE_MEMORY_TOKENS;
        for (int b = 0; b < blocks; b++) {
            memoryKeys[b] = remember(memoryKeys[b], NDArrays.concat(new NDList(memoryKeys[b].get(KEPT), newKeys[b]), 2));
            memoryValues[b] = remember(memoryValues[b], NDArrays.concat(new NDList(memoryValues[b].get(KEPT), newValues[b]), 2));
        }
        System.arraycopy(memoryBias, m, memoryBias, 0, slots - m);
        Arrays.fill(memoryBias, slots - m, slots, 0f);
    }

    private NDArray remember(NDArray old, NDArray fresh) {
        fresh.attach(memoryManager);
        old.close();
        return fresh;
    }

    /**
     * Queries or keys {@code x} ({@code [a, b, c, heads, hd]}, raw projections) with QK-norm and RoPE:
     * {@code (x ⊙ cos + rotate_half(x) ⊙ sin) / rms(x)}, {@code tables} ({@code [a, b, c, 2, 1, hd]})
     * holding the cosines and sines with the QK-norm scale folded in. The RMS divides last, as the
     * rotation keeps it.
     */
    private NDArray rotated(NDArray x, NDArray tables) {
        NDArray rms = x.square().mean(new int[] {4}, true).add(RMS_EPS).sqrt();
        return NDArrays.stack(new NDList(x, x.matMul(swap)), 3).mul(tables).sum(new int[] {3}).div(rms);
    }

    private NDArray norm(NDArray x, NDArray ones, NDArray zeros) {
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(ones.getShape().get(0)), ones, zeros, NORM_EPS).singletonOrThrow();
    }

    private static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return ai.djl.nn.core.Linear.linear(x, w, b).singletonOrThrow();
    }

    /** Writes one token's q and k tables at {@code at}: {@code [q, k][cos, sin][hd]}. */
    private void fillTables(float[] out, int at, float[] cos, float[] sin, int token, float[] q, float[] k) {
        float[][] scales = {q, k};
        for (int qk = 0; qk < 2; qk++) {
            float[] s = scales[qk];
            for (int j = 0; j < hd; j++) {
                out[at + (qk * 2) * hd + j] = cos[token * hd + j] * s[j];
                out[at + (qk * 2 + 1) * hd + j] = sin[token * hd + j] * s[(j + half) % hd];
            }
        }
    }

    private static String block(int stream, int b) {
        return (stream == 0 ? "eye" : "hand") + ".blocks." + b;
    }

    /** A block's input layer with its LayerNorm folded in: {@code W·diag(γ)} and {@code b + W·β}. */
    private record Folded(float[] w, float[] b, int in) {
        float weight(int row, int col) {
            return w[row * in + col];
        }

        float bias(int row) {
            return b[row];
        }
    }

    private Folded folded(String block) {
        return folded(block + ".norm", block + ".attn_in");
    }

    /** Linear {@code layer} with LayerNorm {@code norm} folded in ({@code [out, in]}, as the layer's weight). */
    private Folded folded(String norm, String layer) {
        float[] w = host(layer + ".weight");
        float[] bias = host(layer + ".bias");
        float[] gamma = host(norm + ".weight");
        float[] beta = host(norm + ".bias");
        int rows = bias.length, in = gamma.length;
        float[] fw = new float[w.length];
        float[] fb = new float[rows];
        for (int r = 0; r < rows; r++) {
            double shift = bias[r];
            for (int i = 0; i < in; i++) {
                fw[r * in + i] = w[r * in + i] * gamma[i];
                shift += (double) w[r * in + i] * beta[i];
            }
            fb[r] = (float) shift;
        }
        return new Folded(fw, fb, in);
    }

    /** Stream {@code s} of a stacked {@code [2, in, out]} weight and {@code [2, out]} bias: LayerNorm {@code norm} folded into linear {@code layer}. */
    private void foldNormed(String norm, String layer, int in, int out, int s, float[] w, float[] b) {
        Folded f = folded(norm, layer);
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[(s * in + i) * out + o] = f.weight(o, i);
            }
            b[s * out + o] = f.bias(o);
        }
    }

    /**
     * Stream {@code s} of a stacked {@code [2, in, stride]} weight and {@code [2, stride]} bias: linear
     * {@code layer} ({@code out ≤ stride} outputs) transposed.
     */
    private void transposeInto(String layer, int in, int out, int s, float[] w, float[] b, int stride) {
        float[] lw = host(layer + ".weight");
        float[] lb = host(layer + ".bias");
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[(s * in + i) * stride + o] = lw[o * in + i];
            }
            b[s * stride + o] = lb[o];
        }
    }

    private float[] host(String name) {
        return params.get(name).toFloatArray();
    }

    private NDArray copy(String name) {
        NDArray p = params.get(name);
        return constant(p.toFloatArray(), p.getShape().getShape());
    }

    private NDArray constant(float[] data, long... shape) {
        NDArray a = manager.create(data, new Shape(shape));
        constants.add(a);
        return a;
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    @Override
    public void close() {
        memoryManager.close();
        manager.close();
    }
}
