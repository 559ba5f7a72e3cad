package dev.saccade.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Task;
import dev.saccade.eval.results.MetricFiles;
import dev.saccade.eval.results.MetricRow;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.runtime.agent.ExpertAgent;
import dev.saccade.runtime.loop.Agent;
import dev.saccade.runtime.loop.AgentAction;
import dev.saccade.runtime.loop.EpisodeResult;
import dev.saccade.runtime.loop.LoopSettings;
import dev.saccade.runtime.loop.Percept;
import dev.saccade.runtime.sim.SimSettings;
import dev.saccade.sphere.render.PyramidSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClosedLoopEvaluationTest {
    @TempDir
    Path tmp;

    /** Sends its own state back: the arm never moves. */
    static final class Still implements Agent {
        @Override
        public String name() {
            return "still";
        }

        @Override
        public Optional<PyramidSpec> pyramid() {
            return Optional.empty();
        }

        @Override
        public void reset(Task task, long seed) {}

        @Override
        public AgentAction act(Percept p) {
            return new AgentAction(0, p.proprio().clone());
        }
    }

    @Test
    void theExpertScoresFullMarksAndAStillArmNoneInMetricRows() throws Exception {
        List<Task> tasks = List.of(Task.TOWEL_BUCKET, Task.ESTOP_PRESS);
        ClosedLoopEvaluation.Settings s = new ClosedLoopEvaluation.Settings(tasks, 2000, 3,
                SimSettings.defaults().withWidth(64).withMaxSeconds(12), LoopSettings.defaults());
        ClosedLoopEvaluation.Regime expert = new ClosedLoopEvaluation.Regime("oracle", "expert", PyramidSpec.defaults(16),
                w -> new ExpertAgent(w.scene().demonstration(), 30, GazeLimits.DEFAULT));
        ClosedLoopEvaluation.Regime still = new ClosedLoopEvaluation.Regime("fixed", "still", PyramidSpec.defaults(16), w -> new Still());
        List<EpisodeResult> seen = new ArrayList<>();
        List<MetricRow> rows = new ArrayList<>();
        rows.addAll(ClosedLoopEvaluation.rows(expert, ClosedLoopEvaluation.play(expert, s, (r, e) -> seen.add(e)), tasks));
        rows.addAll(ClosedLoopEvaluation.rows(still, ClosedLoopEvaluation.play(still, s, (r, e) -> seen.add(e)), tasks));
        assertEquals(12, seen.size());
        MetricRow expertAll = find(rows, "expert", "success_rate/all");
        assertEquals(1.0, expertAll.mean(), 0);
        assertEquals(6, expertAll.episodes());
        assertTrue(expertAll.ci95Low() > 0.5 && expertAll.ci95Low() < 1);
        assertEquals(0.0, find(rows, "still", "success_rate/towel-bucket").mean(), 0);
        MetricRow time = find(rows, "expert", "time_to_success_s/estop-press");
        assertTrue(time.mean() > 1 && time.mean() < 12, "pressed after " + time.mean() + " s");
        assertEquals(0, find(rows, "still", "time_to_success_s/all").episodes());
        Path file = tmp.resolve("metrics.json");
        MetricFiles.writeJson(file, rows);
        assertEquals(rows.size(), MetricFiles.readJson(file).size());
    }

    private static MetricRow find(List<MetricRow> rows, String hand, String metric) {
        return rows.stream().filter(r -> r.hand().equals(hand) && r.metric().equals(metric)).findFirst().orElseThrow();
    }
}
