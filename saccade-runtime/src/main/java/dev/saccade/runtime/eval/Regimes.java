package dev.saccade.runtime.eval;

import dev.saccade.data.Task;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.policy.BestFixedGaze;
import dev.saccade.gym.policy.FixedGaze;
import dev.saccade.gym.policy.OracleGaze;
import dev.saccade.gym.policy.RandomGaze;
import dev.saccade.learn.policy.Policy;
import dev.saccade.runtime.agent.BaselineEye;
import dev.saccade.runtime.agent.ExpertAgent;
import dev.saccade.runtime.agent.PolicyAgent;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The closed-loop regimes by name: {@code learned} (the policy's eye and hand), {@code random},
 * {@code fixed}, {@code best-fixed} and {@code oracle} (the gym's baseline eyes over the policy's
 * hand), and {@code expert} (the scripted expert: the ceiling, no policy). The hand's label in the
 * rows is {@code co-trained} unless told otherwise ({@code own}: the run is the one trained with
 * that baseline eye, such as the demo's random-gaze hand).
 */
public final class Regimes {
    /** Every regime name, in report order. */
    public static final List<String> NAMES = List.of("learned", "random", "fixed", "best-fixed", "oracle", "expert");

    private Regimes() {}

    /** Whether {@code name} needs a trained policy. */
    public static boolean needsPolicy(String name) {
        return !name.equals("expert");
    }

    /** Whether {@code name} needs a best-fixed direction chosen first ({@link BestFixedDirection}). */
    public static boolean needsBestFixed(String name) {
        return name.trim().toLowerCase(Locale.ROOT).equals("best-fixed");
    }

    /** The regime {@code name} with the co-trained hand and no best-fixed directions; see {@link #of(String, Policy, GazeLimits, String, Map)}. */
    public static ClosedLoopEvaluation.Regime of(String name, Policy policy, GazeLimits limits) {
        return of(name, policy, limits, "co-trained", Map.of());
    }

    /**
     * The regime {@code name}; {@code policy} may be null for {@code expert}, {@code hand} labels the
     * policy's hand in the rows, {@code bestFixed} holds the directions for {@code best-fixed}.
     */
    public static ClosedLoopEvaluation.Regime of(String name, Policy policy, GazeLimits limits, String hand,
                                                 Map<Task, BestFixedGaze.Choice> bestFixed) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("expert")) {
            return new ClosedLoopEvaluation.Regime("oracle", "scripted expert", PyramidSpec.defaults(),
                    w -> new ExpertAgent(w.scene().demonstration(), 30, limits));
        }
        if (!NAMES.contains(n)) {
            throw new IllegalArgumentException("unknown regime '" + name + "': use " + String.join(", ", NAMES));
        }
        if (policy == null) {
            throw new IllegalArgumentException("regime " + n + " needs a trained run");
        }
        PyramidSpec spec = PolicyAgent.pyramidOf(policy.config());
        PolicyAgent agent = new PolicyAgent(policy, true, "learned");
        String label = hand;
        return switch (n) {
            case "learned" -> new ClosedLoopEvaluation.Regime("learned", label, spec, w -> agent);
            case "random" -> new ClosedLoopEvaluation.Regime("random", label, spec, w -> new BaselineEye(agent, new RandomGaze()));
            case "fixed" -> new ClosedLoopEvaluation.Regime("fixed", label, spec, w -> new BaselineEye(agent, new FixedGaze()));
            case "best-fixed" -> {
                if (bestFixed.isEmpty()) {
                    throw new IllegalArgumentException("regime best-fixed needs its directions chosen first (BestFixedDirection)");
                }
                BestFixedGaze eye = BestFixedGaze.of(bestFixed, limits);
                yield new ClosedLoopEvaluation.Regime("best-fixed", label, spec, w -> new BaselineEye(agent, eye));
            }
            default -> new ClosedLoopEvaluation.Regime("oracle", label, spec, w -> new BaselineEye(agent, new OracleGaze(limits)));
        };
    }
}
