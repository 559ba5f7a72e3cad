package dev.saccade.gym.envs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Task;
import dev.saccade.gym.Info;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.check.EnvChecker;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.Direction;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import dev.saccade.gym.reward.HandPredictor;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.gym.reward.HandTarget;
import dev.saccade.sphere.Gaze;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DemoEyeGymTest {
    static final ToyDemonstrations TOY = ToyDemonstrations.generate(6, 48, 21);
    /** A small pyramid keeps the tests fast; fovea hits depend only on the fields of view. */
    static final DemoEyeGym.Config SMALL = DemoEyeGym.Config.DEFAULT.withPyramid(PyramidSpec.defaults(16));

    static FrameSupply<MipChain> supply() {
        return EyeCamera.supply(TOY, 256L << 20, 1);
    }

    static DemoEyeGym gym(DemoEyeGym.Config config, Optional<HandPredictor> hand) {
        return new DemoEyeGym(supply(), config, hand);
    }

    @Test
    void passesTheEnvironmentChecker() {
        EnvChecker.standard().check(gym(SMALL, Optional.of(HandPredictor.blind())), 5).assertPassed();
        EnvChecker.standard().check(gym(DemoEyeGym.Config.DEFAULT, Optional.empty()), 6).assertPassed();
    }

    @Test
    void theSameSeedGivesTheSameEpisode() {
        List<Object> a = play(gym(DemoEyeGym.Config.DEFAULT, Optional.of(HandPredictor.blind())), 77, 60);
        List<Object> b = play(gym(DemoEyeGym.Config.DEFAULT, Optional.of(HandPredictor.blind())), 77, 60);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) instanceof float[] fa) {
                assertArrayEquals(fa, (float[]) b.get(i), "pyramid " + i);
            } else {
                assertEquals(a.get(i), b.get(i), "entry " + i);
            }
        }
        List<Object> c = play(gym(DemoEyeGym.Config.DEFAULT, Optional.of(HandPredictor.blind())), 78, 60);
        assertFalse(a.get(1).equals(c.get(1)) && a.get(2).equals(c.get(2)), "another seed, another episode or start");
    }

    /** Pyramids, episode, frame, gazes and rewards of {@code steps} random steps. */
    private static List<Object> play(DemoEyeGym env, long seed, int steps) {
        List<Object> out = new ArrayList<>();
        Reset<EyeObservation> r = env.reset(seed);
        out.add(r.observation().pyramid());
        out.add(r.info().get(EyeInfo.EPISODE));
        out.add(r.info().get(EyeInfo.FRAME));
        SplittableRandom rng = new SplittableRandom(seed);
        for (int t = 0; t < steps; t++) {
            Step<EyeObservation> s = env.step(rng.nextInt(EyeActions.COUNT));
            out.add(s.observation().pyramid());
            out.add(s.observation().gaze());
            out.add(s.reward());
            out.add(s.info().get(EyeInfo.FRAME));
        }
        return out;
    }

    @Test
    void thirtyPausedStepsThenAHundredStepsOfTwoFrames() {
        DemoEyeGym env = gym(SMALL, Optional.empty());
        Reset<EyeObservation> r = env.reset(3);
        int start = r.info().get(EyeInfo.FRAME);
        assertTrue(r.info().get(EyeInfo.PAUSED));
        for (int t = 1; t <= 130; t++) {
            Step<EyeObservation> s = env.step(EyeActions.STAY);
            int expected = t <= 30 ? start : start + 2 * (t - 30);
            assertEquals(expected, s.info().get(EyeInfo.FRAME), "frame after step " + t);
            assertEquals(t <= 30, s.info().get(EyeInfo.PAUSED), "paused after step " + t);
            assertEquals(t, s.info().get(EyeInfo.STEP));
            assertFalse(s.terminated(), "the toy demonstrations are long enough for a whole episode");
            assertEquals(t == 130, s.truncated(), "truncated after step " + t);
        }
        assertThrows(IllegalStateException.class, () -> env.step(EyeActions.STAY));
    }

    @Test
    void theEpisodeTerminatesWhenTheDemonstrationEnds() {
        DemoEyeGym env = gym(SMALL, Optional.empty());
        Demonstration d = TOY.episodes().get(2);
        int start = d.length() - 21;
        env.reset(1, Options.NONE.with(EyeOptions.EPISODE, 2).with(EyeOptions.START_FRAME, start));
        Step<EyeObservation> s = null;
        for (int t = 1; t <= 40; t++) {
            s = env.step(EyeActions.STAY);
            assertEquals(t == 40, s.terminated(), "terminated after step " + t);
            assertFalse(s.truncated());
        }
        assertEquals(d.length() - 1, s.info().get(EyeInfo.FRAME), "the last observation shows the last frame");
    }

    @Test
    void startFramesLeaveRoomForTheWholeEpisode() {
        DemoEyeGym env = gym(SMALL, Optional.empty());
        for (long seed = 0; seed < 40; seed++) {
            Info info = env.reset(seed).info();
            Demonstration d = TOY.episodes().get(info.get(EyeInfo.EPISODE));
            assertTrue(info.get(EyeInfo.FRAME) + 200 <= d.length() - 1);
        }
    }

    @Test
    void aStartStrideOfTwoStartsAndKeepsEveryEpisodeOnEvenFrames() {
        DemoEyeGym env = gym(SMALL.withStartStride(2), Optional.empty());
        java.util.Set<Integer> starts = new java.util.HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            Info info = env.reset(seed).info();
            Demonstration d = TOY.episodes().get(info.get(EyeInfo.EPISODE));
            int start = info.get(EyeInfo.FRAME);
            starts.add(start);
            assertEquals(0, start % 2, "start frame " + start);
            assertTrue(start + 200 <= d.length() - 1);
            if (seed < 3) {
                Step<EyeObservation> s;
                do {
                    s = env.step(EyeActions.STAY);
                    assertEquals(0, s.info().get(EyeInfo.FRAME) % 2);
                } while (!s.terminated() && !s.truncated());
            }
        }
        assertTrue(starts.size() > 10, "start frames should still spread over the episodes: " + starts);
        assertThrows(IllegalArgumentException.class, () -> SMALL.withStartStride(0));
    }

    @Test
    void theOracleHandScoresZeroAndTheBlindHandLower() {
        DemoEyeGym oracle = gym(SMALL, Optional.of(HandPredictor.oracle()));
        DemoEyeGym blind = gym(SMALL, Optional.of(HandPredictor.blind()));
        double blindSum = 0;
        int steps = 0;
        for (long seed = 10; seed < 13; seed++) {
            oracle.reset(seed);
            blind.reset(seed);
            boolean done = false;
            while (!done) {
                Step<EyeObservation> o = oracle.step(EyeActions.STAY);
                Step<EyeObservation> b = blind.step(EyeActions.STAY);
                assertEquals(0.0, o.reward(), 0.0);
                assertEquals(0.0, o.info().get(EyeInfo.HAND_ERROR), 0.0);
                assertTrue(b.reward() <= 0);
                assertEquals(-b.reward(), b.info().get(EyeInfo.HAND_ERROR), 0.0);
                blindSum += b.reward();
                steps++;
                done = o.done();
            }
        }
        double blindMean = blindSum / steps;
        assertTrue(blindMean < -0.01, "holding still misses the demonstrated motion by centimetres: " + blindMean + " m");
    }

    @Test
    void withoutAHandTheRewardIsZeroAndATrainerCanScoreTheStepsLaterInOneBatch() {
        DemoEyeGym later = gym(SMALL, Optional.empty());
        DemoEyeGym now = gym(SMALL.withReward(HandReward.JOINT_L2), Optional.of(HandPredictor.blind()));
        later.reset(4);
        now.reset(4);
        List<HandTarget> targets = new ArrayList<>();
        List<float[]> predictions = new ArrayList<>();
        List<Double> rewardsNow = new ArrayList<>();
        for (int t = 0; t < 50; t++) {
            int action = (t * 7) % EyeActions.COUNT;
            Step<EyeObservation> s = later.step(action);
            assertEquals(0.0, s.reward());
            HandTarget target = s.info().get(EyeInfo.HAND_TARGET);
            assertArrayEquals(s.observation().proprio(), target.proprio(), "the target's proprio is the observation's");
            targets.add(target);
            predictions.add(HandPredictor.blind().predict(s.observation(), target));
            rewardsNow.add(now.step(action).reward());
        }
        float[] batch = new float[targets.size() * 210];
        for (int i = 0; i < predictions.size(); i++) {
            System.arraycopy(predictions.get(i), 0, batch, 210 * i, 210);
        }
        double[] scored = HandReward.JOINT_L2.score(targets, batch);
        for (int i = 0; i < scored.length; i++) {
            assertEquals(rewardsNow.get(i), scored[i], 0.0, "step " + (i + 1));
        }
    }

    @Test
    void theObservationIsThePyramidGazeProprioAndTaskWithGroundTruthOnlyInInfo() {
        DemoEyeGym env = gym(DemoEyeGym.Config.DEFAULT, Optional.empty());
        Demonstration d = TOY.episodes().get(1);
        Direction object = d.object(0);
        Reset<EyeObservation> r = env.reset(2, Options.NONE.with(EyeOptions.EPISODE, 1).with(EyeOptions.START_FRAME, 0)
                .with(EyeOptions.GAZE, new Gaze(object.yaw(), object.pitch())));
        EyeObservation o = r.observation();
        assertEquals(3 * 3 * 64 * 64, o.pyramid().length);
        assertArrayEquals(d.stateAt(0), o.proprio());
        assertEquals(d.task().ordinal(), o.task());
        assertEquals(object.yaw(), o.gaze().yaw(), 1e-12);
        int centre = 32 * 64 + 32;
        assertTrue(o.pyramid()[centre] > 0.75f && o.pyramid()[2 * 4096 + centre] < 0.3f, "the red object fills the fovea's centre");
        assertEquals("object", r.info().get(EyeInfo.RELEVANT_NAME));
        assertTrue(r.info().get(EyeInfo.IN_FOVEA));
        assertEquals(0.0, r.info().get(EyeInfo.TARGET_ANGLE), 1e-9);
        assertEquals(d.task(), r.info().get(EyeInfo.TASK));
        assertEquals(d.index(), r.info().get(EyeInfo.DATASET_EPISODE));
    }

    @Test
    void actionsMoveTheGazeAsSpecified() {
        DemoEyeGym env = gym(SMALL, Optional.empty());
        env.reset(1, Options.NONE.with(EyeOptions.GAZE, Gaze.ofDegrees(0, -20)));
        Gaze g = env.step(EyeActions.of(0, 0)).observation().gaze();
        assertEquals(10, Math.toDegrees(g.yaw()), 1e-9);
        g = env.step(EyeActions.of(1, 2)).observation().gaze();
        assertEquals(-17, Math.toDegrees(g.pitch()), 1e-9);
        for (int i = 0; i < 20; i++) {
            g = env.step(EyeActions.of(0, 0)).observation().gaze();
        }
        assertEquals(130, Math.toDegrees(g.yaw()), 1e-9, "stopped at the edge of the arc");
    }

    @Test
    void optionsChooseTheTaskAndBadOnesAreRefused() {
        DemoEyeGym env = gym(SMALL, Optional.empty());
        for (long seed = 0; seed < 5; seed++) {
            assertEquals(Task.BRUSH_TRAY, env.reset(seed, Options.NONE.with(EyeOptions.TASK, Task.BRUSH_TRAY)).info().get(EyeInfo.TASK));
        }
        assertThrows(IllegalArgumentException.class, () -> env.reset(0, Options.NONE.with(EyeOptions.EPISODE, 99)));
        assertThrows(IllegalArgumentException.class, () -> env.reset(0, Options.NONE.with(EyeOptions.START_FRAME, -1)));
        env.reset(0);
        assertThrows(IllegalArgumentException.class, () -> env.step(25));
        assertThrows(IllegalArgumentException.class, () -> env.step(null));
    }

    @Test
    void tasksAreDrawnUniformlyThenEpisodesWithinThem() {
        DemoEyeGym env = gym(SMALL, Optional.empty());
        int[] perTask = new int[5];
        for (long seed = 0; seed < 500; seed++) {
            perTask[env.reset(seed).info().get(EyeInfo.TASK).ordinal()]++;
        }
        for (int count : perTask) { // 6 episodes: towel-bucket has two, the others one; each task ~100
            assertTrue(count > 65 && count < 135, java.util.Arrays.toString(perTask));
        }
    }
}
