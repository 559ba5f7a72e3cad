package dev.saccade.runtime.eval;

import dev.saccade.data.Task;
import dev.saccade.eval.results.MetricRow;
import dev.saccade.eval.stats.Estimate;
import dev.saccade.runtime.loop.Agent;
import dev.saccade.runtime.loop.EpisodeResult;
import dev.saccade.runtime.loop.FrameListener;
import dev.saccade.runtime.loop.LoopSettings;
import dev.saccade.runtime.loop.RuntimeLoop;
import dev.saccade.runtime.sim.SimSettings;
import dev.saccade.runtime.sim.SimWorld;
import dev.saccade.sphere.render.PyramidSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Closed-loop evaluation: each regime (an eye and a hand, or the scripted expert) plays every task
 * on the same held-out scenes (seeds {@code firstSeed … firstSeed + episodes − 1}, which a dataset
 * generated from seed 0 with fewer episodes never holds), and is scored by the world's success
 * predicate. Rows follow the open-loop {@code metrics.json} format ({@link MetricRow}): per task and
 * over all tasks, {@code success_rate/TASK} (share of episodes, 95 % Wilson interval) and
 * {@code time_to_success_s/TASK} (seconds, over the successful episodes, Student t interval).
 */
public final class ClosedLoopEvaluation {
    /**
     * A regime: its gaze and hand names as in the open-loop rows, the pyramid its eye renders, and
     * how to make its agent for a world (the expert needs the world's scene; others ignore it).
     */
    public record Regime(String gaze, String hand, PyramidSpec pyramid, Function<SimWorld, Agent> agentFor) {}

    /** The scenes and how they are played. */
    public record Settings(List<Task> tasks, long firstSeed, int episodes, SimSettings sim, LoopSettings loop) {
        public Settings {
            tasks = List.copyOf(tasks);
            if (tasks.isEmpty() || episodes < 1) {
                throw new IllegalArgumentException("need at least one task and one episode");
            }
        }
    }

    /** Sees each finished episode (progress lines). */
    @FunctionalInterface
    public interface Observer {
        void episodeDone(Regime regime, EpisodeResult result);
    }

    private ClosedLoopEvaluation() {}

    /** Plays {@code regime} on every task and scene. */
    public static List<EpisodeResult> play(Regime regime, Settings s, Observer observer) throws IOException {
        RuntimeLoop loop = new RuntimeLoop(s.loop().withMaxFrames((int) Math.round(s.sim().maxSeconds() * SimWorld.FPS)));
        List<EpisodeResult> out = new ArrayList<>();
        for (Task task : s.tasks()) {
            for (int e = 0; e < s.episodes(); e++) {
                long seed = s.firstSeed() + e;
                try (SimWorld world = SimWorld.open(task, seed, s.sim(), regime.pyramid());
                     Agent agent = regime.agentFor().apply(world)) {
                    EpisodeResult r = loop.run(world, agent, seed, FrameListener.NONE);
                    out.add(r);
                    observer.episodeDone(regime, r);
                }
            }
        }
        return out;
    }

    /** The metric rows of one regime's results. */
    public static List<MetricRow> rows(Regime regime, List<EpisodeResult> results, List<Task> tasks) {
        List<MetricRow> rows = new ArrayList<>();
        for (Task task : tasks) {
            rows.addAll(rows(regime, results.stream().filter(r -> r.task() == task).toList(), task.id()));
        }
        if (tasks.size() > 1) {
            rows.addAll(rows(regime, results, "all"));
        }
        return rows;
    }

    private static List<MetricRow> rows(Regime regime, List<EpisodeResult> results, String name) {
        int successes = (int) results.stream().filter(EpisodeResult::success).count();
        Estimate rate = Wilson.of(successes, results.size());
        double[] times = results.stream().filter(EpisodeResult::success).mapToDouble(r -> r.secondsToSuccess(SimWorld.FPS)).toArray();
        return List.of(MetricRow.of(regime.gaze(), regime.hand(), "success_rate/" + name, "share of episodes", rate),
                MetricRow.of(regime.gaze(), regime.hand(), "time_to_success_s/" + name, "s", Estimate.of(times)));
    }
}
