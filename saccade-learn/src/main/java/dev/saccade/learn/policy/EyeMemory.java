package dev.saccade.learn.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.saccade.learn.nn.Attention;
import java.util.Arrays;

/**
 * The eye's recent past for {@code envs} parallel episodes: per transformer block, the keys and
 * values of the last {@code window − 1} steps' memory tokens (actor, critic, gaze, task), as a
 * key/value cache. Each new step is computed once, attending to its own image tokens and to this
 * cache, then appended; the oldest step drops out. This is exactly what the batched update
 * computes with its window mask, so log-probabilities in PPO updates match the rollout's.
 */
public final class EyeMemory implements AutoCloseable {
    private final NDManager manager;
    private final int envs;
    private final int slots;
    private final NDArray[] keys;   // per block [envs, heads, slots, headDim], oldest step first
    private final NDArray[] values;
    private final float[] bias;     // [envs][slots]: 0 for a remembered token, HIDDEN for an empty slot

    EyeMemory(NDManager parent, PolicyConfig c, int envs) {
        this.manager = parent.newSubManager();
        this.envs = envs;
        this.slots = (c.window() - 1) * PolicyConfig.EYE_MEMORY_TOKENS;
        this.keys = new NDArray[c.eyeBlocks()];
        this.values = new NDArray[c.eyeBlocks()];
        Shape s = new Shape(envs, c.heads(), slots, c.headDim());
        for (int b = 0; b < keys.length; b++) {
            keys[b] = manager.zeros(s);
            values[b] = manager.zeros(s);
        }
        this.bias = new float[envs * slots];
        reset();
    }

    public int envs() {
        return envs;
    }

    /** Forgets everything: every episode starts afresh. */
    public void reset() {
        Arrays.fill(bias, Attention.HIDDEN);
    }

    /** Forgets the past of one episode (after its environment reset). */
    public void reset(int env) {
        Arrays.fill(bias, env * slots, (env + 1) * slots, Attention.HIDDEN);
    }

    /** Lends the cache to a step's scope, so reading it leaves nothing behind. */
    void useIn(NDManager scope) {
        for (int b = 0; b < keys.length; b++) {
            keys[b].tempAttach(scope);
            values[b].tempAttach(scope);
        }
    }

    NDArray keys(int block) {
        return keys[block];
    }

    NDArray values(int block) {
        return values[block];
    }

    /** Memory slots per episode: the memory tokens of {@code window − 1} steps. */
    int slots() {
        return slots;
    }

    /**
     * The attention bias of one step over {@code [image tokens, memory slots, own tokens]} per
     * episode ({@code [envs][imageTokens + slots + own]}, row-major): 0 where seen, hidden for empty slots.
     */
    float[] stepBias(int imageTokens, int own) {
        int per = imageTokens + slots + own;
        float[] out = new float[envs * per];
        for (int e = 0; e < envs; e++) {
            System.arraycopy(bias, e * slots, out, e * per + imageTokens, slots);
        }
        return out;
    }

    /**
     * Appends one step: {@code newKeys[b]}, {@code newValues[b]} are {@code [envs, heads, 4, headDim]}
     * (keys already position-encoded), computed in the step's scope.
     */
    void push(NDArray[] newKeys, NDArray[] newValues) {
        int m = PolicyConfig.EYE_MEMORY_TOKENS;
        if (slots == 0) {
            return;
        }
        for (int b = 0; b < keys.length; b++) {
            keys[b] = replace(keys[b], NDArrays.concat(new NDList(keys[b].get(":, :, {}:", m), newKeys[b]), 2));
            values[b] = replace(values[b], NDArrays.concat(new NDList(values[b].get(":, :, {}:", m), newValues[b]), 2));
        }
        for (int e = 0; e < envs; e++) {
            System.arraycopy(bias, e * slots + m, bias, e * slots, slots - m);
            Arrays.fill(bias, (e + 1) * slots - m, (e + 1) * slots, 0f);
        }
    }

    private NDArray replace(NDArray old, NDArray fresh) {
        fresh.attach(manager);
        old.close();
        return fresh;
    }

    @Override
    public void close() {
        manager.close();
    }
}
