package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BudgetSizingTest {
    @Test
    void aRunAloneFillsWhatIsLeftOfItsBudget() {
        // 100 s left at 0.1 s per env step: 1,000 env steps, 100 iterations of 10.
        assertEquals(1000, BudgetSizing.totalEnvSteps(100, 0, 10, BudgetSizing.Costs.alone(0.1)));
        // 4 iterations done already: the 1,000 more come on top.
        assertEquals(1040, BudgetSizing.totalEnvSteps(100, 40, 10, BudgetSizing.Costs.alone(0.1)));
    }

    @Test
    void theLaterRandomGazeHandGetsTheSameEnvStepsWithinTheSameBudget() {
        // BC-RL at 100 env steps/s, the hand at 200 with 60 s of setup, 600 s left after 6,000 env steps:
        // (S - 6000)/100 + 60 + S/200 = 600 gives S = 40,000 (17 more iterations of 2,000).
        BudgetSizing.Costs costs = new BudgetSizing.Costs(0.01, 0.005, 60);
        long total = BudgetSizing.totalEnvSteps(600, 6000, 2000, costs);
        assertEquals(40_000, total);
        double seconds = (total - 6000) * costs.secondsPerStep() + costs.handSetupSeconds() + total * costs.handSecondsPerStep();
        assertEquals(600, seconds, 1e-9, "both stages end at the budget");
    }

    @Test
    void theLengthIsRoundedDownToWholeIterationsAndNeverBelowOneMore() {
        BudgetSizing.Costs costs = new BudgetSizing.Costs(0.01, 0.005, 60);
        assertEquals(40_000, BudgetSizing.totalEnvSteps(605, 6000, 2000, costs), "17.2 iterations: 17");
        assertEquals(8000, BudgetSizing.totalEnvSteps(10, 6000, 2000, costs), "no time left: one more iteration");
        assertEquals(8000, BudgetSizing.totalEnvSteps(-50, 6000, 2000, costs), "over budget already: one more iteration");
        for (double left = 0; left < 2000; left += 37) {
            long t = BudgetSizing.totalEnvSteps(left, 6000, 2000, costs);
            assertEquals(0, (t - 6000) % 2000, "whole iterations");
            double seconds = (t - 6000) * costs.secondsPerStep() + costs.handSetupSeconds() + t * costs.handSecondsPerStep();
            assertTrue(t == 8000 || seconds <= left + 1e-9, "never past the budget unless it is one iteration: " + left);
            assertTrue(seconds + 2000 * (costs.secondsPerStep() + costs.handSecondsPerStep()) > left, "no whole iteration left unused: " + left);
        }
    }

    @Test
    void measuredCostsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new BudgetSizing.Costs(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BudgetSizing.Costs(Double.NaN, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BudgetSizing.Costs(0.01, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> BudgetSizing.secondsPerStep(1, 0));
        assertEquals(0.005, BudgetSizing.secondsPerStep(10.4, 2080), 1e-12);
    }
}
