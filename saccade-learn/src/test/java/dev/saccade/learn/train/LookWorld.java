package dev.saccade.learn.train;

import dev.saccade.learn.nn.Rng;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.Observation;
import dev.saccade.learn.policy.PolicyConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * A small generated world for training tests, with the structure of BC-RL: a red disc somewhere
 * in a 120° × 40° field, an eye that moves with the 25 discrete actions, level images rendered
 * around its gaze, and a demonstration in which the arm reaches toward the disc. The hand can
 * predict that reach only if the eye shows it the disc, so its error is the eye's (negated) reward.
 */
final class LookWorld implements RolloutSource {
    static final double HALF_YAW = 60;
    static final double HALF_PITCH = 20;
    private static final double RADIUS = 9;
    private static final double[] STEPS_DEG = {10, 3, 1};

    private final PolicyConfig c;
    private final int envs;
    private final int episodeSteps;
    private final double[] yaw;
    private final double[] pitch;
    private final double[] objYaw;
    private final double[] objPitch;
    private final float[][] proprio;
    private final int[] task;
    private final int[] t;
    private final boolean labelled;

    LookWorld(PolicyConfig c, int envs, int episodeSteps) {
        this(c, envs, episodeSteps, false);
    }

    /** With {@code labelled}, each step carries the expert's action: the one that brings the gaze closest to the disc. */
    LookWorld(PolicyConfig c, int envs, int episodeSteps, boolean labelled) {
        this.labelled = labelled;
        this.c = c;
        this.envs = envs;
        this.episodeSteps = episodeSteps;
        this.yaw = new double[envs];
        this.pitch = new double[envs];
        this.objYaw = new double[envs];
        this.objPitch = new double[envs];
        this.proprio = new float[envs][];
        this.task = new int[envs];
        this.t = new int[envs];
    }

    /** Normalisation matched to this world's arm states and reaches (a dataset computes its own). */
    static ActionStats stats() {
        return new ActionStats(
                new double[] {0, 0, 0, 0, 0, 0, 0},
                new double[] {0.2, 0.1, 0.1, 0.2, 0.1, 0.1, 1},
                new double[] {-0.3, -1.5, 0.9, -0.3, -0.3, -0.3, 0},
                new double[] {0.3, -0.9, 1.5, 0.3, 0.3, 0.3, 1});
    }

    @Override
    public int envs() {
        return envs;
    }

    @Override
    public List<EnvStep> reset(long seed) {
        Rng rng = new Rng(seed);
        for (int e = 0; e < envs; e++) {
            yaw[e] = (rng.nextDouble() * 2 - 1) * HALF_YAW;
            pitch[e] = (rng.nextDouble() * 2 - 1) * HALF_PITCH;
            objYaw[e] = (rng.nextDouble() * 2 - 1) * (HALF_YAW - RADIUS);
            objPitch[e] = (rng.nextDouble() * 2 - 1) * (HALF_PITCH - RADIUS);
            proprio[e] = new float[c.joints()];
            for (int j = 0; j < 6; j++) {
                proprio[e][j] = (float) (0.3 * (rng.nextDouble() * 2 - 1));
            }
            proprio[e][1] -= 1.2f; // a lifted shoulder: tool0 away from the base
            proprio[e][2] += 1.2f;
            task[e] = rng.nextInt(c.tasks());
            t[e] = 0;
        }
        return observe();
    }

    @Override
    public List<EnvStep> step(int[] actions) {
        for (int e = 0; e < envs; e++) {
            if (actions[e] < 0) {
                continue;
            }
            double[] d = delta(actions[e]);
            yaw[e] = Math.max(-HALF_YAW, Math.min(HALF_YAW, yaw[e] + d[0]));
            pitch[e] = Math.max(-HALF_PITCH, Math.min(HALF_PITCH, pitch[e] + d[1]));
            t[e]++;
        }
        return observe();
    }

    /** (Δyaw, Δpitch) in degrees of action a: 8 directions × {10°, 3°, 1°}, then "stay". */
    static double[] delta(int a) {
        if (a == 24) {
            return new double[] {0, 0};
        }
        double dir = Math.toRadians(45 * (a / 3));
        double s = STEPS_DEG[a % 3];
        return new double[] {s * Math.cos(dir), s * Math.sin(dir)};
    }

    /** Where env e's disc is (degrees of yaw and pitch), fixed for the episode. */
    double[] disc(int e) {
        return new double[] {objYaw[e], objPitch[e]};
    }

    /** The action that brings env e's gaze closest to the disc (the lowest index on ties). */
    int expert(int e) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int a = 0; a < 25; a++) {
            double[] d = delta(a);
            double distance = Math.hypot(yaw[e] + d[0] - objYaw[e], pitch[e] + d[1] - objPitch[e]);
            if (distance < bestDistance - 1e-9) {
                bestDistance = distance;
                best = a;
            }
        }
        return best;
    }

    private List<EnvStep> observe() {
        List<EnvStep> out = new ArrayList<>(envs);
        for (int e = 0; e < envs; e++) {
            Observation o = new Observation(render(e), Math.toRadians(yaw[e]), Math.toRadians(pitch[e]), proprio[e].clone(), task[e]);
            float[] chunk = new float[c.chunkFloats()];
            float[] mask = new float[c.chunk()];
            // The demonstrated reach: pan toward the disc's yaw, lift toward its pitch (only seeing the
            // disc tells where), plus elbow and wrist motions that depend on the arm's state and task.
            double pan = -Math.toRadians(objYaw[e]) * 0.3;
            double lift = -Math.toRadians(objPitch[e]) * 0.3;
            double elbow = 0.5 * proprio[e][0];
            double wrist = -1.0 * proprio[e][3] + 0.15 * (task[e] - 2);
            for (int k = 0; k < c.chunk(); k++) {
                double f = (k + 1.0) / c.chunk();
                for (int j = 0; j < c.joints(); j++) {
                    chunk[k * c.joints() + j] = proprio[e][j];
                }
                chunk[k * c.joints()] += (float) (pan * f);
                chunk[k * c.joints() + 1] += (float) (lift * f);
                chunk[k * c.joints() + 2] += (float) (elbow * f);
                chunk[k * c.joints() + 3] += (float) (wrist * f);
                mask[k] = 1f;
            }
            out.add(new EnvStep(o, chunk, mask, 1f, 0f, t[e] >= episodeSteps, false, Float.NaN, labelled ? expert(e) : -1));
        }
        return out;
    }

    /** Level images: the disc in red on a gently textured grey, each level an equal-angle view. */
    private float[] render(int e) {
        int s = c.imageSize();
        float[] px = new float[c.pyramidFloats()];
        for (int level = 0; level < c.levels(); level++) {
            double fov = c.fieldsOfViewDeg().get(level);
            for (int row = 0; row < s; row++) {
                for (int col = 0; col < s; col++) {
                    double wy = yaw[e] + ((col + 0.5) / s - 0.5) * fov;
                    double wp = pitch[e] - ((row + 0.5) / s - 0.5) * fov;
                    boolean on = Math.hypot(wy - objYaw[e], wp - objPitch[e]) <= RADIUS;
                    float g = (float) (0.45 + 0.1 * Math.sin(wy / 7) * Math.cos(wp / 5));
                    int base = level * 3 * s * s + row * s + col;
                    px[base] = on ? 0.95f : g;
                    px[base + s * s] = on ? 0.1f : g;
                    px[base + 2 * s * s] = on ? 0.1f : g;
                }
            }
        }
        return px;
    }
}
