package dev.saccade.gym.demo;

import dev.saccade.data.Features;
import dev.saccade.data.Task;
import dev.saccade.data.lerobot.DatasetSpec;
import dev.saccade.data.lerobot.DatasetWriter;
import dev.saccade.data.lerobot.EpisodeWriter;
import dev.saccade.data.robot.Ur5e;
import dev.saccade.data.video.VideoSettings;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.TestPattern;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small procedural set of pick-and-place demonstrations, made in memory, for tests, benchmarks and
 * smoke runs without a dataset. It is not the synthetic scene engine (saccade-data's {@code synth}),
 * only enough world for the gym's contracts: the UR5e follows minimum-jerk joint trajectories
 * home → grasp → lift → transport → lower → release → home, and every frame is a
 * {@link TestPattern} panorama with discs drawn at the annotated directions: the place target (blue),
 * the object (red), the gripper (yellow).
 *
 * <p>Geometry follows docs/DATASET.md: the 360 camera sits at {@link #CAMERA_IN_BASE} in the robot
 * base frame, and sphere axes are {@code X_s = −Y_b, Y_s = Z_b, Z_s = X_b}. Object and gripper
 * directions come from UR5e forward kinematics of the recorded joints, so they agree with the
 * arm's motion. Object and target lie 50°–90° of base rotation apart, within ±95° of the workspace
 * centre; episodes last 220–290 frames at 30 fps. Deterministic for a seed; decoding is
 * thread-safe.
 */
public final class ToyDemonstrations implements Demonstrations {
    /** Where the toy's 360 camera sits in the robot base frame, metres: behind and above the base. */
    public static final double[] CAMERA_IN_BASE = {-0.3, 0, 0.6};

    private static final int OBJECT_RGB = 0xE02020;
    private static final int TARGET_RGB = 0x2040F0;
    private static final int GRIPPER_RGB = 0xF0D020;
    private static final double OBJECT_RADIUS = Math.toRadians(5);
    private static final double TARGET_RADIUS = Math.toRadians(7);
    private static final double GRIPPER_RADIUS = Math.toRadians(3);

    // Joint poses (pan filled in per episode): raised home, gripping at table height, lifted.
    private static final float[] HOME = {0f, -1.9f, 2.0f, -1.67f, -1.57f, 0f};
    private static final float[] DOWN = {0f, -0.9f, 1.9f, -2.57f, -1.57f, 0f};
    private static final float[] UP = {0f, -1.2f, 1.6f, -1.97f, -1.57f, 0f};

    private final List<Demonstration> episodes;
    private final int frameHeight;
    private final AtomicLong decodes = new AtomicLong();

    private ToyDemonstrations(List<Demonstration> episodes, int frameHeight) {
        this.episodes = List.copyOf(episodes);
        this.frameHeight = frameHeight;
    }

    /** {@code count} episodes cycling through the five tasks, with frames {@code 2·frameHeight × frameHeight}. */
    public static ToyDemonstrations generate(int count, int frameHeight, long seed) {
        if (count <= 0 || frameHeight < 2) {
            throw new IllegalArgumentException("count " + count + ", frame height " + frameHeight);
        }
        List<Demonstration> list = new ArrayList<>(count);
        for (int e = 0; e < count; e++) {
            list.add(episode(e, Task.values()[e % Task.values().length], new SplittableRandom(seed * 1_000_003L + e)));
        }
        return new ToyDemonstrations(list, frameHeight);
    }

    /** The toy camera's mount, {@link #CAMERA_IN_BASE} in the reference orientation. */
    @Override
    public Optional<dev.saccade.data.robot.CameraMount> camera() {
        return Optional.of(dev.saccade.data.robot.CameraMount.at(CAMERA_IN_BASE[0], CAMERA_IN_BASE[1], CAMERA_IN_BASE[2]));
    }

    @Override
    public List<Demonstration> episodes() {
        return episodes;
    }

    @Override
    public EquirectFrame decode(Demonstration episode, int frame) {
        decodes.incrementAndGet();
        Demonstration.Annotations a = episode.annotations().orElseThrow();
        int i = 3 * frame;
        return TestPattern.withMarkers(frameHeight, new TestPattern.Marker[] {
            new TestPattern.Marker(a.target()[i], a.target()[i + 1], a.target()[i + 2], TARGET_RGB),
            new TestPattern.Marker(a.object()[i], a.object()[i + 1], a.object()[i + 2], OBJECT_RGB),
            new TestPattern.Marker(a.gripper()[i], a.gripper()[i + 1], a.gripper()[i + 2], GRIPPER_RGB),
        });
    }

    /**
     * Writes these demonstrations as a LeRobot v3 dataset at {@code dir} (which must not exist or be
     * empty), with all four annotation features, encoded with {@code video}.
     */
    public void writeDataset(Path dir, VideoSettings video) throws IOException {
        int height = frameHeight;
        DatasetSpec spec = DatasetSpec.saccade(Features.DEFAULT_FPS, 2 * height, height, true).withVideo(video)
                .withCameraPosition(CAMERA_IN_BASE[0], CAMERA_IN_BASE[1], CAMERA_IN_BASE[2]);
        try (DatasetWriter writer = DatasetWriter.create(dir, spec)) {
            double[] tool0 = new double[3];
            for (Demonstration d : episodes) {
                try (EpisodeWriter ep = writer.beginEpisode(d.task().instruction())) {
                    Demonstration.Annotations a = d.annotations().orElseThrow();
                    for (int f = 0; f < d.length(); f++) {
                        Ur5e.tool0Position(d.state(), f * 7, tool0);
                        Map<String, float[]> values = new LinkedHashMap<>();
                        values.put(Features.STATE, row(d.state(), f, 7));
                        values.put(Features.ACTION, row(d.action(), f, 7));
                        values.put(Features.ANNOTATION_OBJECT, row(a.object(), f, 3));
                        values.put(Features.ANNOTATION_TARGET, row(a.target(), f, 3));
                        values.put(Features.ANNOTATION_GRIPPER, row(a.gripper(), f, 3));
                        values.put(Features.ANNOTATION_TOOL0, new float[] {(float) tool0[0], (float) tool0[1], (float) tool0[2]});
                        ep.addFrame(decode(d, f), values);
                    }
                    ep.commit();
                }
            }
            writer.finish();
        }
    }

    private static float[] row(float[] values, int frame, int width) {
        return java.util.Arrays.copyOfRange(values, frame * width, (frame + 1) * width);
    }

    /** How many frames have been decoded so far (for tests of caching). */
    public long decodeCount() {
        return decodes.get();
    }

    // Small methods and plain loops on purpose: OpenJDK 17.0.15's C2 compiler crashed (SIGSEGV in
    // ArrayCopyNode::prepare_array_copy) compiling this as one method with System.arraycopy calls.
    private static Demonstration episode(int index, Task task, SplittableRandom rng) {
        double panObject = rng.nextDouble(-1.6, 1.6);
        double gap = rng.nextDouble(Math.toRadians(50), Math.toRadians(90));
        double panTarget = panObject + (panObject + gap <= 1.65 && (panObject - gap < -1.65 || rng.nextBoolean()) ? gap : -gap);
        int[] phases = { // frames: reach, close, lift, transport, lower, open, retreat
            rng.nextInt(50, 71), 10, 20, rng.nextInt(70, 101), 20, 10, rng.nextInt(40, 61)};
        float[][] poses = {
            pose(HOME, 0), pose(DOWN, panObject), pose(DOWN, panObject), pose(UP, panObject),
            pose(UP, panTarget), pose(DOWN, panTarget), pose(DOWN, panTarget), pose(HOME, panTarget / 2)};
        float[] grips = {0, 0, 1, 1, 1, 1, 0, 0};
        float[] state = trajectory(phases, poses, grips);
        int length = state.length / Features.JOINT_DIM;
        return new Demonstration(index, task, Features.DEFAULT_FPS, length, state, nextStates(state),
                Optional.of(annotate(state, tool0(poses[1]), tool0(poses[5]))));
    }

    /** Minimum-jerk moves from pose to pose (and gripper value to value), one per phase, then the last pose once. */
    private static float[] trajectory(int[] phases, float[][] poses, float[] grips) {
        int length = 1;
        for (int p : phases) {
            length += p;
        }
        float[] state = new float[length * Features.JOINT_DIM];
        int f = 0;
        for (int p = 0; p < phases.length; p++) {
            for (int k = 0; k < phases[p]; k++, f++) {
                double s = minimumJerk((double) k / phases[p]);
                for (int j = 0; j < Ur5e.JOINTS; j++) {
                    state[f * 7 + j] = (float) (poses[p][j] + s * (poses[p + 1][j] - poses[p][j]));
                }
                state[f * 7 + Features.GRIPPER] = (float) (grips[p] + s * (grips[p + 1] - grips[p]));
            }
        }
        for (int j = 0; j < Ur5e.JOINTS; j++) {
            state[f * 7 + j] = poses[poses.length - 1][j];
        }
        state[f * 7 + Features.GRIPPER] = grips[grips.length - 1];
        return state;
    }

    /** The commanded action at frame f is the state reached at f + 1 (the last frame holds). */
    private static float[] nextStates(float[] state) {
        float[] action = new float[state.length];
        for (int i = 0; i < state.length; i++) {
            action[i] = state[Math.min(i + Features.JOINT_DIM, i % Features.JOINT_DIM + state.length - Features.JOINT_DIM)];
        }
        return action;
    }

    /**
     * Directions seen from the camera: the object waits at {@code grasp}, travels with the gripper while
     * it is closed, and stays at {@code place} once released; the target is at {@code place}.
     */
    private static Demonstration.Annotations annotate(float[] state, double[] grasp, double[] place) {
        int length = state.length / Features.JOINT_DIM;
        float[] object = new float[3 * length];
        float[] target = new float[3 * length];
        float[] gripper = new float[3 * length];
        boolean grasped = false;
        boolean released = false;
        for (int t = 0; t < length; t++) {
            double[] hand = tool0Of(state, t);
            boolean closed = state[t * 7 + Features.GRIPPER] > 0.5;
            grasped |= closed;
            released |= grasped && !closed;
            direction(closed ? hand : released ? place : grasp, OBJECT_RADIUS, object, t);
            direction(place, TARGET_RADIUS, target, t);
            direction(hand, GRIPPER_RADIUS, gripper, t);
        }
        return new Demonstration.Annotations(object, target, gripper);
    }

    private static float[] pose(float[] joints, double pan) {
        float[] q = joints.clone();
        q[0] = (float) pan;
        return q;
    }

    private static double[] tool0(float[] q) {
        double[] p = new double[3];
        Ur5e.tool0Position(q, 0, p);
        return p;
    }

    private static double[] tool0Of(float[] state, int frame) {
        double[] p = new double[3];
        Ur5e.tool0Position(state, frame * 7, p);
        return p;
    }

    /** Writes the direction of base-frame point {@code p} seen from the camera into {@code out[3t…3t+2]}. */
    private static void direction(double[] p, double radius, float[] out, int t) {
        double vx = p[0] - CAMERA_IN_BASE[0];
        double vy = p[1] - CAMERA_IN_BASE[1];
        double vz = p[2] - CAMERA_IN_BASE[2];
        double sx = -vy; // sphere X = −base Y
        double sy = vz;  // sphere Y = base Z
        double sz = vx;  // sphere Z = base X
        out[3 * t] = (float) Math.atan2(sx, sz);
        out[3 * t + 1] = (float) Math.atan2(sy, Math.hypot(sx, sz));
        out[3 * t + 2] = (float) radius;
    }

    private static double minimumJerk(double tau) {
        return tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
    }
}
