package dev.saccade.learn.train;

import dev.saccade.gym.wrappers.CandidateViews;
import dev.saccade.learn.policy.Observation;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.policy.TokenBatch;
import java.util.List;

/**
 * One iteration's experience, env-major: each of {@code envs} rows is one episode from its reset,
 * with {@code steps + 1} observation slots (the last is where the row stopped, used for the
 * bootstrap value and, with next-observation rewards, to score the last action) and {@code steps}
 * action slots. Tokens are the frozen encoder's, computed once during the rollout and reused by
 * every update epoch. Plain arrays: filled by {@link BcRl#collect}, read by its update.
 */
public final class Rollout {
    final int envs;
    final int steps;
    final int imageTokens;
    final int encoderDim;
    final int chunk;
    final int joints;

    // observation slots: index e * (steps + 1) + t
    final float[] tokens;
    final float[] gaze;
    final float[] proprio;
    final int[] task;
    final float[] demoChunk;
    final float[] chunkMask;
    final float[] bcWeight;
    final float[] envReward;
    final float[] inFovea;
    final int[] expertAction;
    /** The imitation's target distribution per observation slot ({@code [slots × actions]}; one-hot for hard labels). */
    final float[] expertPolicy;
    final int actionCount;

    /**
     * Per observation slot, the candidate views a {@link CandidateViews} wrapper offered there (null
     * elsewhere), already encoded: a teacher scores them with the hand after collection.
     */
    final CandidateTokens[] candidates;

    /** Candidate views of one slot: their actions, gazes {@code [k][yaw, pitch]} and tokens {@code [k][imageTokens][encoderDim]}. */
    record CandidateTokens(int[] actions, float[] gaze, float[] tokens) {
        int size() {
            return actions.length;
        }
    }

    // action slots: index e * steps + t
    final int[] actions;
    final float[] logProbs;
    final float[] values;
    final float[] rewards;
    final float[] advantages;
    final float[] returns;
    /** Whether the scripted oracle chose the action (DAgger's roll-in mixing): such steps teach by imitation, not by PPO. */
    final boolean[] expertDriven;

    /** Actions taken in each row; the row ended (terminal) at its last observation if {@code ended[e]}. */
    final int[] length;
    final boolean[] ended;
    final float[] bootstrap;

    Rollout(PolicyConfig c, int envs, int steps) {
        this.envs = envs;
        this.steps = steps;
        this.imageTokens = c.imageTokens();
        this.encoderDim = c.encoderDim();
        this.chunk = c.chunk();
        this.joints = c.joints();
        int slots = envs * (steps + 1);
        this.tokens = new float[Math.multiplyExact(slots, imageTokens * encoderDim)];
        this.gaze = new float[2 * slots];
        this.proprio = new float[joints * slots];
        this.task = new int[slots];
        this.demoChunk = new float[chunk * joints * slots];
        this.chunkMask = new float[chunk * slots];
        this.bcWeight = new float[slots];
        this.envReward = new float[slots];
        this.inFovea = new float[slots];
        this.expertAction = new int[slots];
        this.actionCount = c.eyeActions();
        this.expertPolicy = new float[slots * c.eyeActions()];
        this.candidates = new CandidateTokens[slots];
        int acts = envs * steps;
        this.actions = new int[acts];
        this.logProbs = new float[acts];
        this.values = new float[acts];
        this.rewards = new float[acts];
        this.advantages = new float[acts];
        this.returns = new float[acts];
        this.expertDriven = new boolean[acts];
        this.length = new int[envs];
        this.ended = new boolean[envs];
        this.bootstrap = new float[envs];
    }

    /**
     * A rollout of random experience of the given size (random tokens, states and actions, each
     * row a full episode), for benchmarks of the update that need no environment.
     */
    public static Rollout synthetic(PolicyConfig c, int envs, int steps, long seed) {
        Rollout r = new Rollout(c, envs, steps);
        dev.saccade.learn.nn.Rng rng = new dev.saccade.learn.nn.Rng(seed);
        for (int i = 0; i < r.tokens.length; i++) {
            r.tokens[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < r.gaze.length; i++) {
            r.gaze[i] = (float) (rng.nextDouble() - 0.5);
        }
        for (int i = 0; i < r.proprio.length; i++) {
            r.proprio[i] = (float) (rng.nextDouble() - 0.5);
        }
        for (int i = 0; i < r.demoChunk.length; i++) {
            r.demoChunk[i] = (float) (rng.nextDouble() - 0.5);
        }
        java.util.Arrays.fill(r.chunkMask, 1f);
        java.util.Arrays.fill(r.bcWeight, 1f);
        for (int i = 0; i < r.task.length; i++) {
            r.task[i] = rng.nextInt(c.tasks());
        }
        for (int i = 0; i < r.actions.length; i++) {
            r.actions[i] = rng.nextInt(c.eyeActions());
            r.logProbs[i] = (float) -Math.log(c.eyeActions());
            r.rewards[i] = (float) -rng.nextDouble();
        }
        java.util.Arrays.fill(r.length, steps);
        return r;
    }

    /** Copies slot t of every row from the source's steps and the encoder's tokens; returns the slot's model inputs. */
    TokenBatch store(int t, List<EnvStep> obs, float[] stepTokens) {
        int n = obs.size();
        int per = imageTokens * encoderDim;
        float[] stepGaze = new float[2 * n];
        float[] stepProprio = new float[n * joints];
        int[] stepTask = new int[n];
        for (int e = 0; e < n; e++) {
            EnvStep s = obs.get(e);
            Observation o = s.observation();
            int slot = slot(e, t);
            System.arraycopy(stepTokens, e * per, tokens, slot * per, per);
            stepGaze[2 * e] = (float) o.yaw();
            stepGaze[2 * e + 1] = (float) o.pitch();
            System.arraycopy(o.proprio(), 0, stepProprio, e * joints, joints);
            stepTask[e] = o.task();
            gaze[2 * slot] = stepGaze[2 * e];
            gaze[2 * slot + 1] = stepGaze[2 * e + 1];
            System.arraycopy(o.proprio(), 0, proprio, slot * joints, joints);
            task[slot] = o.task();
            System.arraycopy(s.demoChunk(), 0, demoChunk, slot * chunk * joints, chunk * joints);
            System.arraycopy(s.chunkMask(), 0, chunkMask, slot * chunk, chunk);
            bcWeight[slot] = s.bcWeight();
            envReward[slot] = s.reward();
            inFovea[slot] = s.inFovea();
            expertAction[slot] = s.expertAction();
            if (s.expertPolicy() != null) {
                System.arraycopy(s.expertPolicy(), 0, expertPolicy, slot * actionCount, actionCount);
            } else if (s.expertAction() >= 0) {
                expertPolicy[slot * actionCount + s.expertAction()] = 1f;
            }
        }
        return new TokenBatch(n, stepTokens, stepGaze, stepProprio, stepTask);
    }

    /**
     * Keeps slot t's candidate views (where the source offers them), encoded by {@code encode}
     * (pyramids to {@code [k · imageTokens · encoderDim]} tokens), so that a teacher can score them later.
     */
    void storeCandidates(int t, List<EnvStep> obs, java.util.function.Function<List<float[]>, float[]> encode) {
        for (int e = 0; e < obs.size(); e++) {
            CandidateViews.Views v = obs.get(e).candidates();
            if (v == null || obs.get(e).done()) {
                continue;
            }
            int k = v.size();
            float[] g = new float[2 * k];
            List<float[]> pyramids = new java.util.ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                g[2 * i] = (float) v.gazes()[i].yaw();
                g[2 * i + 1] = (float) v.gazes()[i].pitch();
                pyramids.add(v.observations()[i].pyramid());
            }
            candidates[slot(e, t)] = new CandidateTokens(v.actions().clone(), g, encode.apply(pyramids));
        }
    }

    /** Slots that hold candidate views and a real step with a demonstrated chunk: what a scoring teacher can label. */
    int[] candidateSlots() {
        int[] out = new int[envs * (steps + 1)];
        int k = 0;
        for (int e = 0; e < envs; e++) {
            for (int t = 0; t < length[e]; t++) {
                int s = slot(e, t);
                if (candidates[s] != null && chunkMask[s * chunk] > 0) {
                    out[k++] = s;
                }
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }

    /** Model inputs of the given observation slots (tokens copied only if asked). */
    TokenBatch hostBatch(int[] slots, boolean withTokens) {
        int m = slots.length;
        int per = imageTokens * encoderDim;
        float[] outTokens = new float[withTokens ? m * per : 0];
        float[] outGaze = new float[2 * m];
        float[] outProprio = new float[m * joints];
        int[] outTask = new int[m];
        for (int i = 0; i < m; i++) {
            int s = slots[i];
            if (withTokens) {
                System.arraycopy(tokens, s * per, outTokens, i * per, per);
            }
            outGaze[2 * i] = gaze[2 * s];
            outGaze[2 * i + 1] = gaze[2 * s + 1];
            System.arraycopy(proprio, s * joints, outProprio, i * joints, joints);
            outTask[i] = task[s];
        }
        return new TokenBatch(m, outTokens, outGaze, outProprio, outTask);
    }

    /** Every real step's observation slot ({@code next}: the slot its action led to) and action slot, row by row. */
    int[][] realSteps(boolean next) {
        int[] slots = new int[validSteps()];
        int[] acts = new int[slots.length];
        int k = 0;
        for (int e = 0; e < envs; e++) {
            for (int t = 0; t < length[e]; t++) {
                slots[k] = slot(e, next ? t + 1 : t);
                acts[k++] = act(e, t);
            }
        }
        return new int[][] {slots, acts};
    }

    /** Observation slots the hand learns from: real steps with BC weight and at least one demonstrated frame. */
    int[] bcSlots() {
        int[] out = new int[envs * (steps + 1)];
        int k = 0;
        for (int e = 0; e < envs; e++) {
            for (int t = 0; t <= length[e]; t++) {
                int s = slot(e, t);
                if (bcWeight[s] > 0 && chunkMask[s * chunk] > 0) {
                    out[k++] = s;
                }
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }

    int slot(int env, int t) {
        return env * (steps + 1) + t;
    }

    int act(int env, int t) {
        return env * steps + t;
    }

    /** Whether action slot (env, t) holds a real step. */
    boolean valid(int env, int t) {
        return t < length[env];
    }

    /** Number of real steps. */
    public int validSteps() {
        int n = 0;
        for (int l : length) {
            n += l;
        }
        return n;
    }

    /**
     * Share of real steps after which the relevant thing was in the fovea (the logs' ground truth,
     * over the observations each action led to), or NaN if the source does not know.
     */
    public double foveaHits() {
        double s = 0;
        int n = 0;
        for (int e = 0; e < envs; e++) {
            for (int t = 1; t <= length[e]; t++) {
                float h = inFovea[slot(e, t)];
                if (!Float.isNaN(h)) {
                    s += h;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /**
     * Share of the eye's own actions (not those handed to the oracle) that were the scripted
     * oracle's choice (the imitation's progress), or NaN if the source gives no expert actions.
     */
    public double expertAgreement() {
        int same = 0;
        int n = 0;
        for (int e = 0; e < envs; e++) {
            for (int t = 0; t < length[e]; t++) {
                int expert = expertAction[slot(e, t)];
                if (expert >= 0 && !expertDriven[act(e, t)]) {
                    same += actions[act(e, t)] == expert ? 1 : 0;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : same / (double) n;
    }

    /** Mean reward per real step. */
    public double meanReward() {
        double s = 0;
        for (int e = 0; e < envs; e++) {
            for (int t = 0; t < length[e]; t++) {
                s += rewards[act(e, t)];
            }
        }
        return s / Math.max(1, validSteps());
    }

    public int envs() {
        return envs;
    }

    public int steps() {
        return steps;
    }

    /** The action taken at (env, t). */
    public int action(int env, int t) {
        return actions[act(env, t)];
    }

    /** The reward of the action at (env, t). */
    public float reward(int env, int t) {
        return rewards[act(env, t)];
    }

    /** Actions taken in row {@code env}. */
    public int length(int env) {
        return length[env];
    }
}
