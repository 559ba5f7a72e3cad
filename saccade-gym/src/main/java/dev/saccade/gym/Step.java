package dev.saccade.gym;

/**
 * What {@link Env#step} returns, after Gymnasium: the next observation, the reward for the action,
 * whether the episode ended for good ({@code terminated}) or was cut short ({@code truncated}),
 * and ground truth for evaluation ({@code info}).
 */
public record Step<O>(O observation, double reward, boolean terminated, boolean truncated, Info info) {

    /** True if the episode is over, for either reason. */
    public boolean done() {
        return terminated || truncated;
    }
}
