package dev.saccade.gym.wrappers;

import dev.saccade.data.Features;
import dev.saccade.data.robot.CameraMount;
import dev.saccade.gym.Env;
import dev.saccade.gym.Info;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.Direction;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.policy.Saccades;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.saccade.sphere.Vec3;
import java.util.OptionalLong;

/**
 * Labels every observation with a saccade toward where the demonstrated hand acts next, in
 * hindsight: the gripper's position at the demonstration's next change of grip (closing on the
 * object while the gripper is open; opening over the place target while it is closed, lowered to
 * where the released thing comes to rest), from the joint states, the gripper's command, UR5e
 * kinematics and the 360 camera's calibration. Nothing
 * of it is ground truth: a real rig's joint log and calibration give the same labels. After the
 * last change of grip it aims where that change happened (what was handled stays there); in an
 * episode that never changes grip, where the gripper will be {@link #HORIZON_S} ahead. In a press
 * task (its object is its target: {@code estop-press}) a change of grip marks no handling (the
 * demonstration closes the hand on the way and opens it on the way back), so every frame aims at
 * the point between the pads where the hand comes lowest: the press.
 *
 * <p>It writes {@link EyeInfo#EXPERT_ACTION} (and {@link EyeInfo#EXPERT_POLICY} with soft labels)
 * like {@link ExpertLabels}, so the eye imitates it with DAgger's labels and roll-ins; the labels
 * ride in {@link Info} and a learning policy never sees them.
 */
public final class HindsightLabels extends Wrapper<EyeObservation, Integer> {
    /** Look-ahead in an episode without a change of grip, seconds. */
    public static final double HORIZON_S = 1.0;

    private final List<Demonstration> episodes;
    private final CameraMount camera;
    private final GazeLimits limits;
    private final double settleRad;
    private final ExpertLabels.Soft soft;
    private final Map<Integer, Direction[]> aims = new HashMap<>();

    /**
     * Labels for the observations of {@code env}, whose {@link EyeInfo#EPISODE} indexes {@code episodes};
     * {@code soft} may be null (hard labels).
     */
    public HindsightLabels(Env<EyeObservation, Integer> env, List<Demonstration> episodes, CameraMount camera, GazeLimits limits,
                           double settleRad, ExpertLabels.Soft soft) {
        super(env);
        this.episodes = List.copyOf(episodes);
        this.camera = camera;
        this.limits = limits;
        this.settleRad = settleRad;
        this.soft = soft;
    }

    @Override
    public Reset<EyeObservation> reset(OptionalLong seed, Options options) {
        Reset<EyeObservation> r = env.reset(seed, options);
        return new Reset<>(r.observation(), label(r.observation(), r.info()));
    }

    @Override
    public Step<EyeObservation> step(Integer action) {
        Step<EyeObservation> s = env.step(action);
        return new Step<>(s.observation(), s.reward(), s.terminated(), s.truncated(), label(s.observation(), s.info()));
    }

    private Info label(EyeObservation o, Info info) {
        int episode = info.get(EyeInfo.EPISODE);
        int frame = info.get(EyeInfo.FRAME);
        Direction aim = aims.computeIfAbsent(episode, e -> aims(episodes.get(e), camera))[frame];
        Info.Builder b = info.toBuilder().put(EyeInfo.EXPERT_ACTION, Saccades.toward(o.gaze(), aim.yaw(), aim.pitch(), limits, settleRad));
        if (soft != null) {
            b.put(EyeInfo.EXPERT_POLICY, Saccades.towardSoftly(o.gaze(), aim.yaw(), aim.pitch(), soft.limits(), soft.settleRad(),
                    soft.temperatureRad()));
        }
        return b.build();
    }

    /**
     * Where the hand acts next, seen from the camera, for every frame of {@code demo}: the point
     * between the finger pads when the grip changes; for a release, that point lowered to the height
     * of the grasp before it (a released thing falls, and comes to rest about as high as it was
     * picked up from).
     */
    public static Direction[] aims(Demonstration demo, CameraMount camera) {
        int[] at = pressTask(demo) ? lowestFrame(demo) : aimFrames(demo);
        Direction[] out = new Direction[demo.length()];
        Direction[] cached = new Direction[demo.length()];
        for (int f = 0; f < out.length; f++) {
            int a = at[f];
            if (cached[a] == null) {
                cached[a] = seen(camera, restingPoint(demo, a));
            }
            out[f] = cached[a];
        }
        return out;
    }

    /** A task whose object is its target is pressed, not carried (the task is what a real rig knows too). */
    static boolean pressTask(Demonstration demo) {
        return demo.task().object().equals(demo.task().target());
    }

    /** For every frame, the frame where the pads come lowest (the press), from FK of the recorded joints. */
    static int[] lowestFrame(Demonstration demo) {
        int lowest = 0;
        double z = Double.POSITIVE_INFINITY;
        for (int f = 0; f < demo.length(); f++) {
            double h = pads(demo, f).z();
            if (h < z) {
                z = h;
                lowest = f;
            }
        }
        int[] out = new int[demo.length()];
        java.util.Arrays.fill(out, lowest);
        return out;
    }

    /** The base-frame point the hand handles at frame {@code a} of a change of grip (see {@link #aims}). */
    private static Vec3 restingPoint(Demonstration demo, int a) {
        Vec3 p = pads(demo, a);
        if (pressTask(demo)) {
            return p;
        }
        if (a > 0 && demo.gripperClosed(a - 1) && !demo.gripperClosed(a)) { // a release
            for (int g = a - 1; g > 0; g--) {
                if (demo.gripperClosed(g) && !demo.gripperClosed(g - 1)) { // the grasp before it
                    return new Vec3(p.x(), p.y(), pads(demo, g).z());
                }
            }
        }
        return p;
    }

    /** The point between the finger pads at {@code frame}, base frame (UR5e FK of the recorded joints). */
    private static Vec3 pads(Demonstration demo, int frame) {
        return CameraMount.gripperCentre(demo.state(), frame * Features.JOINT_DIM);
    }

    /** A gripper at {@code p} seen from the camera. */
    private static Direction seen(CameraMount camera, Vec3 p) {
        double[] d = camera.gripperAt(p);
        return new Direction(d[0], d[1], d[2]);
    }

    /**
     * For every frame, the frame whose gripper position it aims at: the next change of grip after it,
     * else the last one before it, else {@link #HORIZON_S} ahead (clamped to the episode).
     */
    static int[] aimFrames(Demonstration demo) {
        int n = demo.length();
        int[] out = new int[n];
        int next = -1; // the next change of grip after frame f, scanning backwards
        for (int f = n - 1; f >= 0; f--) {
            if (f + 1 < n && demo.gripperClosed(f + 1) != demo.gripperClosed(f)) {
                next = f + 1;
            }
            out[f] = next;
        }
        int last = -1;
        int horizon = (int) Math.round(HORIZON_S * demo.fps());
        for (int f = 0; f < n; f++) {
            if (f > 0 && demo.gripperClosed(f) != demo.gripperClosed(f - 1)) {
                last = f;
            }
            if (out[f] < 0) {
                out[f] = last >= 0 ? last : Math.min(n - 1, f + horizon);
            }
        }
        return out;
    }
}
