package dev.saccade.learn.train;

import dev.saccade.learn.nn.Rng;
import java.util.List;

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
     * DAgger's roll-in mixing while training: each active row's action at slot {@code t} becomes the
     * teacher's, with the teacher's current share, so the eye also visits the states the teacher leads
     * to (on the object, where it must learn to hold still). Such steps are left out of PPO (the eye
     * did not choose them) and kept for imitation and BC. Draws from {@code rng} only for rows the
     * teacher has an action for, and only while its share is above 0.
     */
    default void rollIn(Rollout r, int t, boolean[] done, List<EnvStep> obs, int[] actions, long envSteps, Rng rng) {
        double share = rollInShare(envSteps);
        if (share <= 0) {
            return;
        }
        for (int e = 0; e < actions.length; e++) {
            int action = action(obs.get(e));
            if (!done[e] && action >= 0 && rng.nextDouble() < share) {
                actions[e] = action;
                r.actions[r.act(e, t)] = action;
                r.expertDriven[r.act(e, t)] = true;
            }
        }
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
            case ORACLE, HINDSIGHT -> new GymLabelTeacher(settings);
            case HAND_SCORED -> new HandScoredTeacher(settings);
        };
    }
}
