package dev.saccade.gym.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.gym.Info;
import dev.saccade.gym.Key;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.policy.FollowGripperGaze;
import dev.saccade.gym.policy.OracleGaze;
import dev.saccade.gym.rollout.Baselines;
import dev.saccade.gym.rollout.GazeRegime;
import dev.saccade.gym.wrappers.ExpertLabels;
import dev.saccade.gym.wrappers.SearchReward;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class WithoutAnnotationsTest {
    private static final ToyDemonstrations TOY = ToyDemonstrations.generate(3, 32, 5);
    private static final DemoEyeGym.Config SMALL = DemoEyeGym.Config.DEFAULT.withPyramid(PyramidSpec.defaults(16)).withSteps(3, 4);
    private static final List<Key<?>> GROUND_TRUTH = List.of(EyeInfo.OBJECT, EyeInfo.TARGET, EyeInfo.GRIPPER, EyeInfo.RELEVANT,
            EyeInfo.RELEVANT_NAME, EyeInfo.TARGET_ANGLE, EyeInfo.IN_FOVEA);

    @Test
    void readingAnAnnotationFailsNamingWhatWasRead() {
        Demonstrations stripped = WithoutAnnotations.of(TOY);
        Demonstration d = stripped.episodes().get(1);
        assertFalse(d.annotated());
        assertTrue(d.annotationsWithheld());
        assertTrue(assertThrows(AnnotationsWithheldException.class, () -> d.object(0)).getMessage().contains("the object's direction of episode 1"));
        assertTrue(assertThrows(AnnotationsWithheldException.class, () -> d.target(3)).getMessage().contains("place target"));
        assertTrue(assertThrows(AnnotationsWithheldException.class, () -> d.gripperDirection(3)).getMessage().contains("gripper"));
        assertThrows(AnnotationsWithheldException.class, () -> d.relevant(0));
        assertTrue(assertThrows(AnnotationsWithheldException.class, d::annotations).getMessage().contains("the annotations"));
        // what a real rig has stays readable, and is the same data
        assertSame(TOY.episodes().get(1).state(), d.state());
        assertSame(TOY.episodes().get(1).action(), d.action());
        assertSame(stripped, WithoutAnnotations.of(stripped));
        assertTrue(WithoutAnnotations.withheld(stripped));
        assertFalse(WithoutAnnotations.withheld(TOY));
    }

    @Test
    void framesAreTheSourcesFrames() {
        Demonstrations stripped = WithoutAnnotations.of(TOY);
        assertArrayEquals(TOY.decode(TOY.episodes().get(2), 17).pixels(), stripped.decode(stripped.episodes().get(2), 17).pixels());
        assertThrows(IllegalArgumentException.class, () -> stripped.decode(TOY.episodes().get(2), 17));
    }

    @Test
    void aGymOnStrippedDemonstrationsGivesNoGroundTruth() {
        try (FrameSupply<MipChain> frames = EyeCamera.supply(WithoutAnnotations.of(TOY), 64L << 20, 0)) {
            DemoEyeGym gym = new DemoEyeGym(frames, SMALL, Optional.empty());
            Reset<EyeObservation> r = gym.reset(OptionalLong.of(3), Options.NONE);
            assertNoGroundTruth(r.info());
            for (int t = 0; t < 7; t++) {
                Step<EyeObservation> s = gym.step(t % 25);
                assertNoGroundTruth(s.info());
                assertTrue(s.info().has(EyeInfo.HAND_TARGET), "the demonstrated chunk is no annotation");
                if (s.done()) {
                    break;
                }
            }
        }
    }

    @Test
    void whatReadsGroundTruthFailsLoudlyOnStrippedDemonstrations() {
        try (FrameSupply<MipChain> frames = EyeCamera.supply(WithoutAnnotations.of(TOY), 64L << 20, 0)) {
            GazeLimits limits = SMALL.limits();
            Reset<EyeObservation> r = new DemoEyeGym(frames, SMALL, Optional.empty()).reset(OptionalLong.of(1), Options.NONE);
            assertTrue(assertThrows(AnnotationsWithheldException.class, () -> new OracleGaze(limits).act(r.observation(), r.info()))
                    .getMessage().contains("scripted oracle"));
            assertThrows(AnnotationsWithheldException.class, () -> new FollowGripperGaze(limits).act(r.observation(), r.info()));
            ExpertLabels labels = new ExpertLabels(new DemoEyeGym(frames, SMALL, Optional.empty()), new OracleGaze(limits), null);
            assertTrue(assertThrows(AnnotationsWithheldException.class, () -> labels.reset(OptionalLong.of(1), Options.NONE))
                    .getMessage().contains("ExpertLabels"));
            SearchReward search = new SearchReward(new DemoEyeGym(frames, SMALL, Optional.empty()), 1.0);
            search.reset(OptionalLong.of(1), Options.NONE);
            assertTrue(assertThrows(AnnotationsWithheldException.class, () -> search.step(0)).getMessage().contains("SearchReward"));
            assertThrows(AnnotationsWithheldException.class,
                    () -> Baselines.of(GazeRegime.BEST_FIXED, frames.demonstrations().episodes(), SMALL.pyramid(), limits));
        }
    }

    private static void assertNoGroundTruth(Info info) {
        for (Key<?> k : GROUND_TRUTH) {
            assertFalse(info.has(k), "ground truth " + k + " in a training gym's info");
        }
        assertTrue(info.find(EyeInfo.ANNOTATIONS_WITHHELD).orElse(false));
    }
}
