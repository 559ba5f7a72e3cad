package dev.saccade.cli;

import dev.saccade.learn.bench.Flops;
import dev.saccade.learn.bench.OpsTrace;
import dev.saccade.learn.bench.TrainBenchmark;
import dev.saccade.learn.bench.UpdateProfile;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.train.BcRlConfig;
import java.io.IOException;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times the learning code per unit of work (encoder, rollout step, reward pass, eye and hand update
 * steps, batch-1 inference) for each policy and intra-op thread count, derives the policy-side cost
 * of one env step under a training configuration, then sets the update's parts against the
 * machine's matrix-multiply peak ({@link UpdateProfile}, {@link Flops}), and prints Markdown tables
 * for BENCHMARKS.md.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Time the policy and its training: ms per observation, env step and update sample, batch-1 latency p50/p99, "
                + "and the env steps/s a training configuration allows on the policy side; then the update's parts (eye and hand "
                + "forward, backward, AdamW) with their GFLOP/s counted from the model's shapes against a large matmul's on the same "
                + "threads. Prints Markdown tables.")
final class BenchTrainCommand implements Callable<Integer> {
    @Option(names = "--threads", split = ",", defaultValue = "1",
            description = "Intra-op thread counts to measure, comma-separated (default ${DEFAULT-VALUE}).")
    int[] threads;

    @Option(names = "--repeats", defaultValue = "5", description = "Repetitions, each measuring every figure at every setting (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--latency-calls", defaultValue = "100", description = "Policy calls per repetition for the latency percentiles (default ${DEFAULT-VALUE}).")
    int latencyCalls;

    @Option(names = "--config", description = "Training settings whose cost per env step is derived (JSON, as saccade train --config; "
            + "default: saccade train's).")
    java.nio.file.Path config;

    @Option(names = "--tokens", split = ",", defaultValue = "16",
            description = "Image tokens per level of the policies to compare, comma-separated squares ≤ 64 (default ${DEFAULT-VALUE}; "
                    + "64 is the 8×8 grid of the first version).")
    int[] tokens;

    @Option(names = "--ops-trace", paramLabel = "FILE", description = "Also write PyTorch's profiler trace (Chrome trace JSON, ops with their input shapes) "
            + "of three eye and hand minibatches on the first --threads value to this file, and summarise it.")
    Path opsTrace;

    @Override
    public Integer call() throws IOException {
        Flags.requireRange("--repeats", repeats, 1, 10_000);
        Flags.requireRange("--latency-calls", latencyCalls, 10, 1_000_000);
        for (int t : threads) {
            Flags.requireRange("--threads", t, 1, 256);
        }
        List<PolicyConfig> policies = new java.util.ArrayList<>();
        for (int k : tokens) {
            long g = Math.round(Math.sqrt(k));
            if (g * g != k || k < 1 || k > 64 || 64 % g != 0) {
                throw new Flags.BadFlag("--tokens must be square grids dividing 64 px (1, 4, 16 or 64), got " + k);
            }
            PolicyConfig d = PolicyConfig.defaults();
            policies.add(new PolicyConfig(d.levels(), d.imageSize(), d.fieldsOfViewDeg(), k, d.encoderDim(), d.width(), d.heads(),
                    d.eyeBlocks(), d.handBlocks(), d.mlpRatio(), d.window(), d.chunk(), d.joints(), d.eyeActions(), d.tasks(),
                    d.ropeTheta(), d.ropeAxes(), d.headHidden(), d.adapterHidden()));
        }
        BcRlConfig training = (config != null ? BcRlConfig.read(config, TrainSetup.defaultTraining()) : TrainSetup.defaultTraining())
                .withRun(r -> r.withCheckpointEvery(0));
        System.out.printf(Locale.ROOT, "`saccade bench train --repeats %d --latency-calls %d --threads %s --tokens %s%s`, %s, %s, Java %s%n%n",
                repeats, latencyCalls, join(threads), join(tokens), config == null ? "" : " --config " + config, LocalDate.now(), machine(),
                System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "Training: %d envs × %d steps, eye %d epochs × %d minibatches, hand %.2f epochs of minibatches of %d.%n%n",
                training.run().envs(), training.run().steps(), training.ppo().epochs(), training.ppo().minibatches(), training.bc().epochs(),
                training.bc().minibatch());
        List<TrainBenchmark.Figure> figures = TrainBenchmark.run(
                new TrainBenchmark.Settings(policies, training, threads, repeats, latencyCalls, 1));
        System.out.println("| figure | tokens/level | intra-op threads | median | per repetition | ÷ baseline (median) |");
        System.out.println("|---|---|---|---|---|---|");
        for (TrainBenchmark.Figure f : figures) {
            String median = num(f.median()) + " " + f.unit();
            if (f.calls() != null) {
                median = "p50 " + num(f.callPercentile(50)) + ", p99 " + num(f.callPercentile(99)) + " ms";
            }
            if (f.name().contains("derived")) {
                median += String.format(Locale.ROOT, " (%.0f env steps/s)", 1000 / f.median());
            }
            StringBuilder runs = new StringBuilder();
            for (double v : f.values()) {
                runs.append(runs.length() == 0 ? "" : ", ").append(num(v));
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %s | %s |%n", f.name(), policies.get(f.policy()).tokensPerLevel(),
                    f.threads(), median, runs, Double.isNaN(f.medianRatio()) ? "" : String.format(Locale.ROOT, "%.1f×", f.medianRatio()));
        }
        for (int pi = 0; pi < policies.size(); pi++) {
            printLearningStep(policies.get(pi), pi, training, figures);
        }
        if (opsTrace != null) {
            Flops.Update shape = TrainBenchmark.updateShape(training);
            UpdateProfile.trace(new UpdateProfile.Settings(policies.get(0), shape.episodesPerMinibatch(), shape.steps(), shape.handMinibatch(),
                    threads, 1, 1), threads[0], opsTrace);
            OpsTrace.Summary ops = OpsTrace.read(opsTrace);
            System.out.printf(Locale.ROOT, "%nWhere %d eye and %d hand minibatches spend their time (forward, backward, AdamW; %d tokens/level, "
                            + "%d intra-op thread%s), by the ops' self time in PyTorch's profiler (trace: %s; the profiler slows small ops):%n%n",
                    UpdateProfile.TRACED, UpdateProfile.TRACED, policies.get(0).tokensPerLevel(), threads[0], threads[0] == 1 ? "" : "s", opsTrace);
            System.out.println("| kind of work | self ms | share |");
            System.out.println("|---|---|---|");
            for (Map.Entry<OpsTrace.Kind, Double> k : ops.byKind().entrySet()) {
                System.out.printf(Locale.ROOT, "| %s | %s | %.0f %% |%n", k.getKey().label, num(k.getValue()), 100 * k.getValue() / ops.totalMillis());
            }
            System.out.println();
            System.out.println("| op | input shapes | calls | self ms | share |");
            System.out.println("|---|---|---|---|---|");
            for (OpsTrace.Entry e : ops.entries().subList(0, Math.min(12, ops.entries().size()))) {
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %s | %.0f %% |%n", e.op(), e.shapes(), e.calls(), num(e.millis()),
                        100 * e.millis() / ops.totalMillis());
            }
        }
        return 0;
    }

    /**
     * The update against the machine's peak: each part of one eye and one hand minibatch (counted
     * GFLOP, time, GFLOP/s, share of the matmul peak on the same threads), the training
     * configuration's whole update from those parts, and the same update as BcRl ran it (the eye
     * and hand update rows of the table, per sample), whose excess over the parts is the trainer's
     * own work.
     */
    private void printLearningStep(PolicyConfig policy, int pi, BcRlConfig training, List<TrainBenchmark.Figure> figures) {
        Flops.Update shape = TrainBenchmark.updateShape(training);
        UpdateProfile.Settings ps = new UpdateProfile.Settings(policy, shape.episodesPerMinibatch(), shape.steps(), shape.handMinibatch(),
                threads, repeats, 1);
        List<UpdateProfile.Result> results = UpdateProfile.run(ps);
        System.out.printf(Locale.ROOT, "%nThe learning step against the machine's peak (%d tokens/level): matrix-product GFLOP counted from the shapes "
                        + "(backward 2× forward; element-wise work not counted), medians of %d repetitions; the peak is the median of %d products of "
                        + "%d² float32 matrices on the same intra-op threads, and a part's share of it the median of per-repetition ratios. "
                        + "One update of the training settings: %d eye minibatches of %d episodes × %d steps, %d hand minibatches of %d.%n%n",
                policy.tokensPerLevel(), repeats, UpdateProfile.PEAK_CALLS, UpdateProfile.PEAK_SIZE, shape.eyeMinibatches(), shape.episodesPerMinibatch(), shape.steps(),
                shape.handMinibatches(), shape.handMinibatch());
        String eyeBatch = " (" + shape.episodesPerMinibatch() + " episodes × " + shape.steps() + " steps)";
        String handBatch = " (" + shape.handMinibatch() + " observations)";
        Map<UpdateProfile.Part, String> names = Map.of(UpdateProfile.Part.PEAK, "matmul " + UpdateProfile.PEAK_SIZE + "² float32 (peak)",
                UpdateProfile.Part.EYE_FORWARD, "eye forward" + eyeBatch + " and stand-in PPO loss", UpdateProfile.Part.EYE_BACKWARD, "eye backward",
                UpdateProfile.Part.EYE_OPTIMISER, "eye AdamW step", UpdateProfile.Part.HAND_FORWARD, "hand forward" + handBatch + " and L1 loss",
                UpdateProfile.Part.HAND_BACKWARD, "hand backward", UpdateProfile.Part.HAND_OPTIMISER, "hand AdamW step");
        List<String> notes = new java.util.ArrayList<>();
        System.out.println("| part | intra-op threads | counted GFLOP | median ms | per repetition (ms) | GFLOP/s | share of peak "
                + "| CPU ÷ wall time | share of peak per CPU second |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (UpdateProfile.Result r : results) {
            double peakRate = UpdateProfile.PEAK_FLOPS / r.median(UpdateProfile.Part.PEAK) / 1e6;
            double[] ms = new double[UpdateProfile.Part.values().length];
            for (UpdateProfile.Part part : UpdateProfile.Part.values()) {
                ms[part.ordinal()] = r.median(part);
                StringBuilder runs = new StringBuilder();
                for (double v : r.millis()[part.ordinal()]) {
                    runs.append(runs.length() == 0 ? "" : ", ").append(num(v));
                }
                long flops = UpdateProfile.flops(part, ps);
                row(names.get(part), r.threads(), flops / 1e9, ms[part.ordinal()], runs.toString(),
                        flops == 0 ? "" : percent(r.shareOfPeak(part, flops)), num(r.cpuPerWall(part)),
                        flops == 0 ? "" : percent(r.shareOfPeakPerCpuSecond(part, flops)));
            }
            double eyeFb = ms[UpdateProfile.Part.EYE_FORWARD.ordinal()] + ms[UpdateProfile.Part.EYE_BACKWARD.ordinal()];
            double handFb = ms[UpdateProfile.Part.HAND_FORWARD.ordinal()] + ms[UpdateProfile.Part.HAND_BACKWARD.ordinal()];
            double fwdBwd = shape.eyeMinibatches() * eyeFb + shape.handMinibatches() * handFb;
            double optimiser = shape.eyeMinibatches() * ms[UpdateProfile.Part.EYE_OPTIMISER.ordinal()]
                    + shape.handMinibatches() * ms[UpdateProfile.Part.HAND_OPTIMISER.ordinal()];
            double partsMs = fwdBwd + optimiser;
            double gflop = shape.total(policy) / 1e9;
            row("one update from the parts (" + shape.eyeMinibatches() + " eye + " + shape.handMinibatches() + " hand minibatches)",
                    r.threads(), gflop, partsMs, "", percent(gflop / partsMs * 1000 / peakRate), "", "");
            double bcRlMs = (double) shape.eyeMinibatches() * shape.episodesPerMinibatch() * shape.steps() * figure(figures, "eye PPO update", pi, r.threads())
                    + (double) shape.handMinibatches() * shape.handMinibatch() * figure(figures, "hand BC update", pi, r.threads());
            if (Double.isNaN(bcRlMs)) {
                continue;
            }
            row("one update as BcRl runs it (from the eye and hand update rows above)", r.threads(), gflop, bcRlMs, "",
                    percent(gflop / bcRlMs * 1000 / peakRate), "", "");
            double eyeShare = shape.eyeMinibatches() * (eyeFb + ms[UpdateProfile.Part.EYE_OPTIMISER.ordinal()]) / partsMs;
            notes.add(String.format(Locale.ROOT, "- %d intra-op thread%s: of BcRl's update (%s s), forward and backward take %.0f %%, the AdamW steps "
                            + "%.0f %%, and the rest %.0f %% (the trainer's work around them: gathering minibatches, copies to native memory, "
                            + "the losses' statistics; within noise when small or negative, the two being timed minutes apart); "
                            + "the eye's minibatches are %.0f %% of the parts, the hand's %.0f %%.",
                    r.threads(), r.threads() == 1 ? "" : "s", num(bcRlMs / 1000), 100 * fwdBwd / bcRlMs, 100 * optimiser / bcRlMs,
                    100 * (bcRlMs - partsMs) / bcRlMs, 100 * eyeShare, 100 * (1 - eyeShare)));
        }
        System.out.println();
        notes.forEach(System.out::println);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * share);
    }

    /** One row of the learning-step table; {@code gflop} 0 is not counted (left blank, as its rate). */
    private static void row(String name, int threads, double gflop, double ms, String runs, String share, String cpuPerWall, String cpuShare) {
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s |%n", name, threads, gflop == 0 ? "" : num(gflop), num(ms), runs,
                gflop == 0 ? "" : num(gflop / ms * 1000), share, cpuPerWall, cpuShare);
    }

    /** The median of the table's figure whose name starts with {@code prefix}, for one policy and thread count (NaN if absent). */
    private static double figure(List<TrainBenchmark.Figure> figures, String prefix, int policy, int threads) {
        for (TrainBenchmark.Figure f : figures) {
            if (f.name().startsWith(prefix) && f.policy() == policy && f.threads() == threads) {
                return f.median();
            }
        }
        return Double.NaN;
    }

    private static String join(int[] v) {
        StringBuilder b = new StringBuilder();
        for (int x : v) {
            b.append(b.length() == 0 ? "" : ",").append(x);
        }
        return b.toString();
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 1 ? String.format(Locale.ROOT, "%.2f", v)
                : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: keep "unknown CPU"
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + ")";
    }
}
