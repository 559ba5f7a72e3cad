package dev.saccade.learn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.saccade.core.InputException;
import dev.saccade.learn.bench.TrainBenchmark;
import dev.saccade.learn.encoder.ConvPatchEncoder;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.gym.reward.HandReward;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BcRlTest {
    private static NDManager root;

    @BeforeAll
    static void open() {
        root = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        root.close();
    }

    /** A small model on 2 levels of 16 px (4×4 tokens each). */
    static PolicyConfig smallPolicy() {
        return new PolicyConfig(2, 16, List.of(30.0, 90.0), 16, 16,
                32, 2, 1, 1, 2,
                4, 5, 7, 25, 5,
                1000, List.of(4, 6, 6), 32, 32);
    }

    /**
     * The original's settings, sized for seconds of CPU: learning rates 5e-3 (hand) and 2e-3 (eye), no
     * warm-up, few epochs; the hand gets as many epochs as the eye, in minibatches of a quarter of the rollout.
     */
    static BcRlConfig smallRun(long seed, int envs, int steps, long total, int epochs, double targetKl) {
        return BcRlConfig.defaults()
                .withRun(r -> new BcRlConfig.RunSettings(seed, envs, steps, total, 0))
                .withPpo(p -> p.withEpochs(epochs).withMinibatches(2).withTargetKl(targetKl))
                .withBc(b -> b.withEpochs(epochs).withMinibatch(Math.max(1, envs * steps / 4)))
                .withOptimiser(o -> o.withLearningRates(5e-3, 2e-3))
                .withSchedule(s -> s.withWarmupFraction(0));
    }

    static BcRl trainer(NDManager root, BcRlConfig cfg) {
        PolicyConfig pc = smallPolicy();
        return new BcRl(cfg, pc, LookWorld.stats(),
                new ConvPatchEncoder(new ConvPatchEncoder.Config(16, 4, 16), root, 1), HandReward.CHAMFER, root);
    }

    private static PolicyEvaluation evaluate(BcRl t, LookWorld world) {
        double reward = 0;
        double bc = 0;
        int episodes = 6;
        for (long seed = 1001; seed < 1001 + episodes; seed++) {
            PolicyEvaluation e = PolicyEvaluation.of(t, world, seed, false);
            reward += e.meanReward() / episodes;
            bc += e.bcLoss() / episodes;
        }
        return new PolicyEvaluation(reward, bc, 0);
    }

    /**
     * Seconds of BC-RL lower the hand's losses and its error on held-out episodes. Floating-point
     * results differ between CPUs, so runs drift apart, and now and then a hand sits on a plateau for
     * tens of iterations: the bounds are ones that every run of seeds 1 to 10, on AVX-512 and on AVX2
     * kernels, met with room (held-out BC at most 0.75 of its start, hand error at most 0.89, median
     * value loss at most 0.63), while a run that learns nothing stays near 1 on all three.
     */
    @Test
    void shortRunLowersTheHandAndValueLossesAndTheHandError() {
        // Every epoch runs (no approx-KL stop) so the hand gets a fixed number of BC steps.
        int iterations = 40;
        BcRlConfig cfg = smallRun(3, 16, 4, 16L * 4 * iterations, 4, 0);
        try (BcRl t = trainer(root, cfg)) {
            LookWorld world = new LookWorld(t.policy().config(), 16, 4);
            PolicyEvaluation before = evaluate(t, world);
            long t0 = System.nanoTime();
            double[] valueLoss = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                UpdateStats u = t.iterate(world).update();
                valueLoss[i] = u.valueLoss();
                if (Boolean.getBoolean("verbose")) {
                    System.out.printf("it %d bc %.4f v %.4f pg %.4f ent %.3f kl %.4f norms %s%n", i, u.bcLoss(), u.valueLoss(),
                            u.policyLoss(), u.entropy(), u.approxKl(), u.gradNorms());
                }
            }
            PolicyEvaluation after = evaluate(t, world);
            // Medians: one iteration's value loss can spike when the eye's gaze shifts.
            double firstValueLoss = TrainBenchmark.percentile(Arrays.copyOfRange(valueLoss, 0, 5), 50);
            double lastValueLoss = TrainBenchmark.percentile(Arrays.copyOfRange(valueLoss, iterations - 5, iterations), 50);
            System.out.printf("train %.1fs: bc %.3f -> %.3f, reward %.4f -> %.4f, value loss %.4f -> %.4f%n",
                    (System.nanoTime() - t0) / 1e9, before.bcLoss(), after.bcLoss(), before.meanReward(), after.meanReward(),
                    firstValueLoss, lastValueLoss);
            assertTrue(t.finished());
            assertTrue(after.bcLoss() < before.bcLoss() * 0.85, "held-out BC loss should fall by 15 %: " + before + " -> " + after);
            assertTrue(after.meanReward() > before.meanReward() * 0.95, "the hand's Chamfer error should fall by 5 %: " + before + " -> " + after);
            assertTrue(lastValueLoss < firstValueLoss * 0.75, "value loss should fall by 25 %: " + firstValueLoss + " -> " + lastValueLoss);
        }
    }

    @Test
    void ppoUpdatesRaiseTheProbabilityOfRewardedActions() {
        int stay = 24;
        BcRlConfig cfg = smallRun(5, 4, 12, 100_000, 4, 0.02);
        try (BcRl t = trainer(root, cfg)) {
            LookWorld world = new LookWorld(t.policy().config(), 4, 12);
            double first = 0;
            double last = 0;
            for (int i = 0; i < 20; i++) {
                Rollout r = t.collect(world);
                int chosen = 0;
                for (int e = 0; e < r.envs(); e++) {
                    for (int s = 0; s < r.length(e); s++) {
                        boolean isStay = r.action(e, s) == stay;
                        r.rewards[r.act(e, s)] = isStay ? 1f : 0f; // a reward only "stay" earns
                        chosen += isStay ? 1 : 0;
                    }
                }
                double share = chosen / (double) r.validSteps();
                if (i == 0) {
                    first = share;
                }
                last = share;
                t.computeAdvantages(r);
                t.update(r);
            }
            System.out.printf("share of 'stay': %.3f -> %.3f%n", first, last);
            assertTrue(first < 0.15, "an untrained eye is near uniform: " + first);
            assertTrue(last > 0.5, "PPO should make the rewarded action the usual one: " + last);
        }
    }

    /**
     * PPO alone learns a choice that depends on what the eye sees: rewarded for each degree a step
     * brings the gaze nearer the disc, the eye's steps come to approach it far more often than a
     * uniform eye's do. (The constant-action test above cannot fail on rewards paired with the
     * wrong observation; this one can.)
     */
    @Test
    void ppoAloneLearnsToStepTowardWhatItSees() {
        // The reward is immediate, so a near-myopic return (γ 0.01) gives each step its own credit;
        // with γ 0.99 the same run learns too, more slowly and less evenly across seeds.
        // Floating-point results differ between CPUs, so runs drift apart. At these settings every run
        // of seeds 1 to 8, on AVX-512 and on AVX2 kernels, gained 0.12 to 0.35; an eye that learns
        // nothing gains 0 ± 0.03 (1 s.d. over 960 steps a window). At 8 envs, eye lr 2e-3 and 60
        // updates, one seed lost ground and CI's machine gained only 0.085 on the seed used here;
        // at 2e-3 with 16 envs, one run in 16 collapsed.
        int envs = 16;
        BcRlConfig cfg = smallRun(7, envs, 12, 1_000_000, 4, 0.0).withPpo(p -> p.withEntropy(0.003, 0.003).withGamma(0.01))
                .withBc(b -> b.withCoef(0)).withOptimiser(o -> o.withLearningRates(5e-3, 1e-3));
        try (BcRl t = trainer(root, cfg)) {
            LookWorld world = new LookWorld(t.policy().config(), envs, 12);
            double first = 0;
            double last = 0;
            int iterations = 60;
            for (int i = 0; i < iterations; i++) {
                Rollout r = t.collect(world);
                int nearer = 0;
                for (int e = 0; e < r.envs(); e++) {
                    double[] disc = world.disc(e);
                    for (int s = 0; s < r.length(e); s++) {
                        double before = angleTo(r, r.slot(e, s), disc);
                        double after = angleTo(r, r.slot(e, s + 1), disc);
                        r.rewards[r.act(e, s)] = (float) ((before - after) / 10);
                        nearer += after < before - 1e-6 ? 1 : 0;
                    }
                }
                double share = nearer / (double) r.validSteps();
                if (i < 5) {
                    first += share / 5;
                }
                if (i >= iterations - 5) {
                    last += share / 5;
                }
                t.computeAdvantages(r);
                t.update(r);
            }
            System.out.printf("steps toward the disc: %.3f -> %.3f%n", first, last);
            assertTrue(last > first + 0.08, "PPO should learn to step toward the disc it sees: " + first + " -> " + last);
        }
    }

    private static double angleTo(Rollout r, int slot, double[] disc) {
        return Math.hypot(Math.toDegrees(r.gaze[2 * slot]) - disc[0], Math.toDegrees(r.gaze[2 * slot + 1]) - disc[1]);
    }

    @Test
    void imitationMakesTheOraclesActionsTheEyesOwnAndDecaysAway() {
        // A large imitation weight and no reward: only the imitation loss moves the eye.
        int iterations = 30;
        BcRlConfig cfg = smallRun(7, 8, 12, 8L * 12 * iterations, 4, 0).withTeacher(BcRlConfig.TeacherSettings.oracle(5.0, 0, 0, 0))
                .withPpo(p -> p.withEntropy(0, 0)).withBc(b -> b.withCoef(0));
        try (BcRl t = trainer(root, cfg)) {
            LookWorld world = new LookWorld(t.policy().config(), 8, 12, true);
            double first = Double.NaN;
            double last = Double.NaN;
            double firstLoss = Double.NaN;
            double lastLoss = Double.NaN;
            for (int i = 0; i < iterations; i++) {
                IterationStats s = t.iterate(world);
                if (i == 0) {
                    first = s.expertAgreement();
                    firstLoss = s.update().imitationLoss();
                }
                last = s.expertAgreement();
                lastLoss = s.update().imitationLoss();
            }
            System.out.printf("agreement with the expert %.3f -> %.3f, imitation loss %.3f -> %.3f%n", first, last, firstLoss, lastLoss);
            assertTrue(first < 0.2, "an untrained eye rarely agrees: " + first);
            assertTrue(last > 2 * first + 0.1, "imitation should make the expert's actions the eye's: " + first + " -> " + last);
            assertTrue(lastLoss < firstLoss - 0.5, "cross-entropy against the expert should fall: " + firstLoss + " -> " + lastLoss);
        }
        BcRlConfig decaying = cfg.withTeacher(cfg.teacher().withDecayEnvSteps(1000));
        assertEquals(5.0, Teacher.of(decaying.teacher()).weight(0), 1e-12);
        assertEquals(2.5, Teacher.of(decaying.teacher()).weight(500), 1e-12);
        assertEquals(0.0, Teacher.of(decaying.teacher()).weight(5000), 1e-12);
        try (BcRl t = trainer(root, smallRun(7, 8, 12, 1000, 1, 0))) {
            IterationStats s = t.iterate(new LookWorld(t.policy().config(), 8, 12, true));
            assertTrue(Double.isNaN(s.update().imitationLoss()), "no imitation loss without a weight");
            assertTrue(Double.isFinite(s.expertAgreement()), "the agreement is logged whenever labels come");
        }
    }

    @Test
    void stepsHandedToTheOracleAreItsActionsAndStayOutOfPpo() {
        BcRlConfig cfg = smallRun(9, 4, 6, 100_000, 1, 0).withTeacher(BcRlConfig.TeacherSettings.oracle(1.0, 0, 1.0, 0));
        try (BcRl t = trainer(root, cfg)) {
            LookWorld world = new LookWorld(t.policy().config(), 4, 6, true);
            Rollout r = t.collect(world);
            for (int e = 0; e < r.envs(); e++) {
                for (int s = 0; s < r.length(e); s++) {
                    assertTrue(r.expertDriven[r.act(e, s)], "every step handed over at share 1");
                    assertEquals(r.expertAction[r.slot(e, s)], r.action(e, s), "the oracle's action was taken");
                }
            }
            assertTrue(Double.isNaN(r.expertAgreement()), "no action of the eye's own to compare");
            t.computeRewards(r);
            t.computeAdvantages(r);
            UpdateStats u = t.update(r);
            assertEquals(0.0, u.policyLoss(), 1e-9, "no PPO on the oracle's steps");
            assertTrue(u.imitationLoss() > 0, "imitation still learns from them");
        }
        BcRlConfig none = cfg.withTeacher(BcRlConfig.TeacherSettings.NONE);
        assertEquals(0.0, Teacher.of(none.teacher()).rollInShare(0), 0);
        assertEquals(0.25, Teacher.of(BcRlConfig.TeacherSettings.oracle(1.0, 1000, 0.5, 0)).rollInShare(500), 1e-12);

        // Roll-ins without imitation: the oracle drives, the hand learns from its views, the eye gets no labels' loss.
        BcRlConfig rollInsOnly = cfg.withTeacher(BcRlConfig.TeacherSettings.oracle(0.0, 100_000, 1.0, 0));
        assertTrue(rollInsOnly.teacher().active() && rollInsOnly.teacher().coef() == 0);
        try (BcRl t = trainer(root, rollInsOnly)) {
            Rollout r = t.collect(new LookWorld(t.policy().config(), 4, 6, true));
            assertTrue(r.expertDriven[r.act(0, 0)], "handed over at share 1 without imitation too");
            t.computeRewards(r);
            t.computeAdvantages(r);
            assertTrue(Double.isNaN(t.update(r).imitationLoss()), "no imitation loss at weight 0");
        }
        InputException e = assertThrows(InputException.class,
                () -> BcRlConfig.TeacherSettings.oracle(0.0, 0, 0.5, 0));
        assertTrue(e.getMessage().contains("teacher.decayEnvSteps"), e.getMessage());
    }
}
