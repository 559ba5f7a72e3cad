package dev.saccade.learn.train;

import dev.saccade.learn.nn.Rng;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The order of one update's minibatch steps. The eye's {@code epochs × minibatches} steps split the
 * rollout's rows (reshuffled every epoch); the hand's {@code ⌈bcEpochs · samples / bcMinibatch⌉}
 * steps draw observation slots from a deck reshuffled whenever it runs out. Both are spread evenly
 * over the update (Bresenham), so a step may hold an eye minibatch, a hand minibatch, or both.
 * Approx-KL above its target ends the eye's epochs early; the hand's steps go on.
 */
final class UpdatePlan {
    /** One step: the rows of the eye's minibatch and the slots of the hand's (either may be null). */
    record Step(int[] envs, int[] slots) {}

    private final Rng rng;
    private final int rows;
    private final int perBatch;
    private final int eyePerEpoch;
    private final int[] envOrder;
    private final int[] bcOrder;
    private final int bcMinibatch;
    private final int bcSteps;
    private final int total;
    private int eyeSteps;
    private int eyeDone;
    private int bcDone;
    private int bcNext;
    private int epochsRun;
    private double epochKl;
    private int i;

    /** A plan over {@code rows} rows ({@code eye}: with the eye's steps) and the BC slots {@code bcSlots}; shuffles with {@code rng}. */
    UpdatePlan(int rows, boolean eye, BcRlConfig.PpoSettings ppo, int[] bcSlots, BcRlConfig.BcSettings bc, Rng rng) {
        this.rng = rng;
        this.rows = rows;
        this.perBatch = (rows + ppo.minibatches() - 1) / ppo.minibatches();
        this.eyePerEpoch = (rows + perBatch - 1) / perBatch;
        this.eyeSteps = eye ? ppo.epochs() * eyePerEpoch : 0;
        this.envOrder = IntStream.range(0, rows).toArray();
        this.bcOrder = bcSlots.clone();
        this.bcMinibatch = bc.minibatch();
        this.bcSteps = bcSlots.length == 0 ? 0 : (int) Math.ceil(bc.epochs() * bcSlots.length / bc.minibatch());
        this.total = Math.max(eyeSteps, bcSteps);
        this.bcNext = bcOrder.length;
    }

    /** The next step, or null when the update is over. */
    Step next() {
        for (; i < total; i++) {
            boolean eye = eyeDone < eyeSteps && (long) (i + 1) * eyeSteps / total > eyeDone;
            boolean bc = bcDone < bcSteps && (long) (i + 1) * bcSteps / total > bcDone;
            if (!eye && !bc) {
                continue;
            }
            i++;
            return new Step(eye ? eyeRows() : null, bc ? handSlots() : null);
        }
        return null;
    }

    private int[] eyeRows() {
        int k = eyeDone % eyePerEpoch;
        if (k == 0) {
            shuffle(envOrder);
        }
        return Arrays.copyOfRange(envOrder, k * perBatch, Math.min(rows, (k + 1) * perBatch));
    }

    private int[] handSlots() {
        int[] slots = new int[Math.min(bcMinibatch, bcOrder.length)];
        for (int j = 0; j < slots.length; j++) {
            if (bcNext == bcOrder.length) {
                shuffle(bcOrder);
                bcNext = 0;
            }
            slots[j] = bcOrder[bcNext++];
        }
        return slots;
    }

    /** Records a finished eye step and its approx-KL; an epoch over {@code targetKl} (if > 0) ends the eye's steps. */
    void eyeStepDone(double approxKl, double targetKl) {
        epochKl = Math.max(epochKl, approxKl);
        eyeDone++;
        if (eyeDone % eyePerEpoch == 0) {
            epochsRun++;
            if (targetKl > 0 && epochKl > targetKl) {
                eyeSteps = eyeDone;
            }
            epochKl = 0;
        }
    }

    /** Records a finished hand step. */
    void handStepDone() {
        bcDone++;
    }

    int epochsRun() {
        return epochsRun;
    }

    int handSteps() {
        return bcDone;
    }

    /** Fisher–Yates with the trainer's random stream. */
    private void shuffle(int[] a) {
        for (int k = a.length - 1; k > 0; k--) {
            int j = rng.nextInt(k + 1);
            int tmp = a[k];
            a[k] = a[j];
            a[j] = tmp;
        }
    }
}
