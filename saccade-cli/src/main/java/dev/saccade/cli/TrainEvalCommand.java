package dev.saccade.cli;

import ai.djl.ndarray.NDManager;
import dev.saccade.core.AtomicFiles;
import dev.saccade.core.InputException;
import dev.saccade.core.Progress;
import dev.saccade.eval.stats.Estimate;
import dev.saccade.gym.Info;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.envs.EyeOptions;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.policy.GazePolicy;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.gym.rollout.Baselines;
import dev.saccade.learn.policy.Observation;
import dev.saccade.learn.policy.Policy;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.train.Checkpoint;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saccade train-eval}: how a trained hand does on held-out episodes under each gaze regime
 * (the learned eye, greedy and sampled, and the gym's baselines), with the same episodes, start
 * frames and first gazes for every regime. Per episode: the hand's mean tool0 Chamfer error (m)
 * over advancing steps and over all steps, and the share of advancing steps with the relevant
 * thing in the fovea; means with 95 % confidence intervals over episodes.
 */
@Command(name = "train-eval", mixinStandardHelpOptions = true,
        description = "Evaluate a trained run on held-out episodes: the hand's Chamfer error and fovea hits under the learned "
                + "eye and baseline gazes (random, fixed, best-fixed, oracle), with 95%% confidence intervals.")
final class TrainEvalCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    TrainCommand.Options.Source source;

    @Option(names = "--run", required = true, description = "A run directory (its latest checkpoint) or a checkpoint directory.")
    Path run;

    @Option(names = "--episodes", description = "Held-out episodes, FROM:TO (TO excluded); default all.")
    String episodes;

    @Option(names = "--gazes", split = ",", defaultValue = "learned,sampled,random,fixed,best-fixed,oracle",
            description = "Gaze regimes (default ${DEFAULT-VALUE}); learned = greedy eye, sampled = the eye as in training.")
    List<String> gazes;

    @Option(names = "--starts", defaultValue = "2", description = "Episode starts per held-out episode (default ${DEFAULT-VALUE}).")
    int starts;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of starts and first gazes (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--intra-op-threads", defaultValue = "1",
            description = "PyTorch threads for the policy (default ${DEFAULT-VALUE}: batch-1 calls gain nothing from more).")
    int intraOpThreads;

    @Option(names = "--out", description = "Also write the results as JSON here.")
    Path out;

    @Spec
    CommandSpec spec;

    /** One regime's per-episode figures. */
    record Result(String gaze, double[] errorAdvancing, double[] errorAll, double[] foveaHits) {}

    @Override
    public Integer call() throws Exception {
        Flags.requireRange("--starts", starts, 1, 1000);
        Flags.requireRange("--intra-op-threads", intraOpThreads, 1, 256);
        ai.djl.engine.Engine.getInstance();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(intraOpThreads);
        int[] range = episodes == null ? null : TrainCommand.EpisodeRange.parse("--episodes", episodes);
        for (String g : gazes) {
            if (!g.equals("learned") && !g.equals("sampled") && !Baselines.NAMES.contains(g)) {
                throw new Flags.BadFlag("--gazes: unknown gaze '" + g + "'; expected learned, sampled or one of " + Baselines.NAMES);
            }
        }
        Path checkpoint = Files.isRegularFile(run.resolve("state.json")) ? run : Checkpoint.latest(run);
        PrintWriter stdout = spec.commandLine().getOut();
        List<Result> results = new ArrayList<>();
        try (Demonstrations demos = TrainCommand.EpisodeRange.open(source.dataset, source.toy == null ? 0 : source.toy, range, seed);
             NDManager root = NDManager.newBaseManager();
             Policy policy = Checkpoint.loadPolicy(checkpoint, root, seed)) {
            PolicyConfig pc = policy.config();
            PyramidSpec pyramid = PyramidSpec.pinholeDegrees(pc.imageSize(), pc.fieldsOfViewDeg());
            DemoEyeGym.Config config = DemoEyeGym.Config.DEFAULT.withPyramid(pyramid);
            int n = demos.episodes().size();
            try (FrameSupply<MipChain> frames = EyeCamera.supply(demos, 2048L << 20, 1);
                 DemoEyeGym gym = new DemoEyeGym(frames, config, Optional.empty());
                 Progress progress = new Progress("train-eval", (long) gazes.size() * n * starts, "episodes")) {
                for (String g : gazes) {
                    Supplier<GazePolicy> baseline = g.equals("learned") || g.equals("sampled") ? null
                            : Baselines.named(g, demos.episodes(), pyramid, config.limits());
                    results.add(evaluate(g, baseline, gym, policy, n, progress));
                }
            }
        }
        report(results, stdout);
        if (out != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("checkpoint", checkpoint.toString());
            for (Result r : results) {
                json.put(r.gaze(), Map.of("hand_error_m_advancing", estimate(r.errorAdvancing()), "hand_error_m_all", estimate(r.errorAll()),
                        "fovea_hits_advancing", estimate(r.foveaHits())));
            }
            AtomicFiles.writeString(out, new com.fasterxml.jackson.databind.ObjectMapper()
                    .writerWithDefaultPrettyPrinter().writeValueAsString(json));
        }
        return 0;
    }

    private Result evaluate(String gaze, Supplier<GazePolicy> baseline, DemoEyeGym gym, Policy policy, int episodes, Progress progress) {
        int units = episodes * starts;
        double[] errAdv = new double[units];
        double[] errAll = new double[units];
        double[] hits = new double[units];
        for (int e = 0; e < episodes; e++) {
            for (int s = 0; s < starts; s++) {
                long runSeed = seed + 1000L * e + s; // the same episode start and first gaze for every regime
                GazePolicy eye = baseline == null ? null : baseline.get();
                if (eye != null) {
                    eye.reset(runSeed);
                }
                policy.reset();
                Reset<EyeObservation> r = gym.reset(runSeed, Options.NONE.with(EyeOptions.EPISODE, e));
                EyeObservation o = r.observation();
                Info info = r.info();
                double sumAdv = 0;
                double sumAll = 0;
                int nAdv = 0;
                int nAll = 0;
                int inFovea = 0;
                while (true) {
                    Policy.Decision d = policy.act(new Observation(o.pyramid(), o.gaze().yaw(), o.gaze().pitch(), o.proprio(), o.task()),
                            !gaze.equals("sampled"));
                    double error = -HandReward.CHAMFER.score(info.get(EyeInfo.HAND_TARGET), d.actionChunk());
                    sumAll += error;
                    nAll++;
                    if (!info.find(EyeInfo.PAUSED).orElse(false)) {
                        sumAdv += error;
                        nAdv++;
                        inFovea += info.find(EyeInfo.IN_FOVEA).orElse(false) ? 1 : 0;
                    }
                    int action = eye == null ? d.eyeAction() : eye.act(o, info);
                    Step<EyeObservation> step = gym.step(action);
                    o = step.observation();
                    info = step.info();
                    if (step.terminated() || step.truncated()) {
                        Policy.Decision last = policy.act(new Observation(o.pyramid(), o.gaze().yaw(), o.gaze().pitch(), o.proprio(), o.task()), true);
                        double lastError = -HandReward.CHAMFER.score(info.get(EyeInfo.HAND_TARGET), last.actionChunk());
                        sumAll += lastError;
                        nAll++;
                        sumAdv += lastError;
                        nAdv++;
                        inFovea += info.find(EyeInfo.IN_FOVEA).orElse(false) ? 1 : 0;
                        break;
                    }
                }
                int u = e * starts + s;
                errAdv[u] = nAdv == 0 ? Double.NaN : sumAdv / nAdv;
                errAll[u] = sumAll / nAll;
                hits[u] = nAdv == 0 ? Double.NaN : (double) inFovea / nAdv;
                progress.advance(1);
            }
        }
        return new Result(gaze, errAdv, errAll, hits);
    }

    private static Map<String, Object> estimate(double[] v) {
        Estimate e = Estimate.of(v);
        return Map.of("mean", e.mean(), "low", e.low(), "high", e.high(), "n", e.n());
    }

    private static void report(List<Result> results, PrintWriter out) {
        out.println("| gaze | hand error, advancing steps (cm) | hand error, all steps (cm) | relevant thing in fovea | error ÷ random |");
        out.println("|---|---|---|---|---|");
        double random = results.stream().filter(r -> r.gaze().equals("random")).findFirst()
                .map(r -> Estimate.of(r.errorAdvancing()).mean()).orElse(Double.NaN);
        for (Result r : results) {
            Estimate adv = Estimate.of(r.errorAdvancing());
            Estimate all = Estimate.of(r.errorAll());
            Estimate hits = Estimate.of(r.foveaHits());
            out.printf(Locale.ROOT, "| %s | %.2f [%.2f, %.2f] | %.2f [%.2f, %.2f] | %.1f %% [%.1f, %.1f] | %s |%n", r.gaze(),
                    100 * adv.mean(), 100 * adv.low(), 100 * adv.high(), 100 * all.mean(), 100 * all.low(), 100 * all.high(),
                    100 * hits.mean(), 100 * hits.low(), 100 * hits.high(),
                    Double.isFinite(random) ? String.format(Locale.ROOT, "%.2f", adv.mean() / random) : "");
        }
        out.printf(Locale.ROOT, "%d episode starts per gaze; means with 95 %% confidence intervals over them.%n",
                results.isEmpty() ? 0 : results.get(0).errorAll().length);
        out.flush();
    }
}
