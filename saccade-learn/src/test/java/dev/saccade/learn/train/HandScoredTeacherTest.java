package dev.saccade.learn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.saccade.core.InputException;
import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.demo.WithoutAnnotations;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.vector.VectorEnv;
import dev.saccade.gym.wrappers.CandidateViews;
import dev.saccade.learn.nn.Rng;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.sphere.render.MipChain;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The annotation-free teacher: candidate gazes scored by the hand's error on the demonstration. */
class HandScoredTeacherTest {
    private static final ToyDemonstrations TOY = ToyDemonstrations.generate(3, 32, 4);

    @Test
    void labelIsTheArgminOfHandMadeErrors() {
        int[] actions = {0, 1, 2, 3, 4};
        double[] errors = {0.050, 0.031, 0.080, Double.NaN, 0.031};
        float[] hard = HandScoredTeacher.label(actions, errors, 25, 0, 0);
        float[] expected = new float[25];
        expected[1] = 1f; // the smallest error; of two equal, the first candidate
        assertArrayEquals(expected, hard);

        int[] sparse = {0, 5, 17};
        float[] picked = HandScoredTeacher.label(sparse, new double[] {0.2, 0.1, 0.3}, 25, 0, 0);
        assertEquals(1f, picked[5]);
        assertEquals(1f, sumOf(picked));

        // softmin with 1 cm: weights exp(−(e − best)/0.01) over the candidates, nothing elsewhere
        float[] soft = HandScoredTeacher.label(sparse, new double[] {0.12, 0.10, 0.13}, 25, 0.01, 0);
        double w0 = Math.exp(-2);
        double w2 = Math.exp(-3);
        double z = 1 + w0 + w2;
        assertEquals(1 / z, soft[5], 1e-6);
        assertEquals(w0 / z, soft[0], 1e-6);
        assertEquals(w2 / z, soft[17], 1e-6);
        assertEquals(0f, soft[1]);

        assertNull(HandScoredTeacher.label(sparse, new double[] {0.100, 0.101, 0.102}, 25, 0, 0.005), "a spread of 2 mm is below 5 mm: no label");
        assertNull(HandScoredTeacher.label(sparse, new double[] {Double.NaN, Double.NaN, Double.NaN}, 25, 0, 0), "nothing demonstrated");
    }

    @Test
    void teacherLabelsEqualTheArgminOfTheHandsScoredErrorsOnARollout() {
        PolicyConfig pc = TrainingWithoutAnnotationsTest.policy();
        BcRlConfig cfg = TrainingWithoutAnnotationsTest.small()
                .withTeacher(BcRlConfig.TeacherSettings.handScored(1.0, 0, 1, BcRlConfig.CandidateSet.COARSE, 0, 0));
        try (NDManager root = NDManager.newBaseManager();
             BcRl trainer = TrainingWithoutAnnotationsTest.trainer(root, pc, cfg)) {
            Rollout r = Rollout.synthetic(pc, 2, 3, 7);
            int per = pc.imageTokens() * pc.encoderDim();
            Rng rng = new Rng(11);
            int[] slots = {r.slot(0, 0), r.slot(0, 2), r.slot(1, 1)};
            int[][] candidateActions = {{0, 3, 7}, {0, 1, 2, 3, 4, 5, 6, 7, 8}, {0, 24}};
            for (int i = 0; i < slots.length; i++) {
                int k = candidateActions[i].length;
                float[] tokens = new float[k * per];
                for (int j = 0; j < tokens.length; j++) {
                    tokens[j] = (float) rng.nextGaussian();
                }
                System.arraycopy(r.tokens, slots[i] * per, tokens, 0, per); // candidate 0 (stay) sees what the slot saw
                float[] gaze = new float[2 * k];
                for (int j = 0; j < k; j++) {
                    gaze[2 * j] = (float) (0.2 * j - 0.5);
                    gaze[2 * j + 1] = (float) (0.05 * j);
                }
                gaze[0] = r.gaze[2 * slots[i]];
                gaze[1] = r.gaze[2 * slots[i] + 1];
                r.candidates[slots[i]] = new Rollout.CandidateTokens(candidateActions[i], gaze, tokens);
            }
            int[] labelled = r.candidateSlots();
            Arrays.sort(labelled);
            int[] sorted = slots.clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, labelled);
            double[][] errors = trainer.hand().candidateErrors(r, slots);
            double[] own = trainer.hand().errors(r, slots);
            Arrays.fill(r.expertAction, -1);
            Teacher.of(cfg.teacher()).label(r, trainer.hand());
            for (int i = 0; i < slots.length; i++) {
                assertEquals(own[i], errors[i][0], 1e-4, "the candidate that is the slot's own view scores as the slot");
                int best = 0;
                for (int k = 1; k < errors[i].length; k++) {
                    best = errors[i][k] < errors[i][best] ? k : best;
                }
                assertEquals(candidateActions[i][best], r.expertAction[slots[i]], "slot " + slots[i] + ": errors " + Arrays.toString(errors[i]));
                assertEquals(1f, r.expertPolicy[slots[i] * 25 + candidateActions[i][best]]);
                assertEquals(1f, sumOf(Arrays.copyOfRange(r.expertPolicy, slots[i] * 25, slots[i] * 25 + 25)), 1e-6);
            }
            assertEquals(-1, r.expertAction[r.slot(1, 0)], "no candidates, no label");
        }
    }

    @Test
    void aTinyRunWithTheHandScoredTeacherExecutesOnStrippedDemonstrations() {
        PolicyConfig pc = TrainingWithoutAnnotationsTest.policy();
        int every = 2;
        BcRlConfig cfg = TrainingWithoutAnnotationsTest.small()
                .withTeacher(BcRlConfig.TeacherSettings.handScored(1.0, 0, every, BcRlConfig.CandidateSet.COARSE, 0.5, 0));
        assertTrue(cfg.readsAnnotations().isEmpty(), "the hand-scored teacher reads no annotation");
        Demonstrations training = TrainingGym.demonstrations(TOY, cfg);
        assertTrue(WithoutAnnotations.withheld(training));
        DemoEyeGym.Config g = TrainingWithoutAnnotationsTest.gym(pc);
        int steps = TrainingWithoutAnnotationsTest.SEARCH + TrainingWithoutAnnotationsTest.ADVANCE;
        try (FrameSupply<MipChain> frames = EyeCamera.supply(training, 64L << 20, 0);
             VectorEnv<EyeObservation, Integer> envs = VectorEnv.of(2, 1,
                     i -> TrainingGym.wrap(new DemoEyeGym(frames, g, Optional.empty()), cfg, null, g.limits()));
             NDManager root = NDManager.newBaseManager();
             BcRl trainer = TrainingWithoutAnnotationsTest.trainer(root, pc, cfg)) {
            GymSource source = new GymSource(envs, pc.chunk(), pc.joints());
            Rollout r = trainer.collect(source);
            int[] slots = r.candidateSlots();
            assertEquals(2 * ((steps + every - 1) / every), slots.length, "steps 0, 2, 4 of each row offer candidates");
            for (int s : slots) {
                assertEquals(CandidateViews.COARSE.length, r.candidates[s].size());
            }
            Teacher.of(cfg.teacher()).label(r, trainer.hand());
            for (int s : slots) {
                int a = r.expertAction[s];
                assertTrue(a >= 0 && a <= 8, "a coarse candidate is the label: " + a);
                assertEquals(1f, sumOf(Arrays.copyOfRange(r.expertPolicy, s * 25, s * 25 + 25)), 1e-5);
            }
            IterationStats s = trainer.iterate(source);
            assertTrue(Double.isFinite(s.expertAgreement()), "labelled steps are compared with the eye's actions");
            assertTrue(Double.isFinite(s.update().bcLoss()));
            assertEquals(1.0, s.imitationCoef());
        }
    }

    @Test
    void handScoredSettingsAreChecked() {
        assertThrows(InputException.class, () -> new BcRlConfig.TeacherSettings(BcRlConfig.TeacherKind.HAND_SCORED, 1, 0, 0.5, 0, 4,
                BcRlConfig.CandidateSet.COARSE, 0, 0), "no roll-ins: labels come after collection");
        assertThrows(InputException.class, () -> BcRlConfig.TeacherSettings.handScored(1, 0, 0, BcRlConfig.CandidateSet.ALL, 0, 0));
        assertThrows(InputException.class, () -> BcRlConfig.TeacherSettings.handScored(1, 0, 4, BcRlConfig.CandidateSet.ALL, -1, 0));
    }

    private static float sumOf(float[] v) {
        float s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }
}
