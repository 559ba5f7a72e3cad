package dev.saccade.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.saccade.data.Task;
import dev.saccade.data.synth.SceneOptions;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.policy.BestFixedGaze;
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
import dev.saccade.sphere.render.PyramidSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BestFixedDirectionTest {
    @Test
    void theDirectionIsSearchedOnOtherScenesAndTheEyeGoesThereAndStays() throws Exception {
        PyramidSpec spec = PyramidSpec.defaults(16);
        Map<Task, BestFixedGaze.Choice> choices = BestFixedDirection.choose(List.of(Task.TOWEL_BUCKET), new SceneOptions(64, 3), spec,
                GazeLimits.DEFAULT);
        BestFixedGaze.Choice c = choices.get(Task.TOWEL_BUCKET);
        assertTrue(c.hitRate() > 0.2, "the towel or bucket is in the fovea on " + c.hitRate() + " of the searched frames");
        assertTrue(c.frames() > BestFixedDirection.SCENES * 20, "every searched scene's frames count: " + c.frames());
        assertEquals(c, BestFixedDirection.choose(List.of(Task.TOWEL_BUCKET), new SceneOptions(64, 3), spec, GazeLimits.DEFAULT)
                .get(Task.TOWEL_BUCKET), "the same scenes give the same direction");

        PolicyConfig pc = PolicyConfig.defaults();
        try (NDManager m = NDManager.newBaseManager();
             Policy policy = new Policy(new Fort(pc, m, 1), new ConvPatchEncoder(ConvPatchEncoder.Config.forGrid(pc.imageSize(), pc.grid(),
                     pc.encoderDim()), m, 1), ActionStats.original(), 1, true)) {
            ClosedLoopEvaluation.Regime regime = Regimes.of("best-fixed", policy, GazeLimits.DEFAULT, "co-trained", choices);
            assertEquals("best-fixed", regime.gaze());
            SimWorld world = SimWorld.open(Task.TOWEL_BUCKET, 1000, SimSettings.defaults().withWidth(64), regime.pyramid());
            List<Gaze> gazes = new ArrayList<>();
            EpisodeResult r = new RuntimeLoop(LoopSettings.defaults().withMaxFrames(120))
                    .run(world, regime.agentFor().apply(world), 1000, (cell, f) -> gazes.add(f.gaze()));
            assertEquals(120, r.frames());
            Gaze last = gazes.get(gazes.size() - 1);
            double off = Math.toDegrees(last.forward().angleTo(c.gaze().forward()));
            assertTrue(off < 6, "after 4 s the eye is " + off + "° from the chosen direction");
            assertEquals(last, gazes.get(gazes.size() - 11), "and stays there");
        }
    }
}
