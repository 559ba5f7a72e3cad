package dev.saccade.gym.envs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.core.InputException;
import dev.saccade.gym.Info;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.check.EnvChecker;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.Direction;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Gaze;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VisualSearchGymTest {
    static final VisualSearchGym.Config SMALL = VisualSearchGym.Config.DEFAULT.withPyramid(PyramidSpec.defaults(16));

    static VisualSearchGym gym(VisualSearchGym.Config config) {
        return new VisualSearchGym(EyeCamera.supply(DemoEyeGymTest.TOY, 64L << 20, 0), config);
    }

    @Test
    void passesTheEnvironmentChecker() {
        EnvChecker.standard().check(gym(SMALL), 3).assertPassed();
        EnvChecker.standard().check(gym(VisualSearchGym.Config.DEFAULT.withTerminateOnSuccess(true)), 4).assertPassed();
    }

    @Test
    void theRewardFallsLinearlyToZeroAtFiftyDegrees() {
        VisualSearchGym env = gym(SMALL);
        Direction target = env.reset(8).info().get(EyeInfo.RELEVANT);
        for (double offset : new double[] {0, 10, 25, 40, 49, 50, 70}) {
            Gaze start = new Gaze(target.yaw(), target.pitch() + Math.toRadians(offset)); // along a meridian: angle = offset
            env.reset(8, Options.NONE.with(EyeOptions.GAZE, start));
            Step<EyeObservation> s = env.step(EyeActions.STAY);
            double angle = s.info().get(EyeInfo.TARGET_ANGLE);
            assertEquals(Math.max(0, 1 - angle / Math.toRadians(50)), s.reward(), 1e-12);
            if (offset == 0) {
                assertEquals(1.0, s.reward(), 1e-9);
            }
            if (offset >= 50) {
                assertEquals(0.0, s.reward(), 1e-12);
            }
        }
    }

    @Test
    void successAfterThreeStepsWithinTenDegreesWithoutEndingTheEpisode() {
        VisualSearchGym env = gym(SMALL);
        Direction target = env.reset(8).info().get(EyeInfo.RELEVANT);
        env.reset(8, Options.NONE.with(EyeOptions.GAZE, new Gaze(target.yaw() + Math.toRadians(5), target.pitch())));
        for (int t = 1; t <= 100; t++) {
            Step<EyeObservation> s = env.step(EyeActions.STAY);
            assertEquals(t >= 3, s.info().get(EyeInfo.SUCCESS), "step " + t);
            assertFalse(s.terminated());
            assertEquals(t == 100, s.truncated());
        }
    }

    @Test
    void successEndsTheEpisodeWhenConfigured() {
        VisualSearchGym env = gym(SMALL.withTerminateOnSuccess(true));
        Direction target = env.reset(8).info().get(EyeInfo.RELEVANT);
        env.reset(8, Options.NONE.with(EyeOptions.GAZE, new Gaze(target.yaw(), target.pitch())));
        env.step(EyeActions.STAY);
        env.step(EyeActions.STAY);
        Step<EyeObservation> s = env.step(EyeActions.STAY);
        assertTrue(s.terminated());
        assertEquals(3, s.info().get(EyeInfo.SUCCESS_STEP));
    }

    @Test
    void leavingTheTargetResetsTheCount() {
        VisualSearchGym env = gym(SMALL);
        Direction target = env.reset(8).info().get(EyeInfo.RELEVANT);
        env.reset(8, Options.NONE.with(EyeOptions.GAZE, new Gaze(target.yaw(), target.pitch() - Math.toRadians(5))));
        assertFalse(env.step(EyeActions.STAY).info().get(EyeInfo.SUCCESS));        // 5° away: 1
        assertFalse(env.step(EyeActions.STAY).info().get(EyeInfo.SUCCESS));        // 2
        assertFalse(env.step(EyeActions.of(0, 6)).info().get(EyeInfo.SUCCESS));    // 10° down: 15° away, count restarts
        assertFalse(env.step(EyeActions.of(0, 2)).info().get(EyeInfo.SUCCESS));    // back to 5°: 1
        assertFalse(env.step(EyeActions.STAY).info().get(EyeInfo.SUCCESS));        // 2
        Step<EyeObservation> s = env.step(EyeActions.STAY);                         // 3
        assertTrue(s.info().get(EyeInfo.SUCCESS));
        assertEquals(6, s.info().get(EyeInfo.SUCCESS_STEP));
    }

    @Test
    void theFrameStaysFrozenAndTheTargetIsTheObjectOrThePlaceTarget() {
        VisualSearchGym env = gym(SMALL);
        int objects = 0;
        for (long seed = 0; seed < 40; seed++) {
            Reset<EyeObservation> r = env.reset(seed);
            Info info = r.info();
            int frame = info.get(EyeInfo.FRAME);
            Demonstration d = DemoEyeGymTest.TOY.episodes().get(info.get(EyeInfo.EPISODE));
            String name = info.get(EyeInfo.RELEVANT_NAME);
            assertEquals(name.equals("object") ? d.object(frame) : d.target(frame), info.get(EyeInfo.RELEVANT));
            objects += name.equals("object") ? 1 : 0;
            for (int t = 0; t < 3; t++) {
                assertEquals(frame, env.step(EyeActions.of(0, t)).info().get(EyeInfo.FRAME));
            }
        }
        assertTrue(objects > 10 && objects < 30, "object and target both drawn: " + objects + "/40 objects");
    }

    @Test
    void demonstrationsWithoutAnnotationsCannotBeSearched() {
        Demonstration plain = new Demonstration(0, dev.saccade.data.Task.ESTOP_PRESS, 30, 10, new float[70], new float[70], Optional.empty());
        Demonstrations none = new Demonstrations() {
            @Override
            public List<Demonstration> episodes() {
                return List.of(plain);
            }

            @Override
            public EquirectFrame decode(Demonstration episode, int frame) {
                return EquirectFrame.black(8);
            }
        };
        InputException e = assertThrows(InputException.class, () -> new VisualSearchGym(EyeCamera.supply(none, 1 << 20, 0), SMALL));
        assertTrue(e.getMessage().contains("annotated"));
    }
}
