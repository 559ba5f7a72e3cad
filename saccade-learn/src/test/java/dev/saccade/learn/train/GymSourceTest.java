package dev.saccade.learn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.envs.VisualSearchGym;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.gym.vector.VectorEnv;
import dev.saccade.learn.encoder.ConvPatchEncoder;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
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
            BcRl.IterationStats s = trainer.iterate(source);
            assertTrue(Double.isFinite(s.update().bcLoss()) && s.update().bcLoss() > 0);
            assertTrue(Double.isFinite(s.update().policyLoss()));
        }
    }

    @Test
    void visualSearchRewardsComeFromTheEnvironment() {
        PolicyConfig pc = policy();
        VisualSearchGym.Config gym = VisualSearchGym.Config.DEFAULT.withPyramid(pyramid(pc)).withMaxSteps(5);
        BcRlConfig cfg = BcRlTest.smallRun(2, 2, 5, 1000, 1, 0.02).with(Map.of("rewardFrom", "ENV", "bcCoef", 0.0));
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
}
