package dev.saccade.gym.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.gym.Env;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.check.EnvChecker;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.policy.OracleGaze;
import dev.saccade.gym.policy.RandomGaze;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The EyeGym wrappers that carry a training run's gym-side options. */
class EyeGymWrappersTest {
    static final ToyDemonstrations TOY = ToyDemonstrations.generate(4, 48, 5);
    static final DemoEyeGym.Config SMALL = DemoEyeGym.Config.DEFAULT.withPyramid(PyramidSpec.defaults(16)).withSteps(6, 4);

    private static DemoEyeGym gym() {
        return new DemoEyeGym(EyeCamera.supply(TOY, 64L << 20, 1), SMALL, Optional.empty());
    }

    @Test
    void everyWrapperPassesTheEnvironmentChecker() {
        EnvChecker.standard().check(new SearchReward(gym(), Math.toRadians(50)), 3).assertPassed();
        EnvChecker.standard().check(new PausedStepsInBc(gym()), 3).assertPassed();
        EnvChecker.standard().check(new ExpertLabels(gym(), new OracleGaze(SMALL.limits()), null), 3).assertPassed();
        EnvChecker.standard().check(new GazeOverride(gym(), new RandomGaze()), 3).assertPassed();
    }

    @Test
    void theSearchRewardFallsLinearlyWithTheAngleToTheRelevantThing() {
        try (Env<EyeObservation, Integer> env = new SearchReward(gym(), Math.toRadians(50))) {
            env.reset(3);
            for (int t = 0; t < 8; t++) {
                Step<EyeObservation> s = env.step(t % 25);
                double angle = s.info().get(EyeInfo.TARGET_ANGLE);
                assertEquals(Math.max(0, Math.min(1, 1 - angle / Math.toRadians(50))), s.reward(), 1e-12);
            }
        }
    }

    @Test
    void pausedStepsGetBcWeightOneAndTheOthersNone() {
        try (Env<EyeObservation, Integer> env = new PausedStepsInBc(gym())) {
            Reset<EyeObservation> r = env.reset(1);
            assertEquals(1f, r.info().get(EyeInfo.BC_WEIGHT));
            for (int t = 0; t < 9; t++) {
                Step<EyeObservation> s = env.step(0);
                boolean paused = s.info().get(EyeInfo.PAUSED);
                assertEquals(paused, s.info().has(EyeInfo.BC_WEIGHT), "step " + t);
            }
        }
    }

    @Test
    void expertLabelsAreTheExpertsChoiceFromEachObservation() {
        OracleGaze oracle = new OracleGaze(SMALL.limits());
        ExpertLabels.Soft soft = new ExpertLabels.Soft(Math.toRadians(3), Math.toRadians(2), SMALL.limits());
        try (Env<EyeObservation, Integer> env = new ExpertLabels(gym(), oracle, soft)) {
            Reset<EyeObservation> r = env.reset(2);
            EyeObservation o = r.observation();
            var info = r.info();
            for (int t = 0; t < 8; t++) {
                int label = info.get(EyeInfo.EXPERT_ACTION);
                assertEquals(oracle.act(o, info), label);
                float[] p = info.get(EyeInfo.EXPERT_POLICY);
                double sum = 0;
                for (float v : p) {
                    sum += v;
                }
                assertEquals(1, sum, 1e-5, "a distribution over the 25 actions");
                Step<EyeObservation> s = env.step(label);
                o = s.observation();
                info = s.info();
            }
        }
    }

    @Test
    void aBaselineEyeDrivesTheGazeWhateverTheActionGivenAndTheSameSeedGivesTheSameGazes() {
        List<Gaze> a = gazes(new GazeOverride(gym(), new RandomGaze()), 24);
        List<Gaze> b = gazes(new GazeOverride(gym(), new RandomGaze()), 0);
        assertEquals(a, b, "the actions given are ignored; the seed decides");
        List<Gaze> c = gazes(new GazeOverride(gym(), new OracleGaze(SMALL.limits())), 24);
        assertTrue(!a.equals(c), "another eye looks elsewhere");
    }

    private static List<Gaze> gazes(Env<EyeObservation, Integer> env, int action) {
        List<Gaze> out = new ArrayList<>();
        try (env) {
            out.add(env.reset(11).observation().gaze());
            for (int t = 0; t < 9; t++) {
                out.add(env.step(action).observation().gaze());
            }
        }
        return out;
    }

}
