package dev.saccade.cli;

import dev.saccade.core.AtomicFiles;
import dev.saccade.core.InputException;
import dev.saccade.core.Progress;
import dev.saccade.gym.demo.DatasetDemonstrations;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.gym.policy.GazePolicy;
import dev.saccade.gym.reward.HandPredictor;
import dev.saccade.gym.rollout.Baselines;
import dev.saccade.gym.rollout.GazeRegime;
import dev.saccade.gym.rollout.EyeStrip;
import dev.saccade.gym.rollout.Rollout;
import dev.saccade.gym.rollout.RolloutLog;
import dev.saccade.gym.rollout.RolloutSummary;
import dev.saccade.sphere.Images;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Plays a baseline gaze policy in DemoEyeGym on a dataset and writes per-step logs, a summary and eye-view strips. */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = {"Play a baseline gaze policy in DemoEyeGym on a dataset's demonstrations.",
            "Writes steps.jsonl (or steps.parquet): per step the gaze, action, reward, angle to the phase's target and"
                + " whether it is in the fovea; summary.json; and strip-NNN.png, the eye's views of the first episodes."})
final class RolloutCommand implements Callable<Integer> {
    @Option(names = "--dataset", required = true, description = "A Saccade (LeRobot v3) dataset directory.")
    Path dataset;

    @Option(names = "--policy", required = true, description = "Gaze policy: ${COMPLETION-CANDIDATES}.",
            completionCandidates = PolicyNames.class)
    String policy;

    @Option(names = "--episodes", defaultValue = "10", description = "Episodes to play (default ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--out", required = true, description = "Output directory (must not exist or be empty, unless --force).")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "Episode r is reset with seed + r (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hand", defaultValue = "blind",
            description = "Hand scored for the reward: oracle (the demonstrated chunk, reward 0), blind (holds the pose), none (reward 0)."
                    + " Default ${DEFAULT-VALUE}.")
    String hand;

    @Option(names = "--format", defaultValue = "jsonl", description = "Step log format: jsonl or parquet (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--threads", defaultValue = "2", description = "Episodes played at once (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--cache-mb", defaultValue = "1024", description = "Decoded-frame cache bound in MiB (default ${DEFAULT-VALUE}).")
    long cacheMb;

    @Option(names = "--strip-episodes", defaultValue = "1", description = "Episodes drawn as PNG strips (default ${DEFAULT-VALUE}).")
    int stripEpisodes;

    @Option(names = "--strip-every", defaultValue = "10", description = "Steps between columns of a strip (default ${DEFAULT-VALUE}).")
    int stripEvery;

    @Option(names = "--force", description = "Replace an existing output directory.")
    boolean force;

    @Spec
    CommandSpec spec;

    /** The policy names for picocli's help. */
    static final class PolicyNames extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        PolicyNames() {
            super(GazeRegime.baselines().stream().map(GazeRegime::cliName).toList());
        }
    }

    @Override
    public Integer call() throws Exception {
        Flags.requireRange("--episodes", episodes, 1, 1_000_000);
        Flags.requireRange("--threads", threads, 1, 256);
        Flags.requireRange("--cache-mb", cacheMb, 16, 1L << 20);
        Flags.requireRange("--strip-episodes", stripEpisodes, 0, 1000);
        Flags.requireRange("--strip-every", stripEvery, 1, 1000);
        GazeRegime regime = GazeRegime.baselines().stream().filter(g -> g.cliName().equals(policy)).findFirst()
                .orElseThrow(() -> new Flags.BadFlag("--policy must be one of " + GazeRegime.names(GazeRegime.baselines())
                        + ", got '" + policy + "'"));
        Optional<HandPredictor> predictor = switch (hand) {
            case "oracle" -> Optional.of(HandPredictor.oracle());
            case "blind" -> Optional.of(HandPredictor.blind());
            case "none" -> Optional.empty();
            default -> throw new Flags.BadFlag("--hand must be oracle, blind or none, got '" + hand + "'");
        };
        if (!format.equals("jsonl") && !format.equals("parquet")) {
            throw new Flags.BadFlag("--format must be jsonl or parquet, got '" + format + "'");
        }
        if (!force && Files.exists(out) && !AtomicFiles.isEmptyDirectory(out)) {
            throw new InputException(out, "already exists and is not empty (use --force to replace it)");
        }

        DemoEyeGym.Config config = DemoEyeGym.Config.DEFAULT;
        try (DatasetDemonstrations demos = DatasetDemonstrations.open(dataset);
             FrameSupply<MipChain> frames = EyeCamera.supply(demos, cacheMb << 20, 1)) {
            Supplier<GazePolicy> policies = Baselines.of(regime, demos.episodes(), config.pyramid(), config.limits());
            Rollout.Settings settings = new Rollout.Settings(episodes, seed, threads, stripEvery, stripEpisodes);
            long expectedSteps = (long) episodes * (config.searchSteps() + config.advanceSteps());
            List<Rollout.Run> runs;
            try (Progress progress = new Progress("rollout " + policy, expectedSteps, "steps")) {
                runs = Rollout.play(frames, config, predictor, policies, settings, progress);
            }
            RolloutSummary summary = RolloutSummary.of(policy, hand, runs);
            AtomicFiles.writeDirectory(out, force, dir -> {
                Path jsonl = dir.resolve("steps.jsonl");
                RolloutLog.writeJsonl(jsonl, runs);
                if (format.equals("parquet")) {
                    toParquet(jsonl, dir.resolve("steps.parquet"));
                    Files.delete(jsonl);
                }
                RolloutLog.writeSummary(dir.resolve("summary.json"), summary);
                for (int r = 0; r < Math.min(stripEpisodes, runs.size()); r++) {
                    Rollout.Run run = runs.get(r);
                    Images.write(EyeStrip.render(config.pyramid(), run.steps(), run.pyramids()),
                            dir.resolve(String.format(Locale.ROOT, "strip-%03d.png", r)));
                }
            });
            java.io.PrintWriter stdout = spec.commandLine().getOut();
            summary.lines().forEach(stdout::println);
            stdout.println(out);
            stdout.flush();
        }
        return 0;
    }

    /** Converts the JSON lines log to parquet with DuckDB (the project's parquet engine). */
    private static void toParquet(Path jsonl, Path parquet) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM read_json_auto('" + sql(jsonl) + "', format = 'newline_delimited')) TO '"
                    + sql(parquet) + "' (FORMAT PARQUET)");
        } catch (SQLException e) {
            throw new IOException("cannot write " + parquet + ": " + e.getMessage(), e);
        }
    }

    private static String sql(Path p) {
        return p.toAbsolutePath().toString().replace("'", "''");
    }
}
