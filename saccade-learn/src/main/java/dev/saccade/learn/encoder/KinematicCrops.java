package dev.saccade.learn.encoder;

import dev.saccade.core.InputException;
import dev.saccade.data.robot.CameraMount;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.Direction;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.learn.nn.Rng;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.render.Antialias;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import dev.saccade.gym.wrappers.HindsightLabels;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;

/**
 * Annotation-free pretraining data for the encoder (issue 12): level images the eye sees, each
 * labelled with where two things fall in it, both from what a real rig has (UR5e forward
 * kinematics of the recorded joints, placed by the 360 camera's calibrated pose):
 * <ul>
 *   <li>{@code gripper}: the gripper now ({@link Demonstration#gripperFromKinematics});</li>
 *   <li>{@code next grip}: where the demonstrated hand changes its grip next, in hindsight
 *       ({@link HindsightLabels#aims}): the spot it closes on while it is open, the spot it opens
 *       over while it is closed; what the hand handles lies there.</li>
 * </ul>
 * For {@link EncoderPretraining} with {@code kinds = 2}; works on demonstrations whose annotations
 * are withheld, real imports with {@code --camera-position} included. Beside {@link AnnotatedCrops},
 * which needs ground truth.
 *
 * <p>Gazes: 30 % near the gripper and 30 % near the next grip (off by up to half the field of view
 * of a random level, so each lands anywhere in that level), the rest anywhere within the limits with
 * the pitch in [−60°, 15°] (the table and what is on it), as {@link AnnotatedCrops#sample}.
 */
public final class KinematicCrops {
    /** The kinds: the gripper now, and where the hand changes its grip next. */
    public static final List<String> KINDS = List.of("gripper", "next grip");

    private KinematicCrops() {}

    /**
     * {@code observations} pyramids of {@code frames}' demonstrations (each giving one sample per
     * level of {@code fovsDeg}, {@code size} pixels), at frames on multiples of {@code stride}.
     * Throws {@link InputException} if the demonstrations carry no camera calibration.
     */
    public static List<EncoderPretraining.Sample> sample(FrameSupply<MipChain> frames, List<Double> fovsDeg, int size,
                                                        GazeLimits limits, int stride, int observations, long seed) {
        Demonstrations demos = frames.demonstrations();
        CameraMount mount = demos.camera().orElseThrow(() -> new InputException(
                "the gripper's direction needs the 360 camera's calibration (saccade import --camera-position x,y,z); this dataset has none"));
        List<Demonstration> episodes = demos.episodes();
        if (episodes.isEmpty()) {
            throw new IllegalArgumentException("no demonstrations to sample crops from");
        }
        EyeCamera camera = new EyeCamera(PyramidSpec.pinholeDegrees(size, fovsDeg), Antialias.PYRAMID_DEFAULT);
        Rng rng = new Rng(seed);
        Map<Demonstration, Direction[]> aims = new IdentityHashMap<>();
        List<EncoderPretraining.Sample> out = new ArrayList<>();
        for (int i = 0; i < observations; i++) {
            Demonstration d = episodes.get(rng.nextInt(episodes.size()));
            int frame = stride * rng.nextInt((d.length() + stride - 1) / stride);
            Direction gripper = d.gripperFromKinematics(frame, mount);
            Direction next = aims.computeIfAbsent(d, e -> HindsightLabels.aims(e, mount))[frame];
            Gaze gaze;
            double u = rng.nextDouble();
            if (u < 0.6) {
                Direction near = u < 0.3 ? gripper : next;
                double half = Math.toRadians(fovsDeg.get(rng.nextInt(fovsDeg.size()))) / 2;
                gaze = limits.clamp(near.yaw() + (2 * rng.nextDouble() - 1) * half, near.pitch() + (2 * rng.nextDouble() - 1) * half);
            } else {
                gaze = limits.clamp(limits.yawMin() + rng.nextDouble() * (limits.yawMax() - limits.yawMin()),
                        Math.toRadians(-60 + 75 * rng.nextDouble()));
            }
            float[] pyramid = camera.render(frames.frame(d, frame), gaze);
            int per = 3 * size * size;
            for (int level = 0; level < fovsDeg.size(); level++) {
                float[] image = new float[per];
                System.arraycopy(pyramid, level * per, image, 0, per);
                List<EncoderPretraining.Mark> marks = new ArrayList<>(2);
                Direction[] things = {gripper, next};
                for (int kind = 0; kind < things.length; kind++) {
                    double[] px = AnnotatedCrops.project(gaze, things[kind], fovsDeg.get(level), size);
                    if (px != null) {
                        marks.add(new EncoderPretraining.Mark(kind, px[0], px[1], px[2]));
                    }
                }
                out.add(new EncoderPretraining.Sample(image, marks));
            }
        }
        return out;
    }
}
