package dev.saccade.learn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScheduleTest {
    private static final BcRlConfig ORIGINAL = BcRlConfig.defaults().withRun(r -> r.withTotalEnvSteps(14_000_000L));

    @Test
    void learningRateWarmsUpHoldsThenDecaysAsTheOriginal() {
        assertEquals(0.1, Schedule.learningRateFactor(ORIGINAL, 0), 1e-9);
        assertEquals(0.55, Schedule.learningRateFactor(ORIGINAL, 150_000), 1e-6);  // half-way through 300 k warm-up
        assertEquals(1.0, Schedule.learningRateFactor(ORIGINAL, 300_000), 1e-6);
        assertEquals(1.0, Schedule.learningRateFactor(ORIGINAL, 11_999_999), 1e-6);
        assertEquals(0.505, Schedule.learningRateFactor(ORIGINAL, 13_000_000), 1e-6); // cosine midpoint of the last 2 M
        assertEquals(0.01, Schedule.learningRateFactor(ORIGINAL, 14_000_000), 1e-9);
    }

    @Test
    void entropyBonusDecaysLinearlyOverTheLastStretch() {
        assertEquals(0.01, Schedule.entropyCoef(ORIGINAL, 0), 1e-12);
        assertEquals(0.01, Schedule.entropyCoef(ORIGINAL, 12_000_000), 1e-9);
        assertEquals(0.0065, Schedule.entropyCoef(ORIGINAL, 13_000_000), 1e-9);
        assertEquals(0.003, Schedule.entropyCoef(ORIGINAL, 14_000_000), 1e-9);
    }
}
