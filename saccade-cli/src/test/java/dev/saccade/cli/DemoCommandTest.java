package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.eval.report.EvaluationReport.Verdict;
import dev.saccade.eval.results.MetricTable.Key;
import dev.saccade.eval.stats.Estimate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
    private static final Key LEARNED = new Key("learned", "co-trained");
    private static final Key RANDOM = new Key("random", "own");

    private static Verdict verdict(Estimate learned, Estimate random, boolean separated) {
        return new Verdict(LEARNED, RANDOM, learned, random, new Estimate(learned.mean() - random.mean(), -5, -1, 24), separated);
    }

    @Test
    void aRunThatMissesTheBarSaysWhatToTryAndOneThatMeetsItSaysNothing() {
        Estimate low = new Estimate(7.0, 6.0, 8.0, 24);
        Estimate high = new Estimate(11.0, 10.0, 12.0, 24);
        Estimate near = new Estimate(7.5, 6.0, 9.0, 24);
        assertTrue(DemoCommand.shortfall(verdict(low, high, true), null).isEmpty(), "learned better, intervals apart");
        Optional<String> overlap = DemoCommand.shortfall(verdict(near, new Estimate(9.8, 8.2, 11.4, 24), false), null);
        assertTrue(overlap.isPresent() && overlap.get().contains("--budget"), "overlapping intervals: " + overlap);
        assertFalse(DemoCommand.shortfall(verdict(high, low, true), null).isEmpty(), "random better: also a shortfall");
        Optional<String> sized = DemoCommand.shortfall(verdict(near, new Estimate(9.8, 8.2, 11.4, 24), false), 200_000L);
        assertTrue(sized.isPresent() && sized.get().contains("--steps 400000") && !sized.get().contains("--budget"),
                "a demo sized by --steps is told to take more steps: " + sized);
    }

    @Test
    void aRandomGazeHandWithMarkedlyFewerStepsIsCalledUnfair() {
        assertTrue(DemoCommand.unfairHand(14_111, 14_200).isEmpty(), "as many steps");
        assertTrue(DemoCommand.unfairHand(14_111, 13_000).isEmpty(), "within 10 %");
        Optional<String> warning = DemoCommand.unfairHand(14_111, 1_994);
        assertTrue(warning.isPresent() && warning.get().contains("1994") && warning.get().contains("not a fair"), "" + warning);
    }

    @Test
    void withAllTasksEachTaskHasItsOwnHeldOutEpisodesAndTrainingIsTheRest() {
        // generate interleaves the tasks: episode e is of task e mod 5.
        List<Integer> held = DemoCommand.heldOutEpisodes(5, 18, 6);
        assertEquals(30, held.size());
        Map<Integer, Long> perTask = held.stream().collect(Collectors.groupingBy(e -> e % 5, Collectors.counting()));
        assertEquals(Map.of(0, 6L, 1, 6L, 2, 6L, 3, 6L, 4, 6L), perTask, "6 held out of every task");
        assertEquals(60, held.get(0), "training is episodes 0:60, 12 of each task");
        assertEquals(89, held.get(held.size() - 1));
        assertEquals(held, DemoCommand.heldOutEpisodes(5, 18, 6), "the same every time (a continued demo evaluates the same)");
        assertEquals(List.of(48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59), DemoCommand.heldOutEpisodes(1, 60, 12), "one task: as before");
    }
}
