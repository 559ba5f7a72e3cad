package dev.saccade.learn.encoder;

import dev.saccade.gym.Info;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.Direction;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.vector.VectorEnv;
import dev.saccade.gym.vector.VectorReset;
import dev.saccade.gym.vector.VectorStep;
import dev.saccade.learn.nn.Rng;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.Sphere;
import dev.saccade.sphere.Vec3;
import dev.saccade.sphere.render.Antialias;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Pretraining data for the encoder from the gym: level images the eye sees, each labelled with where the annotated object, target and gripper fall in it
 * (kinds 0, 1, 2). A direction is projected into a pinhole level as DESIGN.md §3 renders it:
 * camera coordinates {@code x = d·r, y = −d·u, z = d·f}, column {@code S/2 + F·x/z}, row
 * {@code S/2 + F·y/z} with {@code F = (S/2)/tan(φ/2)}; its angular radius becomes {@code F·tan(radius)}
 * pixels. Things behind the eye are left out; the gym's episodes must carry annotations.
 *
 * <p>{@link #sample} aims most of its gazes near an annotated thing and the rest anywhere, so the small
 * object (the towel) appears in many crops and at every level; {@link #collect} takes the views of an
 * eye wandering at random, where a small object is rare.
 */
public final class AnnotatedCrops {
    /** Annotation kinds, in label order. */
    public static final List<String> KINDS = List.of("object", "target", "gripper");

    private AnnotatedCrops() {}

    /**
     * Collects {@code observations} observations (each giving one sample per level) from {@code envs},
     * stepping with random actions from {@code seed}; the level fields of view are
     * {@code fovsDeg} (fovea first), the level size {@code size}.
     */
    public static List<EncoderPretraining.Sample> collect(VectorEnv<EyeObservation, Integer> envs, int observations,
                                                         List<Double> fovsDeg, int size, long seed) {
        Rng rng = new Rng(seed);
        List<EncoderPretraining.Sample> out = new ArrayList<>();
        VectorReset<EyeObservation> first = envs.reset(seed);
        List<EyeObservation> obs = first.observations();
        List<Info> infos = first.infos();
        int taken = 0;
        while (taken < observations) {
            for (int i = 0; i < obs.size() && taken < observations; i++, taken++) {
                add(out, obs.get(i), infos.get(i), fovsDeg, size);
            }
            List<Integer> actions = new ArrayList<>();
            for (int i = 0; i < envs.size(); i++) {
                actions.add(rng.nextInt(envs.singleActionSpace() instanceof dev.saccade.gym.space.Discrete d ? d.n() : 25));
            }
            VectorStep<EyeObservation> s = envs.step(actions);
            obs = s.observations();
            infos = s.infos();
        }
        return out;
    }

    /**
     * {@code observations} pyramids of {@code frames}' annotated demonstrations (each giving one
     * sample per level), at frames on multiples of {@code stride}: 60 % of the gazes near an
     * annotated thing (the object for two thirds of those, the place target or the gripper for a
     * sixth each, off by up to half the field of view of a random level, so the thing lands
     * anywhere in that level), the rest anywhere within {@code limits} with the pitch in [−60°, 15°]
     * (the table and what is on it).
     */
    public static List<EncoderPretraining.Sample> sample(FrameSupply<MipChain> frames, List<Double> fovsDeg, int size,
                                                        GazeLimits limits, int stride, int observations, long seed) {
        List<Demonstration> annotated = frames.demonstrations().episodes().stream().filter(Demonstration::annotated).toList();
        if (annotated.isEmpty()) {
            if (dev.saccade.gym.demo.WithoutAnnotations.withheld(frames.demonstrations())) {
                throw new dev.saccade.gym.demo.AnnotationsWithheldException("encoder pretraining on annotated crops (AnnotatedCrops)");
            }
            throw new IllegalArgumentException("no annotated demonstrations to sample crops from");
        }
        EyeCamera camera = new EyeCamera(PyramidSpec.pinholeDegrees(size, fovsDeg), Antialias.PYRAMID_DEFAULT);
        Rng rng = new Rng(seed);
        List<EncoderPretraining.Sample> out = new ArrayList<>();
        for (int i = 0; i < observations; i++) {
            Demonstration d = annotated.get(rng.nextInt(annotated.size()));
            int frame = stride * rng.nextInt((d.length() + stride - 1) / stride);
            List<Direction> things = List.of(d.object(frame), d.target(frame), d.gripperDirection(frame));
            Gaze gaze;
            if (rng.nextDouble() < 0.6) {
                double u = rng.nextDouble();
                Direction aim = things.get(u < 2 / 3.0 ? 0 : u < 5 / 6.0 ? 1 : 2);
                double half = Math.toRadians(fovsDeg.get(rng.nextInt(fovsDeg.size()))) / 2;
                gaze = limits.clamp(aim.yaw() + (2 * rng.nextDouble() - 1) * half, aim.pitch() + (2 * rng.nextDouble() - 1) * half);
            } else {
                gaze = limits.clamp(limits.yawMin() + rng.nextDouble() * (limits.yawMax() - limits.yawMin()),
                        Math.toRadians(-60 + 75 * rng.nextDouble()));
            }
            add(out, camera.render(frames.frame(d, frame), gaze), gaze, things, fovsDeg, size);
        }
        return out;
    }

    private static void add(List<EncoderPretraining.Sample> out, EyeObservation o, Info info, List<Double> fovsDeg, int size) {
        EyeInfo.requireGroundTruth(info, "encoder pretraining on annotated crops (AnnotatedCrops.collect)");
        Gaze gaze = info.find(EyeInfo.GAZE).orElse(o.gaze());
        List<Direction> things = new ArrayList<>();
        things.add(info.find(EyeInfo.OBJECT).orElse(null));
        things.add(info.find(EyeInfo.TARGET).orElse(null));
        things.add(info.find(EyeInfo.GRIPPER).orElse(null));
        add(out, o.pyramid(), gaze, things, fovsDeg, size);
    }

    /** One sample per level of {@code pyramid} seen from {@code gaze}, labelled with {@code things} (kinds in order; null: absent). */
    private static void add(List<EncoderPretraining.Sample> out, float[] pyramid, Gaze gaze, List<Direction> things,
                            List<Double> fovsDeg, int size) {
        int per = 3 * size * size;
        for (int level = 0; level < fovsDeg.size(); level++) {
            float[] image = new float[per];
            System.arraycopy(pyramid, level * per, image, 0, per);
            List<EncoderPretraining.Mark> marks = new ArrayList<>();
            for (int k = 0; k < things.size(); k++) {
                Direction d = things.get(k);
                if (d == null) {
                    continue;
                }
                double[] px = project(gaze, d, fovsDeg.get(level), size);
                if (px != null) {
                    marks.add(new EncoderPretraining.Mark(k, px[0], px[1], px[2]));
                }
            }
            out.add(new EncoderPretraining.Sample(image, marks));
        }
    }

    /** (column, row, radius) in pixels of a pinhole level of {@code fovDeg} and side {@code size}, or null if behind. */
    static double[] project(Gaze gaze, Direction thing, double fovDeg, int size) {
        Vec3 d = Sphere.direction(thing.yaw(), thing.pitch());
        double z = d.dot(gaze.forward());
        if (z <= 1e-6) {
            return null;
        }
        double x = d.dot(gaze.right());
        double y = -d.dot(gaze.up());
        double f = (size / 2.0) / Math.tan(Math.toRadians(fovDeg) / 2);
        return new double[] {size / 2.0 + f * x / z, size / 2.0 + f * y / z, f * Math.tan(Math.min(thing.radius(), 1.4))};
    }
}
