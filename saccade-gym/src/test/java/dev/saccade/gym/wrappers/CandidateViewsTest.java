package dev.saccade.gym.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.demo.WithoutAnnotations;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CandidateViewsTest {
    private static final ToyDemonstrations TOY = ToyDemonstrations.generate(2, 32, 9);
    private static final DemoEyeGym.Config SMALL = DemoEyeGym.Config.DEFAULT.withPyramid(PyramidSpec.defaults(16)).withSteps(6, 4);

    @Test
    void aCandidateViewIsExactlyWhatTheEyeSeesAfterThatActionWhilePaused() {
        try (FrameSupply<MipChain> frames = EyeCamera.supply(WithoutAnnotations.of(TOY), 64L << 20, 0)) {
            for (int action : new int[] {0, 3, 8}) {
                DemoEyeGym gym = new DemoEyeGym(frames, SMALL, Optional.empty());
                CandidateViews env = new CandidateViews(gym, gym, 1, CandidateViews.COARSE);
                Reset<EyeObservation> r = env.reset(OptionalLong.of(5), Options.NONE);
                CandidateViews.Views v = r.info().get(EyeInfo.CANDIDATE_VIEWS);
                assertEquals(9, v.size());
                Step<EyeObservation> s = env.step(action); // a paused search step: same frame, new gaze
                int i = java.util.Arrays.stream(v.actions()).boxed().toList().indexOf(action);
                assertEquals(EyeActions.apply(r.observation().gaze(), action, SMALL.limits()), s.observation().gaze());
                assertEquals(v.gazes()[i], s.observation().gaze());
                assertArrayEquals(s.observation().pyramid(), v.observations()[i].pyramid(), "action " + action);
            }
        }
    }

    @Test
    void candidatesComeOnEveryNthStepAndLeaveTheEpisodeAlone() {
        try (FrameSupply<MipChain> frames = EyeCamera.supply(TOY, 64L << 20, 0)) {
            DemoEyeGym plain = new DemoEyeGym(frames, SMALL, Optional.empty());
            DemoEyeGym inner = new DemoEyeGym(frames, SMALL, Optional.empty());
            CandidateViews env = new CandidateViews(inner, inner, 3, CandidateViews.ALL);
            Reset<EyeObservation> a = plain.reset(OptionalLong.of(2), Options.NONE);
            Reset<EyeObservation> b = env.reset(OptionalLong.of(2), Options.NONE);
            assertArrayEquals(a.observation().pyramid(), b.observation().pyramid());
            assertEquals(25, b.info().get(EyeInfo.CANDIDATE_VIEWS).size());
            for (int t = 1; t <= 10; t++) {
                Step<EyeObservation> sa = plain.step(t % 25);
                Step<EyeObservation> sb = env.step(t % 25);
                assertArrayEquals(sa.observation().pyramid(), sb.observation().pyramid(), "step " + t);
                assertEquals(t % 3 == 0 && !sb.done(), sb.info().has(EyeInfo.CANDIDATE_VIEWS), "step " + t);
                if (sb.done()) {
                    break;
                }
            }
            assertFalse(a.info().has(EyeInfo.CANDIDATE_VIEWS));
        }
        assertThrows(IllegalArgumentException.class, () -> new CandidateViews(null, null, 0, CandidateViews.COARSE));
        assertThrows(IllegalArgumentException.class, () -> new CandidateViews(null, null, 1, new int[] {0, 0}));
        assertTrue(CandidateViews.ALL.length == EyeActions.COUNT);
    }
}
