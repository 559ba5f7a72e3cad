package dev.saccade.gym.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.gym.Env;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.WalkEnv;
import dev.saccade.gym.space.Box;
import dev.saccade.gym.wrappers.Wrapper;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EnvCheckerTest {

    @Test
    void aCorrectEnvironmentPasses() {
        EnvChecker.Report r = EnvChecker.standard().check(new WalkEnv(20), 1);
        r.assertPassed();
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    }

    /** Ignores the seed: every reset draws from a generator that is never re-seeded. */
    static final class Forgetful extends Wrapper<float[], Integer> {
        private final java.util.Random random = new java.util.Random(1);

        Forgetful() {
            super(new WalkEnv(20));
        }

        @Override
        public Reset<float[]> reset(OptionalLong seed, Options options) {
            return env.reset(OptionalLong.of(random.nextLong()), options);
        }
    }

    @Test
    void ignoringTheSeedIsCaught() {
        EnvChecker.Report r = EnvChecker.standard().check(new Forgetful(), 1);
        assertFalse(r.passed());
        assertTrue(r.failures().stream().anyMatch(f -> f.contains("not deterministic")), r.failures().toString());
    }

    /** Keeps stepping after the end and never refuses a step before reset. */
    static final class Endless implements Env<float[], Integer> {
        private final WalkEnv inner = new WalkEnv(20);
        private boolean started;

        @Override
        public Reset<float[]> reset(OptionalLong seed, Options options) {
            started = true;
            return inner.reset(seed, options);
        }

        @Override
        public Step<float[]> step(Integer action) {
            if (action == null || action < 0 || action > 2) {
                throw new IllegalArgumentException("bad action");
            }
            if (!started) {
                return new Step<>(new float[2], 0, false, false, dev.saccade.gym.Info.EMPTY);
            }
            try {
                return inner.step(action);
            } catch (IllegalStateException ended) {
                return new Step<>(new float[2], 0, true, false, dev.saccade.gym.Info.EMPTY);
            }
        }

        @Override
        public dev.saccade.gym.space.Space<float[]> observationSpace() {
            return inner.observationSpace();
        }

        @Override
        public dev.saccade.gym.space.Space<Integer> actionSpace() {
            return inner.actionSpace();
        }

        @Override
        public void close() {}
    }

    @Test
    void steppingOutsideAnEpisodeIsCaught() {
        EnvChecker.Report r = EnvChecker.standard().check(new Endless(), 1);
        assertTrue(r.failures().stream().anyMatch(f -> f.contains("before the first reset")), r.failures().toString());
        assertTrue(r.failures().stream().anyMatch(f -> f.contains("after the episode ended")), r.failures().toString());
    }

    @Test
    void observationsOutsideTheSpaceAreCaught() {
        Env<float[], Integer> narrow = new Wrapper<>(new WalkEnv(20)) {
            @Override
            public dev.saccade.gym.space.Space<float[]> observationSpace() {
                return Box.of(-0.5f, 0.5f, 2);
            }
        };
        EnvChecker.Report r = EnvChecker.standard().check(narrow, 3);
        assertTrue(r.failures().stream().anyMatch(f -> f.contains("is not in")), r.failures().toString());
    }

    @Test
    void anEpisodeThatNeverEndsIsCaught() {
        EnvChecker.Report r = new EnvChecker(5, 3).check(new WalkEnv(1000), 1);
        assertTrue(r.failures().stream().anyMatch(f -> f.contains("no episode end")), r.failures().toString());
    }
}
