package dev.saccade.eval.metrics;

/**
 * One eye step of an evaluated episode: what the eye did, how well the hand predicted, and the
 * ground truth the metrics need. Angles are radians between the gaze axis and an annotated direction;
 * NaN where a value is undefined (no hand prediction, no annotations, no action after the last step).
 *
 * @param searching      true during the search phase (video paused)
 * @param yaw            gaze yaw when the observation was taken
 * @param pitch          gaze pitch when the observation was taken
 * @param actionStepDeg  the size of the eye action taken from this observation (0 for stay, else 1, 3 or 10; NaN after the last)
 * @param handErrorM     one-sided Chamfer distance (m) of the hand's chunk from the demonstrated one
 * @param endpointErrorM distance (m) between the chunk's last predicted and demonstrated tool0 points
 * @param bcL1           the hand's normalised L1 error on this step's chunk (as the BC loss)
 * @param objectAngle    gaze to the manipulated object
 * @param targetAngle    gaze to the place target
 * @param gripperAngle   gaze to the gripper
 * @param objectInFovea  the object is inside the fovea's field of view
 * @param targetInFovea  the target is inside the fovea's field of view
 * @param gripperClosed  the gripper holds the object (phase: transport/place)
 * @param armMoving      the arm moves at this step (tool0 speed above a threshold)
 */
public record StepRecord(boolean searching, double yaw, double pitch, double actionStepDeg,
                         double handErrorM, double endpointErrorM, double bcL1,
                         double objectAngle, double targetAngle, double gripperAngle,
                         boolean objectInFovea, boolean targetInFovea,
                         boolean gripperClosed, boolean armMoving) {

    /** Whether the object that matters in this phase is in the fovea: the object while open, the target while closed. */
    public boolean relevantInFovea() {
        return gripperClosed ? targetInFovea : objectInFovea;
    }

    /** Angle from the gaze to the phase's relevant thing (object while open, target while closed); NaN without annotations. */
    public double relevantAngle() {
        return gripperClosed ? targetAngle : objectAngle;
    }

    /** True if the step carries ground-truth directions (a synthetic or annotated episode). */
    public boolean annotated() {
        return Double.isFinite(objectAngle) && Double.isFinite(targetAngle);
    }
}
