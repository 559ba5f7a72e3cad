package dev.saccade.learn.train;

import dev.saccade.gym.wrappers.ExpertLabels;
import dev.saccade.gym.wrappers.GazeOverride;
import dev.saccade.gym.wrappers.PausedStepsInBc;
import dev.saccade.gym.wrappers.SearchReward;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.envs.VisualSearchGym;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.policy.OracleGaze;
import dev.saccade.gym.policy.RandomGaze;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.gym.vector.VectorEnv;
import dev.saccade.learn.encoder.ConvPatchEncoder;
import dev.saccade.learn.io.HostTensor;
import dev.saccade.learn.policy.Fort;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GymSourceTest {
    private static final ToyDemonstrations TOY = ToyDemonstrations.generate(3, 32, 4);

    /** The small test policy, with the toy's 30-frame chunks. */
    private static PolicyConfig policy() {
        PolicyConfig s = BcRlTest.smallPolicy();
        return new PolicyConfig(s.levels(), s.imageSize(), s.fieldsOfViewDeg(), s.tokensPerLevel(), s.encoderDim(),
                s.width(), s.heads(), s.eyeBlocks(), s.handBlocks(), s.mlpRatio(), s.window(), 30, 7, 25, 5,
                s.ropeTheta(), s.ropeAxes(), s.headHidden(), s.adapterHidden());
    }

    private static PyramidSpec pyramid(PolicyConfig c) {
        return PyramidSpec.pinholeDegrees(c.imageSize(), c.fieldsOfViewDeg());
    }

    @Test
    void bcRlRunsOnReplayedDemonstrations() {
        PolicyConfig pc = policy();
        int search = 2;
        int advance = 4;
        DemoEyeGym.Config gym = DemoEyeGym.Config.DEFAULT.withPyramid(pyramid(pc)).withSteps(search, advance);
        BcRlConfig cfg = BcRlTest.smallRun(1, 2, search + advance, 2L * (search + advance) * 2, 1, 0.02);
        try (FrameSupply<MipChain> frames = EyeCamera.supply(TOY, 64L << 20, 0);
             VectorEnv<EyeObservation, Integer> envs = VectorEnv.of(2, 1, i -> new DemoEyeGym(frames, gym, Optional.empty()));
             NDManager root = NDManager.newBaseManager();
             BcRl trainer = new BcRl(cfg, pc, ActionStats.original(), new ConvPatchEncoder(new ConvPatchEncoder.Config(16, 4, 16), root, 1),
                     HandReward.CHAMFER, root)) {
            GymSource source = new GymSource(envs, pc.chunk(), pc.joints());
            Rollout r = trainer.collect(source);
            for (int e = 0; e < 2; e++) {
                assertEquals(search + advance, r.length(e), "the whole episode is one row");
                assertTrue(!r.ended[e], "a time limit, not a true end: bootstrapped");
                for (int t = 0; t <= search + advance; t++) {
                    float w = r.bcWeight[r.slot(e, t)];
                    assertEquals(t <= search ? 0f : 1f, w, "BC weight of step " + t + " (paused steps are left out)");
                }
            }
            trainer.computeRewards(r);
            for (int e = 0; e < 2; e++) {
                for (int t = 0; t < r.length(e); t++) {
                    float rew = r.reward(e, t);
                    assertTrue(rew < 0 && rew > -2, "a Chamfer reward in metres: " + rew);
                }
            }
            IterationStats s = trainer.iterate(source);
            assertTrue(Double.isFinite(s.update().bcLoss()) && s.update().bcLoss() > 0);
            assertTrue(Double.isFinite(s.update().policyLoss()));

            try (VectorEnv<EyeObservation, Integer> paused = VectorEnv.of(2, 1,
                    i -> new PausedStepsInBc(new DemoEyeGym(frames, gym, Optional.empty())))) {
                Rollout withPaused = trainer.collect(new GymSource(paused, pc.chunk(), pc.joints()));
                for (int e = 0; e < 2; e++) {
                    for (int t = 0; t <= search + advance; t++) {
                        assertEquals(1f, withPaused.bcWeight[withPaused.slot(e, t)], "BC weight of step " + t + " with paused steps in BC");
                    }
                }
            }
        }
    }

    @Test
    void visualSearchRewardsComeFromTheEnvironment() {
        PolicyConfig pc = policy();
        VisualSearchGym.Config gym = VisualSearchGym.Config.DEFAULT.withPyramid(pyramid(pc)).withMaxSteps(5);
        BcRlConfig cfg = BcRlTest.smallRun(2, 2, 5, 1000, 1, 0.02).withStages(g -> g.withRewardFrom(BcRlConfig.RewardFrom.ENV)).withBc(b -> b.withCoef(0));
        try (FrameSupply<MipChain> frames = EyeCamera.supply(TOY, 64L << 20, 0);
             VectorEnv<EyeObservation, Integer> envs = VectorEnv.of(2, 1, i -> new VisualSearchGym(frames, gym));
             NDManager root = NDManager.newBaseManager();
             BcRl trainer = new BcRl(cfg, pc, ActionStats.original(), new ConvPatchEncoder(new ConvPatchEncoder.Config(16, 4, 16), root, 1),
                     HandReward.CHAMFER, root)) {
            GymSource source = new GymSource(envs, pc.chunk(), pc.joints());
            Rollout r = trainer.collect(source);
            trainer.computeRewards(r);
            double sum = 0;
            for (int e = 0; e < 2; e++) {
                assertEquals(5, r.length(e));
                for (int t = 0; t < 5; t++) {
                    float rew = r.reward(e, t);
                    assertTrue(rew >= 0 && rew <= 1, "clamp(1 − angle/50°, 0, 1): " + rew);
                    sum += rew;
                    assertEquals(0f, r.bcWeight[r.slot(e, t)], "no hand target in visual search");
                }
            }
            assertEquals(sum, List.of(r).stream().mapToDouble(x -> x.meanReward() * x.validSteps()).sum(), 1e-4);
        }
    }

    /** A long enough search phase for the scripted eye to reach its goal (10° per step). */
    private static final int SEARCH = 24;
    private static final int ADVANCE = 6;

    private static DemoEyeGym.Config longSearch(PolicyConfig pc) {
        return DemoEyeGym.Config.DEFAULT.withPyramid(pyramid(pc)).withSteps(SEARCH, ADVANCE).withStartStride(2);
    }

    private static BcRl trainer(NDManager root, PolicyConfig pc, BcRlConfig cfg) {
        return new BcRl(cfg, pc, ActionStats.original(), new ConvPatchEncoder(new ConvPatchEncoder.Config(16, 4, 16), root, 1),
                HandReward.CHAMFER, root);
    }

    /** Rewards of every step of every env, from reset to the end. */
    private static double[] rewardsOf(GymSource source, int envs, long seed) {
        List<EnvStep> obs = source.reset(seed);
        double[] sum = new double[SEARCH + ADVANCE];
        for (int t = 0; t < SEARCH + ADVANCE; t++) {
            int[] actions = new int[envs];
            Arrays.fill(actions, 24); // ignored: the baseline drives the gaze
            obs = source.step(actions);
            for (EnvStep s : obs) {
                assertTrue(s.reward() >= 0 && s.reward() <= 1, "clamp(1 − angle/50°, 0, 1): " + s.reward());
                sum[t] += s.reward() / envs;
            }
        }
        return sum;
    }

    @Test
    void theSearchRewardScoresTheGazeOnTheRelevantThingAndABaselineCanDriveTheGaze() {
        PolicyConfig pc = policy();
        try (FrameSupply<MipChain> frames = EyeCamera.supply(TOY, 64L << 20, 0);
             VectorEnv<EyeObservation, Integer> oracleEnvs = VectorEnv.of(4, 1, i -> new GazeOverride(new SearchReward(
                     new DemoEyeGym(frames, longSearch(pc), Optional.empty()), Math.toRadians(50)), new OracleGaze(longSearch(pc).limits())));
             VectorEnv<EyeObservation, Integer> randomEnvs = VectorEnv.of(4, 1, i -> new GazeOverride(new SearchReward(
                     new DemoEyeGym(frames, longSearch(pc), Optional.empty()), Math.toRadians(50)), new RandomGaze()))) {
            double[] oracle = rewardsOf(new GymSource(oracleEnvs, pc.chunk(), pc.joints()), 4, 5);
            double[] random = rewardsOf(new GymSource(randomEnvs, pc.chunk(), pc.joints()), 4, 5);
            double lastOracle = oracle[oracle.length - 1];
            assertTrue(lastOracle > 0.8, "the oracle ends on the relevant thing: reward " + lastOracle);
            assertTrue(oracle[SEARCH - 1] > oracle[0], "the oracle's reward grows while it searches: " + Arrays.toString(oracle));
            assertTrue(Arrays.stream(random).average().orElseThrow() < Arrays.stream(oracle).average().orElseThrow() - 0.2,
                    "a random eye earns less: " + Arrays.toString(random));
        }
    }

    @Test
    void underABaselineGazeOnlyTheHandLearns() {
        PolicyConfig pc = policy();
        BcRlConfig cfg = BcRlTest.smallRun(3, 4, SEARCH + ADVANCE, 100_000, 2, 0.02).withStages(g -> g.withGaze(dev.saccade.gym.rollout.GazeRegime.ORACLE));
        try (FrameSupply<MipChain> frames = EyeCamera.supply(TOY, 64L << 20, 0);
             VectorEnv<EyeObservation, Integer> envs = VectorEnv.of(4, 1, i -> new GazeOverride(
                     new DemoEyeGym(frames, longSearch(pc), Optional.empty()), new OracleGaze(longSearch(pc).limits())));
             NDManager root = NDManager.newBaseManager();
             BcRl trainer = trainer(root, pc, cfg)) {
            GymSource source = new GymSource(envs, pc.chunk(), pc.joints());
            Map<String, HostTensor> before = trainer.model().params().toHost();
            IterationStats s = trainer.iterate(source);
            Map<String, HostTensor> after = trainer.model().params().toHost();
            for (var p : trainer.model().params().all()) {
                boolean same = Arrays.equals(before.get(p.name()).data(), after.get(p.name()).data());
                if (p.group().equals(Fort.EYE)) {
                    assertTrue(same, p.name() + " belongs to the eye, which does not learn under a baseline gaze");
                } else if (p.trainable()) {
                    assertTrue(!same, p.name() + " should learn by BC");
                }
            }
            assertEquals(0, s.update().epochs(), "no PPO epochs");
            assertTrue(Double.isNaN(s.update().policyLoss()) && Double.isNaN(s.update().entropy())
                    && Double.isNaN(s.update().approxKl()), "no eye, so its figures are not measured (NaN, not 0): " + s.update());
            assertTrue(s.update().bcSteps() > 0 && Double.isFinite(s.update().bcLoss()));
            assertTrue(s.foveaHits() > 0.4, "the oracle drove the gaze: relevant thing in the fovea on " + s.foveaHits());
            assertTrue(s.handError() > 0, "the hand's error is measured: " + s.handError());
        }
    }

    @Test
    void theSearchStageRewardsLookingThenHandsOverToTheHandWithAFreshCritic() {
        PolicyConfig pc = policy();
        int steps = SEARCH + ADVANCE;
        BcRlConfig staged = BcRlTest.smallRun(4, 2, steps, 100_000, 1, 0).withStages(g -> g.withSearchEnvSteps(2L * steps));
        BcRlConfig searchOnly = staged.withStages(g -> g.withSearchEnvSteps(1_000_000L));
        try (FrameSupply<MipChain> frames = EyeCamera.supply(TOY, 64L << 20, 0);
             VectorEnv<EyeObservation, Integer> envs = VectorEnv.of(2, 1,
                     i -> new SearchReward(new DemoEyeGym(frames, longSearch(pc), Optional.empty()), Math.toRadians(50)));
             NDManager root = NDManager.newBaseManager();
             BcRl a = trainer(root, pc, staged);
             BcRl b = trainer(root, pc, searchOnly)) {
            GymSource source = new GymSource(envs, pc.chunk(), pc.joints());
            IterationStats first = a.iterate(source);
            b.iterate(source);
            assertTrue(first.search() && first.meanReward() >= 0 && first.meanReward() <= 1, "search stage: " + first);
            assertTrue(Double.isFinite(first.handError()), "the hand is watched while the eye searches");
            Map<String, HostTensor> wa = a.model().params().toHost();
            Map<String, HostTensor> wb = b.model().params().toHost();
            for (String name : wa.keySet()) {
                boolean same = Arrays.equals(wa.get(name).data(), wb.get(name).data());
                assertEquals(!name.startsWith(Fort.CRITIC_PREFIX), same, name + (same ? " should restart" : " should not change at the switch"));
            }
            a.optimizer().moments().forEach((name, t) -> {
                if (name.startsWith(Fort.CRITIC_PREFIX)) {
                    for (float v : t.data()) {
                        assertEquals(0f, v, name + ": a restarted critic's optimiser moments are zero");
                    }
                }
            });
            IterationStats second = a.iterate(source);
            assertTrue(!second.search() && second.meanReward() < 0, "BC-RL: the hand's Chamfer reward: " + second);
        }
    }

    @Test
    void expertLabelsAreTheOraclesActionsAndFollowingThemFindsTheRelevantThing() {
        PolicyConfig pc = policy();
        try (FrameSupply<MipChain> frames = EyeCamera.supply(TOY, 64L << 20, 0);
             VectorEnv<EyeObservation, Integer> envs = VectorEnv.of(4, 1,
                     i -> new SearchReward(new DemoEyeGym(frames, longSearch(pc), Optional.empty()), Math.toRadians(50)));
             VectorEnv<EyeObservation, Integer> labelledEnvs = VectorEnv.of(4, 1, i -> new ExpertLabels(new SearchReward(
                     new DemoEyeGym(frames, longSearch(pc), Optional.empty()), Math.toRadians(50)), new OracleGaze(longSearch(pc).limits()), null))) {
            GymSource plain = new GymSource(envs, pc.chunk(), pc.joints());
            for (EnvStep s : plain.reset(3)) {
                assertEquals(-1, s.expertAction(), "no labels unless asked");
            }
            GymSource labelled = new GymSource(labelledEnvs, pc.chunk(), pc.joints());
            List<EnvStep> obs = labelled.reset(3);
            double first = obs.stream().mapToDouble(EnvStep::reward).average().orElseThrow();
            int labels = 0;
            for (int t = 0; t < SEARCH; t++) {
                int[] actions = new int[obs.size()];
                for (int e = 0; e < actions.length; e++) {
                    int a = obs.get(e).expertAction();
                    assertTrue(a >= 0 && a < 25, "an eye action: " + a);
                    actions[e] = a; // the learner follows its labels: then it is the oracle
                    labels++;
                }
                obs = labelled.step(actions);
            }
            double last = obs.stream().mapToDouble(EnvStep::reward).average().orElseThrow();
            assertEquals(4 * SEARCH, labels);
            assertTrue(last > 0.8 && last > first, "following the labels ends on the relevant thing: reward " + first + " -> " + last);
        }
    }

}
