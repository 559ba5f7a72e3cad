package dev.saccade.eval.play;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.learn.policy.EyeMemory;
import dev.saccade.learn.policy.Observation;
import dev.saccade.learn.policy.Policy;
import dev.saccade.learn.train.Checkpoint;
import dev.saccade.sphere.Gaze;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyBatchTest {
    @TempDir Path dir;

    private static EyeObservation random(SplittableRandom r) {
        float[] pyramid = new float[TinyRuns.config().pyramidFloats()];
        for (int i = 0; i < pyramid.length; i++) {
            pyramid[i] = (float) r.nextDouble();
        }
        float[] proprio = new float[7];
        for (int j = 0; j < 7; j++) {
            proprio[j] = (float) (r.nextDouble() * 2 - 1);
        }
        return new EyeObservation(pyramid, new Gaze(r.nextDouble() - 0.5, r.nextDouble() - 0.5), proprio, r.nextInt(5));
    }

    @Test
    void batchedEpisodesEqualOneCallPerEpisodeAndStep() throws Exception {
        Path run = TinyRuns.save(dir.resolve("run"), 3);
        SplittableRandom r = new SplittableRandom(9);
        int episodes = 3;
        int steps = 5; // past the eye's window of 4: the memory's oldest step drops out
        List<List<EyeObservation>> obs = new ArrayList<>();
        for (int e = 0; e < episodes; e++) {
            List<EyeObservation> ep = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                ep.add(random(r));
            }
            obs.add(ep);
        }
        try (NDManager root = NDManager.newBaseManager();
             LoadedRun loaded = LoadedRun.load("tiny", run, root)) {
            PolicyBatch batch = new PolicyBatch(loaded);
            List<Policy> single = new ArrayList<>();
            for (int e = 0; e <= episodes; e++) {
                Policy p = Checkpoint.loadPolicy(Checkpoint.latest(run), root, 1);
                p.reset();
                single.add(p);
            }
            try (EyeMemory memory = batch.newMemory(episodes)) {
                for (int t = 0; t < steps; t++) {
                    List<EyeObservation> now = new ArrayList<>();
                    for (int e = 0; e < episodes; e++) {
                        now.add(obs.get(e).get(t));
                    }
                    EyeObservation handOnly = random(r); // beyond the eye's episodes: the hand alone sees it
                    now.add(handOnly);
                    PolicyBatch.Out out = batch.act(now, memory, new int[] {t, t, t}, true);
                    int a = 25;
                    int cj = 30 * 7;
                    for (int e = 0; e < episodes; e++) {
                        EyeObservation o = now.get(e);
                        Policy.Decision d = single.get(e).act(new Observation(o.pyramid(), o.gaze().yaw(), o.gaze().pitch(), o.proprio(), o.task()), true);
                        float[] probs = java.util.Arrays.copyOfRange(out.eyeProbs(), e * a, (e + 1) * a);
                        assertArrayEquals(d.eyeProbs(), probs, 2e-5f, "eye, episode " + e + " step " + t);
                        assertArrayEquals(d.actionChunk(), java.util.Arrays.copyOfRange(out.absoluteChunks(), e * cj, (e + 1) * cj), 2e-4f,
                                "hand, episode " + e + " step " + t);
                        assertEquals(Policy.likeliest(d.eyeProbs()), DemoEvaluation.choose(probs, true, null));
                    }
                    assertEquals(episodes * a, out.eyeProbs().length, "the eye ran on its episodes only");
                    Policy fresh = single.get(episodes); // its own policy: the hand does not depend on the eye's history
                    float[] expected = fresh.act(new Observation(handOnly.pyramid(), handOnly.gaze().yaw(), handOnly.gaze().pitch(),
                            handOnly.proprio(), handOnly.task()), true).actionChunk();
                    assertArrayEquals(expected, java.util.Arrays.copyOfRange(out.absoluteChunks(), episodes * cj, (episodes + 1) * cj), 2e-4f);
                }
            } finally {
                single.forEach(Policy::close);
            }
        }
    }
}
