package dev.saccade.eval.play;

import dev.saccade.gym.policy.GazePolicy;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** Who looks and who acts in an evaluated episode: gaze regimes and the hands played under them. */
public final class Regimes {
    private Regimes() {}

    /** The hand name of the evaluated run's own (co-trained) hand. */
    public static final String CO_TRAINED = "co-trained";
    /** The hand name of a hand trained under the regime's own gaze. */
    public static final String OWN = "own";
    /** The hand name of the hand that holds the current pose (predicts no motion). */
    public static final String NONE = "none";

    /**
     * Where the eye looks: a run's learned eye ({@code eye} non-null; greedy or sampled as in
     * training) or a baseline ({@code baseline} non-null, a factory of one policy per episode).
     */
    public record Gaze(String name, LoadedRun eye, boolean greedy, Supplier<GazePolicy> baseline) {
        public Gaze {
            Objects.requireNonNull(name);
            if ((eye == null) == (baseline == null)) {
                throw new IllegalArgumentException("gaze " + name + ": give either a learned eye or a baseline");
            }
        }

        public static Gaze learned(String name, LoadedRun run, boolean greedy) {
            return new Gaze(name, run, greedy, null);
        }

        public static Gaze baseline(String name, Supplier<GazePolicy> policy) {
            return new Gaze(name, null, true, policy);
        }
    }

    /** A hand: a run's hand, or (run null) one that holds the current pose. */
    public record Hand(String name, LoadedRun run) {
        public Hand {
            Objects.requireNonNull(name);
        }

        public static Hand of(String name, LoadedRun run) {
            return new Hand(name, Objects.requireNonNull(run));
        }

        public static Hand holdsPose() {
            return new Hand(NONE, null);
        }
    }

    /** A gaze and the hands scored under it (in DemoEyeGym); for visual search the hands are ignored. */
    public record Regime(Gaze gaze, List<Hand> hands) {
        public Regime {
            hands = List.copyOf(hands);
        }
    }
}
