package dev.saccade.gym.policy;

import dev.saccade.gym.Info;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.GazeLimits;

/**
 * The scripted oracle: saccades to what matters now, {@link EyeInfo#RELEVANT} (in DemoEyeGym the
 * object while the gripper is open and the place target while it is closed; in visual search the
 * search target), greedily with {@link Saccades}, and holds still once that is within
 * {@link #SETTLE_DEG} of the gaze (well inside the 17.3° fovea). Stays put on episodes without
 * annotations.
 */
public final class OracleGaze implements GazePolicy {
    /** How close is close enough: well inside the fovea (±8.65°), half a foveal token's patch (4.3° at 4 × 4 tokens). */
    public static final double SETTLE_DEG = 2.0;

    private final GazeLimits limits;
    private final double settleRad;

    public OracleGaze(GazeLimits limits) {
        this(limits, SETTLE_DEG);
    }

    /** An oracle that stays put within {@code settleDeg} of what matters (0: always the closest step). */
    public OracleGaze(GazeLimits limits, double settleDeg) {
        if (!(settleDeg >= 0)) {
            throw new IllegalArgumentException("settleDeg must be >= 0, got " + settleDeg);
        }
        this.limits = limits;
        this.settleRad = Math.toRadians(settleDeg);
    }

    @Override
    public int act(EyeObservation observation, Info info) {
        EyeInfo.requireGroundTruth(info, "the scripted oracle's gaze");
        return info.find(EyeInfo.RELEVANT)
                .map(d -> Saccades.toward(observation.gaze(), d.yaw(), d.pitch(), limits, settleRad))
                .orElse(EyeActions.STAY);
    }

    @Override
    public String name() {
        return "oracle";
    }
}
