package dev.saccade.runtime.sim;

import dev.saccade.data.Task;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.runtime.agent.ExpertAgent;
import dev.saccade.runtime.loop.EpisodeResult;
import dev.saccade.runtime.loop.FrameListener;
import dev.saccade.runtime.loop.LoopSettings;
import dev.saccade.runtime.loop.RuntimeLoop;
import dev.saccade.sphere.render.PyramidSpec;
import org.junit.jupiter.api.Test;

class ExpertProbeTest {
    @Test
    void probe() throws Exception {
        int n = Integer.getInteger("probe.n", 10);
        long first = Long.getLong("probe.first", 1000);
        for (Task task : Task.values()) {
            int ok = 0;
            StringBuilder fails = new StringBuilder();
            for (long seed = first; seed < first + n; seed++) {
                SimWorld w = SimWorld.open(task, seed, SimSettings.defaults().withWidth(64), PyramidSpec.defaults());
                EpisodeResult r = new RuntimeLoop(LoopSettings.defaults()).run(w, new ExpertAgent(w.scene().demonstration(), 30, GazeLimits.DEFAULT), seed, FrameListener.NONE);
                if (r.success()) ok++; else fails.append(" ").append(seed).append(w.scene().demonstration().outcome().success() ? "" : "(demo failed)")
                        .append(String.format("[held=%b obj=%s clamp=%d]", w.holding(), w.objectPose().translation(), r.clampedFrames()));
            }
            System.out.println(task.id() + ": " + ok + "/" + n + fails);
        }
    }
}
