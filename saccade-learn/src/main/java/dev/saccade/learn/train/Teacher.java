package dev.saccade.learn.train;

/**
 * An extra learning signal for the eye besides PPO on the hand's reward: labels over its 25 actions
 * in the states it visits (imitated with a weight), and roll-ins, steps whose action the teacher
 * takes instead of the eye so the eye also sees the states the teacher leads to (DAgger). BC-RL
 * calls it at fixed points of every iteration; a teacher never changes the loop.
 *
 * <p>Labels arrive with the rollout ({@link EnvStep#expertAction()}, {@link EnvStep#expertPolicy()}):
 * the gym's expert-label wrapper writes them, or {@link #label} after collection.
 */
public interface Teacher {
    /** No teacher: PPO alone, the original's eye. */
    Teacher NONE = new Teacher() {
        @Override
        public double weight(long envSteps) {
            return 0;
        }

        @Override
        public double rollInShare(long envSteps) {
            return 0;
        }
    };

    /** The imitation loss's weight after {@code envSteps} (0: no imitation now). */
    double weight(long envSteps);

    /** The probability that a training step's action is the teacher's after {@code envSteps} (0: the eye's own). */
    double rollInShare(long envSteps);

    /** The teacher's action from an observation of the rollout, or −1 if it has none there (no roll-in then). */
    default int action(EnvStep step) {
        return step.expertAction();
    }

    /**
     * Labels a collected rollout before it is learned from (a teacher that scores the eye's
     * alternatives with the hand writes its labels here); labels that came with the rollout stay.
     */
    default void label(Rollout rollout, HandScorer hand) {}

    /** The teacher the settings name. */
    static Teacher of(BcRlConfig.TeacherSettings settings) {
        return switch (settings.kind()) {
            case NONE -> NONE;
            case ORACLE -> new OracleTeacher(settings);
        };
    }
}
