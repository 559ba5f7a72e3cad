package dev.saccade.runtime.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.saccade.data.Task;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.policy.OracleGaze;
import dev.saccade.learn.encoder.ConvPatchEncoder;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.Fort;
import dev.saccade.learn.policy.Policy;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.runtime.loop.EpisodeResult;
import dev.saccade.runtime.loop.LoopSettings;
import dev.saccade.runtime.loop.RuntimeLoop;
import dev.saccade.runtime.sim.SimSettings;
import dev.saccade.runtime.sim.SimWorld;
import dev.saccade.sphere.Gaze;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyAgentTest {
    /** A policy with fresh weights: real model, real encoder, the original's action statistics. */
    static Policy freshPolicy(NDManager manager, long seed) {
        PolicyConfig c = PolicyConfig.defaults();
        ConvPatchEncoder.Config ec = ConvPatchEncoder.Config.forGrid(c.imageSize(), c.grid(), c.encoderDim());
        return new Policy(new Fort(c, manager, seed), new ConvPatchEncoder(ec, manager, seed), ActionStats.original(), seed, true);
    }

    @Test
    void aPolicyDrivesTheWorldAtHalfTheFrameRateAndItsEyeStepsAtMostTenDegrees() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); Policy policy = freshPolicy(m, 3)) {
            PolicyAgent learned = new PolicyAgent(policy, true, "learned");
            for (var agent : List.of(learned, new BaselineEye(learned, new OracleGaze(GazeLimits.DEFAULT)))) {
                SimWorld world = SimWorld.open(Task.TOWEL_BUCKET, 1000, SimSettings.defaults().withWidth(128),
                        PolicyAgent.pyramidOf(policy.config()));
                List<Gaze> gazes = new ArrayList<>();
                EpisodeResult r = new RuntimeLoop(LoopSettings.defaults().withMaxFrames(20))
                        .run(world, agent, 1, (cell, f) -> gazes.add(f.gaze()));
                assertEquals(10, r.policySteps());
                assertEquals(10, r.policyNanos().length);
                assertEquals(r.policySteps(), policy.steps(), "the policy saw every step");
                for (int f = 1; f < gazes.size(); f++) {
                    double moved = Math.hypot(gazes.get(f).yaw() - gazes.get(f - 1).yaw(), gazes.get(f).pitch() - gazes.get(f - 1).pitch());
                    assertTrue(moved <= Math.toRadians(10) + 1e-9, "the eye moved " + Math.toDegrees(moved) + "° in a frame");
                }
                assertTrue(SimSettings.defaults().joints().contains(world.robot().state().joints()));
            }
        }
    }
}
