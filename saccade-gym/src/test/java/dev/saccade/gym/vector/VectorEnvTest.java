package dev.saccade.gym.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.gym.Reset;
import dev.saccade.gym.WalkEnv;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorEnvTest {

    private static List<WalkEnv> walkers(int n, int limit) {
        List<WalkEnv> envs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            envs.add(new WalkEnv(limit));
        }
        return envs;
    }

    @Test
    void resetSeedsEachSubEnvironmentWithSeedPlusIndex() {
        try (VectorEnv<float[], Integer> v = new VectorEnv<>(walkers(4, 5), 2, AutoresetMode.SAME_STEP)) {
            VectorReset<float[]> r = v.reset(100);
            for (int i = 0; i < 4; i++) {
                Reset<float[]> single = new WalkEnv(5).reset(100 + i);
                assertArrayEquals(single.observation(), r.observations().get(i));
            }
        }
    }

    @Test
    void sameStepResetsInTheCallThatEndsAndKeepsTheFinalObservation() {
        try (VectorEnv<float[], Integer> v = new VectorEnv<>(walkers(2, 3), 2, AutoresetMode.SAME_STEP)) {
            v.reset(1);
            List<Integer> still = Collections.nCopies(2, 1);
            v.step(still);
            v.step(still);
            VectorStep<float[]> s = v.step(still); // third step: truncated by the limit
            for (int i = 0; i < 2; i++) {
                assertTrue(s.truncated()[i]);
                assertFalse(s.terminated()[i]);
                assertEquals(3f, s.finalObservation(i).orElseThrow()[1], "final observation has 3 steps taken");
                assertEquals(0f, s.observations().get(i)[1], "returned observation starts the next episode");
                assertTrue(s.infos().get(i).keys().stream().anyMatch(k -> k.name().equals("start")), "reset info");
            }
            VectorStep<float[]> next = v.step(still);
            assertFalse(next.done(0));
            assertEquals(1f, next.observations().get(0)[1], "the action was applied to the new episode");
            assertTrue(next.finalObservation(0).isEmpty());
        }
    }

    @Test
    void nextStepResetsOneCallLaterAndIgnoresThatAction() {
        try (VectorEnv<float[], Integer> v = new VectorEnv<>(walkers(1, 2), 1, AutoresetMode.NEXT_STEP)) {
            v.reset(1);
            v.step(List.of(1));
            VectorStep<float[]> end = v.step(List.of(1));
            assertTrue(end.truncated()[0]);
            assertEquals(2f, end.observations().get(0)[1], "the ending step returns the last observation");
            assertTrue(end.finalObservation(0).isEmpty());
            VectorStep<float[]> restart = v.step(List.of(2));
            assertEquals(0f, restart.observations().get(0)[1], "a fresh episode, action ignored");
            assertEquals(0.0, restart.rewards()[0]);
            assertFalse(restart.done(0));
        }
    }

    @Test
    void terminationAndTruncationStayDistinct() {
        try (VectorEnv<float[], Integer> v = new VectorEnv<>(walkers(2, 100), 2, AutoresetMode.SAME_STEP)) {
            v.reset(3);
            boolean sawTerminated = false;
            for (int t = 0; t < 60 && !sawTerminated; t++) {
                VectorStep<float[]> s = v.step(List.of(2, 1)); // env 0 walks to +3, env 1 stands still
                sawTerminated = s.terminated()[0];
                assertFalse(s.terminated()[1] || s.truncated()[1]);
                if (sawTerminated) {
                    assertFalse(s.truncated()[0]);
                    assertEquals(1.0, s.rewards()[0]);
                    assertEquals(3f, s.finalObservation(0).orElseThrow()[0]);
                }
            }
            assertTrue(sawTerminated);
        }
    }

    @Test
    void resultsDoNotDependOnTheNumberOfThreads() {
        List<String> one = trace(1);
        List<String> two = trace(2);
        List<String> three = trace(3);
        assertEquals(one, two);
        assertEquals(one, three);
    }

    private static List<String> trace(int threads) {
        List<String> out = new ArrayList<>();
        try (VectorEnv<float[], Integer> v = new VectorEnv<>(walkers(5, 7), threads, AutoresetMode.SAME_STEP)) {
            v.reset(9);
            SplittableRandom rng = new SplittableRandom(4);
            for (int t = 0; t < 40; t++) {
                List<Integer> actions = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    actions.add(rng.nextInt(3));
                }
                VectorStep<float[]> s = v.step(actions);
                for (int i = 0; i < 5; i++) {
                    out.add(s.observations().get(i)[0] + "/" + s.rewards()[i] + "/" + s.terminated()[i] + "/" + s.truncated()[i]);
                }
            }
        }
        return out;
    }

    @Test
    void aFailingSubEnvironmentSurfacesItsException() {
        try (VectorEnv<float[], Integer> v = new VectorEnv<>(walkers(2, 5), 2, AutoresetMode.SAME_STEP)) {
            v.reset(1);
            assertThrows(IllegalArgumentException.class, () -> v.step(List.of(1, 7)));
            assertThrows(IllegalArgumentException.class, () -> v.step(List.of(1)));
        }
    }

    @Test
    void closeClosesEverySubEnvironmentOnce() {
        List<WalkEnv> envs = walkers(3, 5);
        VectorEnv<float[], Integer> v = new VectorEnv<>(envs, 2, AutoresetMode.SAME_STEP);
        v.close();
        v.close();
        for (WalkEnv e : envs) {
            assertEquals(1, e.closeCount);
        }
        assertThrows(IllegalStateException.class, () -> v.reset(1));
    }
}
