package dev.saccade.gym.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.gym.Step;
import dev.saccade.gym.WalkEnv;
import dev.saccade.gym.check.EnvChecker;
import dev.saccade.gym.space.Box;
import org.junit.jupiter.api.Test;

class WrappersTest {

    @Test
    void timeLimitTruncatesAtTheLimit() {
        TimeLimit<float[], Integer> env = new TimeLimit<>(new WalkEnv(100), 5);
        env.reset(1);
        Step<float[]> s = null;
        for (int i = 0; i < 5; i++) {
            s = env.step(1); // stand still: never terminates
            assertEquals(i == 4, s.truncated(), "step " + (i + 1));
        }
        assertFalse(s.terminated());
    }

    @Test
    void timeLimitKeepsTermination() {
        TimeLimit<float[], Integer> env = new TimeLimit<>(new WalkEnv(100), 100);
        float start = env.reset(1).observation()[0];
        Step<float[]> s;
        int steps = 0;
        do {
            s = env.step(2);
            steps++;
        } while (!s.done());
        assertTrue(s.terminated());
        assertFalse(s.truncated());
        assertEquals(3 - start, steps);
    }

    @Test
    void timeLimitCountsFromEachReset() {
        TimeLimit<float[], Integer> env = new TimeLimit<>(new WalkEnv(100), 3);
        env.reset(1);
        env.step(1);
        env.step(1);
        env.reset(2);
        assertFalse(env.step(1).truncated());
        assertFalse(env.step(1).truncated());
        assertTrue(env.step(1).truncated());
    }

    @Test
    void episodeStatsReportReturnAndLengthOnTheLastStepOnly() {
        EpisodeStats<float[], Integer> env = new EpisodeStats<>(new WalkEnv(10));
        float start = env.reset(7).observation()[0];
        Step<float[]> s;
        int steps = 0;
        do {
            s = env.step(2);
            steps++;
            if (!s.done()) {
                assertFalse(s.info().has(EpisodeStats.EPISODE));
            }
        } while (!s.done());
        EpisodeStats.Episode e = s.info().get(EpisodeStats.EPISODE);
        assertEquals(steps, e.length());
        assertEquals(3 - start, e.length());
        assertEquals(1.0, e.episodeReturn());
        assertTrue(e.seconds() >= 0);
    }

    @Test
    void observationTransformMapsEveryObservationAndPassesTheChecker() {
        ObservationTransform<float[], float[], Integer> env = new ObservationTransform<>(
                new WalkEnv(12), Box.of(-2000f, 2000f, 1), o -> new float[] {2 * o[0]});
        float[] first = env.reset(3).observation();
        assertEquals(1, first.length);
        float next = env.step(2).observation()[0];
        assertEquals(first[0] + 2, next);
        EnvChecker.standard().check(new ObservationTransform<>(
                new WalkEnv(12), Box.of(-2000f, 2000f, 1), o -> new float[] {2 * o[0]}), 5).assertPassed();
    }

    @Test
    void closingAWrapperClosesTheEnvironment() {
        WalkEnv inner = new WalkEnv(5);
        new EpisodeStats<>(new TimeLimit<>(inner, 3)).close();
        assertTrue(inner.closed());
    }
}
