package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.eval.report.EvaluationReport.Verdict;
import dev.saccade.eval.results.MetricTable.Key;
import dev.saccade.eval.stats.Estimate;
import java.util.Optional;
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
        assertTrue(DemoCommand.shortfall(verdict(low, high, true)).isEmpty(), "learned better, intervals apart");
        Optional<String> overlap = DemoCommand.shortfall(verdict(near, new Estimate(9.8, 8.2, 11.4, 24), false));
        assertTrue(overlap.isPresent() && overlap.get().contains("--budget"), "overlapping intervals: " + overlap);
        assertFalse(DemoCommand.shortfall(verdict(high, low, true)).isEmpty(), "random better: also a shortfall");
    }

    @Test
    void theTrainingPlanFillsTheTimeLeftWithTheSameStepsForBothStages() {
        // The default demo: 15 minutes, about 40 s of dataset, 100 s kept for the evaluation.
        DemoCommand.TrainingPlan plan = DemoCommand.TrainingPlan.fit(760);
        assertEquals(43_000, plan.envSteps());
        double bcRl = plan.envSteps() / DemoCommand.BCRL_STEPS_PER_S + DemoCommand.PRETRAIN_S;
        double hand = plan.envSteps() / DemoCommand.HAND_STEPS_PER_S + DemoCommand.HAND_START_S;
        assertTrue(plan.learnedSeconds() >= bcRl, "BC-RL has the time its steps take at the sizing rate: " + plan);
        assertTrue(bcRl + hand <= 760, "both stages fit: " + (bcRl + hand));
        // At the rates measured on the demo (BC-RL 111/s after 59 s of start, the hand 201/s after 6 s) a minute is spare.
        assertTrue(plan.envSteps() / 111.0 + 59 + plan.envSteps() / 201.0 + 6 < 760 - 60);

        DemoCommand.TrainingPlan longer = DemoCommand.TrainingPlan.fit(1060);
        assertTrue(longer.envSteps() > plan.envSteps() && longer.learnedSeconds() > plan.learnedSeconds(), "more time, more steps: " + longer);
        DemoCommand.TrainingPlan tiny = DemoCommand.TrainingPlan.fit(60);
        assertEquals(4_000, tiny.envSteps(), "a floor of steps for a very short budget");
        assertEquals(30, tiny.learnedSeconds(), 1e-9);
        assertTrue(DemoCommand.recipe(43_000).contains("\"totalEnvSteps\": 43000"));
    }
}
