package dev.saccade.learn.train;

import java.util.List;

/**
 * Where rollouts come from: {@code envs()} parallel episodes driven by the eye's actions. The gym's
 * vector environment plugs in through an adapter; tests use small generated worlds.
 *
 * <p>Contract: {@link #reset} starts a fresh episode in every env (the trainer starts every
 * iteration from reset, as the original draws a new demonstration per env per iteration). An env
 * whose last observation was {@link EnvStep#done() done} receives action −1 and must return a done
 * step again.
 */
public interface RolloutSource {
    int envs();

    /** Fresh episodes; the same seed gives the same episodes. */
    List<EnvStep> reset(long seed);

    /** One eye action per env (−1 for finished envs); the next observations. */
    List<EnvStep> step(int[] actions);
}
