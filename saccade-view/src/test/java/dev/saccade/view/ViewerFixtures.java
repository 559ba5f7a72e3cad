package dev.saccade.view;

import dev.saccade.data.Features;
import dev.saccade.data.lerobot.DatasetSpec;
import dev.saccade.data.lerobot.DatasetWriter;
import dev.saccade.data.lerobot.EpisodeWriter;
import dev.saccade.data.video.VideoSettings;
import dev.saccade.eval.metrics.EpisodeTrace;
import dev.saccade.eval.metrics.StepPrediction;
import dev.saccade.eval.metrics.StepRecord;
import dev.saccade.eval.play.DemoEvaluation;
import dev.saccade.eval.play.Regimes;
import dev.saccade.eval.play.Scoring;
import dev.saccade.eval.play.StepLog;
import dev.saccade.eval.results.MetricFiles;
import dev.saccade.eval.results.MetricTable;
import dev.saccade.gym.demo.DatasetDemonstrations;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.reward.HandTarget;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.ArrayList;
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

    /** Frames a {@link #evaluation}'s "late" hand lags the demonstration by. */
    static final int LATE_FRAMES = 3;

    /**
     * An evaluation directory as {@code saccade eval} writes its step log and metrics: the oracle
     * gaze played by {@link DemoEvaluation} on every episode with the hand that holds the pose,
     * and beside it, on the same steps, a "late" hand whose chunk is the demonstration's from
     * {@link #LATE_FRAMES} frames earlier (scored with the evaluation's own {@link Scoring}): a hand
     * whose chunk visibly follows the demonstrated path. Written with {@link StepLog}.
     */
    static Path evaluation(Path dataset, Path out) throws IOException {
        DemoEyeGym.Config config = DemoEyeGym.Config.DEFAULT;
        try (DatasetDemonstrations demos = DatasetDemonstrations.open(dataset);
             FrameSupply<MipChain> frames = EyeCamera.supply(demos, 64L << 20, 1)) {
            List<Demonstration> all = demos.episodes();
            Regimes.Regime oracle = new Regimes.Regime(Regimes.Gaze.baseline("oracle",
                    Baselines.named("oracle", all, config.pyramid(), config.limits())), List.of(Regimes.Hand.holdsPose()));
            DemoEvaluation.Settings settings = new DemoEvaluation.Settings(
                    java.util.stream.IntStream.range(0, all.size()).boxed().toList(), 1, 5, PyramidSpec.defaults(), config, 0);
            List<EpisodeTrace> traces = new ArrayList<>(DemoEvaluation.run(frames, List.of(oracle), settings, 2, null).traces());
            for (EpisodeTrace t : List.copyOf(traces)) {
                Demonstration demo = all.get(t.episode());
                List<StepRecord> steps = new ArrayList<>();
                List<StepPrediction> predictions = new ArrayList<>();
                for (int i = 0; i < t.steps().size(); i++) {
                    StepRecord s = t.steps().get(i);
                    int frame = t.predictions().get(i).frame();
                    float[] chunk = HandTarget.at(demo.action(), demo.state(), Math.max(0, frame - LATE_FRAMES), config.chunkLength()).chunk();
                    HandTarget target = HandTarget.at(demo.action(), demo.state(), frame, config.chunkLength());
                    steps.add(new StepRecord(s.searching(), s.yaw(), s.pitch(), s.actionStepDeg(), Scoring.chamferM(target, chunk),
                            Scoring.endpointM(target, chunk), Double.NaN, s.objectAngle(), s.targetAngle(), s.gripperAngle(),
                            s.objectInFovea(), s.targetInFovea(), s.gripperClosed(), s.armMoving()));
                    predictions.add(new StepPrediction(frame, chunk, 0));
                }
                traces.add(new EpisodeTrace(t.gaze(), "late", t.unit(), t.episode(), t.stepSeconds(), steps, predictions));
            }
            Files.createDirectories(out);
            MetricFiles.writeJson(out.resolve("metrics.json"), MetricTable.ofTraces(traces, settings.units()).rows());
            StepLog.write(out.resolve(StepLog.FILE), traces);
        }
        return out;
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
