package dev.saccade.runtime.eval;

import dev.saccade.gym.eye.GazeLimits;
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

/**
 * The closed-loop regimes by name: {@code learned} (the policy's eye and hand), {@code random},
 * {@code fixed} and {@code oracle} (the gym's baseline eyes over the policy's co-trained hand), and
 * {@code expert} (the scripted expert: the ceiling, no policy).
 */
public final class Regimes {
    /** Every regime name, in report order. */
    public static final List<String> NAMES = List.of("learned", "random", "fixed", "oracle", "expert");

    private Regimes() {}

    /** Whether {@code name} needs a trained policy. */
    public static boolean needsPolicy(String name) {
        return !name.equals("expert");
    }

    /** The regime {@code name}; {@code policy} may be null for {@code expert}. */
    public static ClosedLoopEvaluation.Regime of(String name, Policy policy, GazeLimits limits) {
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
        PolicyAgent hand = new PolicyAgent(policy, true, "learned");
        return switch (n) {
            case "learned" -> new ClosedLoopEvaluation.Regime("learned", "co-trained", spec, w -> hand);
            case "random" -> new ClosedLoopEvaluation.Regime("random", "co-trained", spec, w -> new BaselineEye(hand, new RandomGaze()));
            case "fixed" -> new ClosedLoopEvaluation.Regime("fixed", "co-trained", spec, w -> new BaselineEye(hand, new FixedGaze()));
            default -> new ClosedLoopEvaluation.Regime("oracle", "co-trained", spec, w -> new BaselineEye(hand, new OracleGaze(limits)));
        };
    }
}
