package dev.saccade.learn.train;

/**
 * A teacher whose labels the gym writes as it steps ({@code EyeInfo.EXPERT_ACTION}): kinematic
 * hindsight ({@code HindsightLabels}, annotation-free) or the scripted oracle ({@code ExpertLabels},
 * an upper-bound ablation that reads the annotations). Labels are imitated and drive roll-ins; the
 * imitation weight and roll-in share decay linearly to 0 over {@code decayEnvSteps} (0: constant).
 */
final class GymLabelTeacher implements Teacher {
    private final BcRlConfig.TeacherSettings settings;

    GymLabelTeacher(BcRlConfig.TeacherSettings settings) {
        this.settings = settings;
    }

    @Override
    public double weight(long envSteps) {
        return settings.coef() * decay(envSteps);
    }

    @Override
    public double rollInShare(long envSteps) {
        return settings.rollInShare() * decay(envSteps);
    }

    private double decay(long envSteps) {
        long over = settings.decayEnvSteps();
        return over <= 0 ? 1 : Math.max(0, 1 - envSteps / (double) over);
    }
}
