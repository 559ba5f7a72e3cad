package dev.saccade.gym.demo;

/**
 * Thrown when code reads ground truth from a demonstration whose annotations are withheld from
 * training ({@link WithoutAnnotations}): ground truth is for evaluation and labelled oracle
 * ablations only (DESIGN.md §4). The message names what was read and from which episode.
 */
public final class AnnotationsWithheldException extends IllegalStateException {
    public AnnotationsWithheldException(int episode, String what) {
        super("ground truth is for evaluation only: training read " + what + " of episode " + episode
                + ", whose annotations are withheld (ask for an oracle ablation explicitly to use them)");
    }

    /** Thrown by a wrapper or policy that needs ground truth the gym does not give in training. */
    public AnnotationsWithheldException(String what) {
        super("ground truth is for evaluation only: " + what + " reads the annotations, which training withholds"
                + " (ask for an oracle ablation explicitly to use them)");
    }
}
