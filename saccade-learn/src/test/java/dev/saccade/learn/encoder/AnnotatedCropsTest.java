package dev.saccade.learn.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.gym.demo.Direction;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.vector.VectorEnv;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnnotatedCropsTest {
    @Test
    void projectionPutsTheGazeAtTheCentreAndFollowsThePinholeModel() {
        Gaze g = new Gaze(Math.toRadians(30), Math.toRadians(-10));
        double[] c = AnnotatedCrops.project(g, new Direction(g.yaw(), g.pitch(), Math.toRadians(2)), 60, 64);
        assertEquals(32, c[0], 1e-9);
        assertEquals(32, c[1], 1e-9);
        assertEquals(32 / Math.tan(Math.toRadians(30)) * Math.tan(Math.toRadians(2)), c[2], 1e-9);
        // level 60° wide: a thing 15° to the right on the horizon (gaze pitch 0) sits at 32 + 32·tan15°/tan30°
        Gaze level = new Gaze(0, 0);
        double[] right = AnnotatedCrops.project(level, new Direction(Math.toRadians(15), 0, 0.01), 60, 64);
        assertEquals(32 + 32 * Math.tan(Math.toRadians(15)) / Math.tan(Math.toRadians(30)), right[0], 1e-9);
        assertEquals(32, right[1], 1e-9);
        double[] up = AnnotatedCrops.project(level, new Direction(0, Math.toRadians(10), 0.01), 60, 64);
        assertTrue(up[1] < 32, "up is towards row 0");
        assertNull(AnnotatedCrops.project(level, new Direction(Math.PI, 0, 0.01), 60, 64), "behind the eye");
    }

    @Test
    void labelsLandOnTheObjectTheGymRenders() {
        ToyDemonstrations toy = ToyDemonstrations.generate(2, 256, 3);
        PyramidSpec spec = PyramidSpec.pinholeDegrees(32, FOVS);
        DemoEyeGym.Config cfg = DemoEyeGym.Config.DEFAULT.withPyramid(spec);
        try (FrameSupply<MipChain> frames = EyeCamera.supply(toy, 256L << 20, 0);
             VectorEnv<EyeObservation, Integer> envs = VectorEnv.of(2, 1, i -> new DemoEyeGym(frames, cfg, Optional.empty()))) {
            List<EncoderPretraining.Sample> samples = AnnotatedCrops.collect(envs, 400, FOVS, 32, 7);
            assertEquals(1200, samples.size());
            assertLabelsOnTheRedDisc(samples, 10);
        }
    }

    @Test
    void sampledCropsAreLabelledAsRenderedAndShowTheObjectFarMoreOften() {
        ToyDemonstrations toy = ToyDemonstrations.generate(2, 256, 3);
        PyramidSpec spec = PyramidSpec.pinholeDegrees(32, FOVS);
        DemoEyeGym.Config cfg = DemoEyeGym.Config.DEFAULT.withPyramid(spec);
        try (FrameSupply<MipChain> frames = EyeCamera.supply(toy, 256L << 20, 0);
             VectorEnv<EyeObservation, Integer> envs = VectorEnv.of(2, 1, i -> new DemoEyeGym(frames, cfg, Optional.empty()))) {
            List<EncoderPretraining.Sample> aimed = AnnotatedCrops.sample(frames, FOVS, 32, GazeLimits.DEFAULT, 2, 200, 7);
            assertEquals(600, aimed.size());
            assertLabelsOnTheRedDisc(aimed, 15);
            List<EncoderPretraining.Sample> wandering = AnnotatedCrops.collect(envs, 200, FOVS, 32, 7);
            double inFoveaAimed = objectShare(aimed, 0);
            double inFoveaWandering = objectShare(wandering, 0);
            assertTrue(inFoveaAimed > 0.12 && inFoveaAimed > 2 * inFoveaWandering,
                    "aimed crops should put the object in the fovea level often: " + inFoveaAimed + " against " + inFoveaWandering);
        }
    }

    private static final List<Double> FOVS = List.of(20.0, 60.0, 116.0);

    /** Share of the pyramids whose level {@code level} shows the object's centre. */
    private static double objectShare(List<EncoderPretraining.Sample> samples, int level) {
        int n = 0;
        int with = 0;
        for (int i = level; i < samples.size(); i += FOVS.size()) {
            n++;
            for (EncoderPretraining.Mark m : samples.get(i).marks()) {
                if (m.kind() == 0 && m.column() >= 0 && m.column() < 32 && m.row() >= 0 && m.row() < 32) {
                    with++;
                    break;
                }
            }
        }
        return (double) with / n;
    }

    /**
     * The toy draws the object as a red disc (the gripper's yellow disc may cover its centre): where
     * a label says the object is, the red pixels must be centred.
     */
    private static void assertLabelsOnTheRedDisc(List<EncoderPretraining.Sample> samples, int atLeast) {
        int checked = 0;
        int agree = 0;
        for (EncoderPretraining.Sample s : samples) {
            for (EncoderPretraining.Mark m : s.marks()) {
                double margin = m.radius() + 1;
                boolean inside = m.column() > margin && m.column() < 32 - margin && m.row() > margin && m.row() < 32 - margin;
                if (m.kind() != 0 || !inside || m.radius() < 2) {
                    continue;
                }
                double sx = 0;
                double sy = 0;
                int n = 0;
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        if (s.image()[y * 32 + x] > 0.6f && s.image()[32 * 32 + y * 32 + x] < 0.35f) {
                            sx += x + 0.5;
                            sy += y + 0.5;
                            n++;
                        }
                    }
                }
                if (n < 6) {
                    continue; // mostly covered by the gripper
                }
                checked++;
                agree += Math.hypot(sx / n - m.column(), sy / n - m.row()) < 1.0 ? 1 : 0;
            }
        }
        assertTrue(checked >= atLeast, "enough visible objects to check: " + checked);
        assertTrue(agree >= 0.9 * checked, agree + " of " + checked + " object labels within 1 px of the red disc's centre");
    }
}
