package dev.saccade.view;

import dev.saccade.data.video.VideoSettings;
import dev.saccade.gym.demo.DatasetDemonstrations;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.reward.HandPredictor;
import dev.saccade.gym.rollout.Baselines;
import dev.saccade.gym.rollout.Rollout;
import dev.saccade.gym.rollout.RolloutLog;
import dev.saccade.gym.rollout.RolloutSummary;
import dev.saccade.sphere.render.MipChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Data the viewer's tests make themselves: a small annotated dataset and rollouts of baseline eyes on it. */
final class ViewerFixtures {
    private ViewerFixtures() {}

    /** A toy dataset (coloured markers for object, target and gripper that move with the arm), frames 2h × h. */
    static Path dataset(Path dir, int episodes, int height) throws IOException {
        ToyDemonstrations.generate(episodes, height, 7).writeDataset(dir, new VideoSettings(2, 4.0, 1));
        return dir;
    }

    /** Plays {@code policy} (a baseline) for {@code runs} episodes with the blind hand and writes its log as saccade rollout does. */
    static Path rollout(Path dataset, String policy, int runs, Path out) throws IOException {
        DemoEyeGym.Config config = DemoEyeGym.Config.DEFAULT;
        try (DatasetDemonstrations demos = DatasetDemonstrations.open(dataset);
             FrameSupply<MipChain> frames = EyeCamera.supply(demos, 64L << 20, 1)) {
            List<Rollout.Run> played = Rollout.play(frames, config, Optional.of(HandPredictor.blind()),
                    Baselines.named(policy, demos.episodes(), config.pyramid(), config.limits()),
                    new Rollout.Settings(runs, 3, 2, 0, 0), null);
            Files.createDirectories(out);
            RolloutLog.writeJsonl(out.resolve("steps.jsonl"), played);
            RolloutLog.writeSummary(out.resolve("summary.json"), RolloutSummary.of(policy, "blind", played));
        }
        return out;
    }
}
