package dev.saccade.gym.check;

import dev.saccade.gym.Env;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.space.Discrete;
import dev.saccade.gym.space.Space;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks that an environment keeps the {@link Env} contract, after Gymnasium's {@code check_env}:
 * <ol>
 *   <li>stepping before the first reset is refused ({@link IllegalStateException});
 *   <li>samples of both spaces are members of them;
 *   <li>every observation is in the observation space, every reward finite, every info present;
 *   <li>seeding is deterministic: the same seed and actions give the same observations, rewards and
 *       flags, and an unseeded reset after a seeded one is deterministic too; different seeds should
 *       give different episodes (a warning otherwise);
 *   <li>an episode ends within the step budget, and stepping after its end is refused
 *       ({@link IllegalStateException}) until the next reset;
 *   <li>invalid actions (null, and for {@link Discrete} spaces −1 and n) are refused with
 *       {@link IllegalArgumentException};
 *   <li>{@link Env#close()} may be called twice.
 * </ol>
 * Pass a fresh environment; the checker closes it.
 */
public final class EnvChecker {

    /** What the checker found: contract violations and softer warnings. */
    public record Report(String env, List<String> failures, List<String> warnings) {
        public boolean passed() {
            return failures.isEmpty();
        }

        /** Throws {@link AssertionError} listing the failures, if any. */
        public void assertPassed() {
            if (!passed()) {
                throw new AssertionError(env + " breaks the Env contract:\n  " + String.join("\n  ", failures));
            }
        }
    }

    private final int maxEpisodeSteps;
    private final int determinismSteps;

    /**
     * @param maxEpisodeSteps  an episode driven by random actions must end within this many steps
     * @param determinismSteps how many steps the determinism checks replay
     */
    public EnvChecker(int maxEpisodeSteps, int determinismSteps) {
        this.maxEpisodeSteps = maxEpisodeSteps;
        this.determinismSteps = determinismSteps;
    }

    /** A checker allowing episodes of up to 1,000 steps and replaying 40 steps for determinism. */
    public static EnvChecker standard() {
        return new EnvChecker(1_000, 40);
    }

    /** Checks {@code env} (fresh, closed afterwards) with seeds derived from {@code seed}. */
    public <O, A> Report check(Env<O, A> env, long seed) {
        List<String> failures = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try (env) {
            new Run<>(env, seed, failures, warnings).all();
        } catch (RuntimeException | AssertionError e) {
            failures.add("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return new Report(env.getClass().getSimpleName(), List.copyOf(failures), List.copyOf(warnings));
    }

    /** One checking session; keeps the failures and warnings it finds. */
    private final class Run<O, A> {
        private final Env<O, A> env;
        private final long seed;
        private final List<String> failures;
        private final List<String> warnings;
        private final Space<O> obsSpace;
        private final Space<A> actSpace;

        Run(Env<O, A> env, long seed, List<String> failures, List<String> warnings) {
            this.env = env;
            this.seed = seed;
            this.failures = failures;
            this.warnings = warnings;
            this.obsSpace = env.observationSpace();
            this.actSpace = env.actionSpace();
        }

        void all() {
            stepBeforeResetIsRefused();
            spacesContainTheirSamples();
            resetIsDeterministic();
            unseededResetIsDeterministic();
            seedsMatter();
            episodeEndsAndIsThenClosed();
            invalidActionsAreRefused();
            env.close(); // the second close happens in check()
        }

        private void stepBeforeResetIsRefused() {
            A action = actSpace.sample(new SplittableRandom(seed));
            try {
                env.step(action);
                failures.add("step before the first reset was accepted; it must throw IllegalStateException");
            } catch (IllegalStateException expected) {
                // as the contract says
            }
        }

        private void spacesContainTheirSamples() {
            SplittableRandom rng = new SplittableRandom(seed);
            for (int i = 0; i < 20; i++) {
                A a = actSpace.sample(rng);
                if (!actSpace.contains(a)) {
                    failures.add("action space " + actSpace + " does not contain its own sample " + actSpace.describe(a));
                    return;
                }
                if (!actSpace.same(a, a)) {
                    failures.add("action space says a sample differs from itself");
                    return;
                }
            }
            for (int i = 0; i < 3; i++) {
                O o = obsSpace.sample(rng);
                if (!obsSpace.contains(o)) {
                    failures.add("observation space does not contain its own sample " + obsSpace.describe(o));
                    return;
                }
            }
        }

        private void resetIsDeterministic() {
            List<Object> first = play(seed, true);
            List<Object> second = play(seed, true);
            compare(first, second, "reset(" + seed + ") twice with the same actions");
        }

        private void unseededResetIsDeterministic() {
            env.reset(seed);
            List<Object> first = play(0, false);
            env.reset(seed);
            List<Object> second = play(0, false);
            compare(first, second, "reset() after reset(" + seed + "), twice");
        }

        private void seedsMatter() {
            Reset<O> base = env.reset(seed);
            for (long s = 1; s <= 5; s++) {
                Reset<O> other = env.reset(seed + s * 7919);
                if (!obsSpace.same(base.observation(), other.observation())) {
                    return;
                }
            }
            warnings.add("six different seeds gave the same first observation; does the seed reach the random generator?");
        }

        private void episodeEndsAndIsThenClosed() {
            SplittableRandom rng = new SplittableRandom(seed + 1);
            env.reset(seed + 1);
            for (int t = 1; t <= maxEpisodeSteps; t++) {
                Step<O> s = env.step(actSpace.sample(rng));
                if (!checkStep(s, t)) {
                    return;
                }
                if (s.done()) {
                    try {
                        env.step(actSpace.sample(rng));
                        failures.add("step after the episode ended (step " + t + ") was accepted; it must throw IllegalStateException");
                    } catch (IllegalStateException expected) {
                        // as the contract says
                    }
                    return;
                }
            }
            failures.add("no episode end within " + maxEpisodeSteps + " random steps");
        }

        @SuppressWarnings("unchecked")
        private void invalidActionsAreRefused() {
            env.reset(seed);
            List<A> invalid = new ArrayList<>();
            invalid.add(null);
            if (actSpace instanceof Discrete d) {
                invalid.add((A) Integer.valueOf(-1));
                invalid.add((A) Integer.valueOf(d.n()));
            }
            for (A a : invalid) {
                try {
                    env.step(a);
                    failures.add("invalid action " + a + " was accepted; it must throw IllegalArgumentException");
                    env.reset(seed);
                } catch (IllegalArgumentException | NullPointerException expected) {
                    // refused
                }
            }
        }

        /** Resets (with {@code s} if {@code seeded}) and plays random actions; returns what it saw. */
        private List<Object> play(long s, boolean seeded) {
            List<Object> trace = new ArrayList<>();
            Reset<O> r = seeded ? env.reset(s) : env.reset();
            if (!obsSpace.contains(r.observation())) {
                failures.add("reset observation " + obsSpace.describe(r.observation()) + " is not in " + obsSpace);
            }
            if (r.info() == null) {
                failures.add("reset returned a null info");
            }
            trace.add(r.observation());
            SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
            for (int t = 1; t <= determinismSteps; t++) {
                Step<O> step = env.step(actSpace.sample(rng));
                if (!checkStep(step, t)) {
                    break;
                }
                trace.add(step);
                if (step.done()) {
                    break;
                }
            }
            return trace;
        }

        private boolean checkStep(Step<O> s, int t) {
            if (!obsSpace.contains(s.observation())) {
                failures.add("step " + t + ": observation " + obsSpace.describe(s.observation()) + " is not in " + obsSpace);
                return false;
            }
            if (!Double.isFinite(s.reward())) {
                failures.add("step " + t + ": reward " + s.reward() + " is not finite");
                return false;
            }
            if (s.info() == null) {
                failures.add("step " + t + ": null info");
                return false;
            }
            return true;
        }

        @SuppressWarnings("unchecked")
        private void compare(List<Object> a, List<Object> b, String what) {
            if (a.size() != b.size()) {
                failures.add(what + ": episodes of " + a.size() + " and " + b.size() + " entries");
                return;
            }
            for (int i = 0; i < a.size(); i++) {
                Object x = a.get(i);
                Object y = b.get(i);
                boolean same;
                if (x instanceof Step<?> sx && y instanceof Step<?> sy) {
                    same = obsSpace.same((O) sx.observation(), (O) sy.observation()) && sx.reward() == sy.reward()
                            && sx.terminated() == sy.terminated() && sx.truncated() == sy.truncated();
                } else {
                    same = obsSpace.same((O) x, (O) y);
                }
                if (!same) {
                    failures.add(what + ": not deterministic, first difference at step " + i);
                    return;
                }
            }
        }
    }
}
