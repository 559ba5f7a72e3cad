package dev.saccade.learn.train;

/**
 * The scripted oracle as the eye's teacher: an upper-bound ablation, since its labels read the
 * annotations (the gym's expert-label wrapper computes them from {@code EyeInfo.RELEVANT}). Its
 * imitation weight and roll-in share decay linearly to 0 over {@code decayEnvSteps} (0: constant).
 */
final class OracleTeacher implements Teacher {
    private final BcRlConfig.TeacherSettings settings;

    OracleTeacher(BcRlConfig.TeacherSettings settings) {
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
