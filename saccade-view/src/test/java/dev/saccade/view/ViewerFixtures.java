package dev.saccade.view;

import dev.saccade.data.Features;
import dev.saccade.data.lerobot.DatasetSpec;
import dev.saccade.data.lerobot.DatasetWriter;
import dev.saccade.data.lerobot.EpisodeWriter;
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
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.render.MipChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Data the viewer's tests make themselves: a small annotated dataset and rollouts of baseline eyes on it. */
final class ViewerFixtures {
    private ViewerFixtures() {}

    /** A toy dataset (coloured markers for object, target and gripper that move with the arm), frames 2h × h. */
    static Path dataset(Path dir, int episodes, int height) throws IOException {
        ToyDemonstrations.generate(episodes, height, 7).writeDataset(dir, new VideoSettings(2, 4.0, 1));
        return dir;
    }

    /** Blue level written into frame {@code t} of {@link #numberedFrames}: 4 levels from its neighbours'. */
    static int blueOf(int t) {
        return 4 * t + 8;
    }

    /**
     * One episode of {@code length} ≤ 60 frames (2h × h) that tell themselves apart: a colour ramp
     * whose blue level is {@link #blueOf}(t), and a bright disc that moves.
     */
    static Path numberedFrames(Path dir, int length, int height) throws IOException {
        DatasetSpec spec = DatasetSpec.saccade(30, 2 * height, height, false).withVideo(new VideoSettings(2, 4.0, 1));
        try (DatasetWriter writer = DatasetWriter.create(dir, spec)) {
            try (EpisodeWriter ep = writer.beginEpisode("look at the numbered frames")) {
                for (int t = 0; t < length; t++) {
                    int w = 2 * height;
                    int[] px = new int[w * height];
                    double cx = (t * 3.0) % w;
                    for (int y = 0; y < height; y++) {
                        for (int x = 0; x < w; x++) {
                            boolean disc = (x - cx) * (x - cx) + (y - height / 2.0) * (y - height / 2.0) < 100;
                            px[y * w + x] = disc ? 0xF0F0F0 : (255 * x / w) << 16 | (255 * y / height) << 8 | blueOf(t);
                        }
                    }
                    float[] joints = new float[7];
                    for (int j = 0; j < 6; j++) {
                        joints[j] = (float) Math.sin(t * 0.1 + j);
                    }
                    joints[6] = t < length / 2 ? 0f : 1f;
                    Map<String, float[]> values = new LinkedHashMap<>();
                    values.put(Features.STATE, joints);
                    values.put(Features.ACTION, joints.clone());
                    ep.addFrame(new EquirectFrame(w, height, px), values);
                }
                ep.commit();
            }
            writer.finish();
        }
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
