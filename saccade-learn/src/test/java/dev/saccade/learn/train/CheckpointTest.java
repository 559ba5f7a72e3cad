package dev.saccade.learn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.saccade.core.InputException;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.learn.io.HostTensor;
import dev.saccade.learn.io.SafeTensors;
import dev.saccade.learn.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    private static NDManager root;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        root = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        root.close();
    }

    private static BcRlConfig config() {
        return BcRlTest.smallRun(11, 4, 6, 4 * 6 * 5, 2, 0.02);
    }

    private static List<Double> run(BcRl t, LookWorld world, int iterations) {
        List<Double> rewards = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            IterationStats s = t.iterate(world);
            rewards.add(s.meanReward());
            rewards.add(s.update().bcLoss());
        }
        return rewards;
    }

    @Test
    void resumedRunMatchesUninterruptedRun() throws IOException {
        Map<String, HostTensor> straightWeights;
        Map<String, HostTensor> straightMoments;
        List<Double> straightTail;
        try (BcRl a = BcRlTest.trainer(root, config())) {
            LookWorld world = new LookWorld(a.policy().config(), 4, 6);
            run(a, world, 2);
            Checkpoint.save(a, dir);
            straightTail = run(a, world, 3);
            straightWeights = a.model().params().toHost();
            straightMoments = a.optimizer().moments();
        }
        try (BcRl b = Checkpoint.resume(Checkpoint.latest(dir), HandReward.CHAMFER, root)) {
            assertEquals(2, b.iteration());
            LookWorld world = new LookWorld(b.policy().config(), 4, 6);
            List<Double> resumedTail = run(b, world, 3);
            assertEquals(straightTail, resumedTail, "same rewards and losses, iteration by iteration");
            assertEquals(5, b.iteration());
            Map<String, HostTensor> w = b.model().params().toHost();
            for (String name : straightWeights.keySet()) {
                assertArrayEquals(straightWeights.get(name).data(), w.get(name).data(), 1e-6f, name);
            }
            Map<String, HostTensor> m = b.optimizer().moments();
            for (String name : straightMoments.keySet()) {
                assertArrayEquals(straightMoments.get(name).data(), m.get(name).data(), 1e-6f, name);
            }
        }
    }

    @Test
    void aRunCheckpointsEveryNIterationsAndAResumedRunFinishesTheSame() throws IOException {
        BcRlConfig every2 = config().withRun(r -> r.withCheckpointEvery(2));
        Path full = dir.resolve("full");
        List<Long> seen = new ArrayList<>();
        Map<String, HostTensor> finalWeights;
        try (BcRl a = BcRlTest.trainer(root, every2)) {
            a.run(new LookWorld(a.policy().config(), 4, 6), full, null, s -> seen.add(s.iteration()), () -> true);
            finalWeights = a.model().params().toHost();
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seen);
        assertEquals(full.resolve("checkpoints/00000005"), Checkpoint.latest(full));
        assertTrue(Files.isDirectory(full.resolve("checkpoints/00000004")), "the checkpoint of iteration 4 is kept");
        // An interrupted run: resume from iteration 4 and finish.
        try (BcRl b = Checkpoint.resume(full.resolve("checkpoints/00000004"), HandReward.CHAMFER, root)) {
            b.run(new LookWorld(b.policy().config(), 4, 6), dir.resolve("resumed"), null, null, () -> true);
            assertEquals(5, b.iteration());
            Map<String, HostTensor> w = b.model().params().toHost();
            for (String name : finalWeights.keySet()) {
                assertArrayEquals(finalWeights.get(name).data(), w.get(name).data(), 1e-6f, name);
            }
        }
    }

    @Test
    void checkpointHoldsEveryPartAndTheWeightsExportForPython() throws IOException {
        try (BcRl t = BcRlTest.trainer(root, config())) {
            run(t, new LookWorld(t.policy().config(), 4, 6), 1);
            Path cp = Checkpoint.save(t, dir);
            assertEquals("00000001", cp.getFileName().toString());
            for (String f : new String[] {"model.safetensors", "optimizer.safetensors", "encoder.safetensors", "state.json"}) {
                assertTrue(Files.isRegularFile(cp.resolve(f)), f);
            }
            SafeTensors.Contents model = SafeTensors.read(cp.resolve("model.safetensors"));
            assertEquals(t.model().params().toHost(), model.tensors());
            assertTrue(model.metadata().get("saccade.policy").contains("\"width\":32"), model.metadata().toString());
            Checkpoint.State s = Checkpoint.readState(cp);
            assertEquals(t.config(), s.config());
            assertEquals(t.policy().config(), s.policy());
            assertEquals(1, s.iteration());
        }
    }

    @Test
    void olderCheckpointsArePrunedAndLatestPointsAtTheNewest() throws IOException {
        try (BcRl t = BcRlTest.trainer(root, config())) {
            LookWorld world = new LookWorld(t.policy().config(), 4, 6);
            for (int i = 0; i < 4; i++) {
                run(t, world, 1);
                Checkpoint.save(t, dir);
            }
            assertEquals(dir.resolve("checkpoints/00000004"), Checkpoint.latest(dir));
            assertTrue(Files.isDirectory(dir.resolve("checkpoints/00000003")));
            assertTrue(!Files.exists(dir.resolve("checkpoints/00000002")));
        }
    }

    /**
     * A kill between a checkpoint's directory appearing and {@code latest} pointing at it leaves that
     * directory behind, unnamed by {@code latest}. The resume redoes its iteration and must write the
     * checkpoint again, the same, in its place (it was refused as "files Saccade did not write").
     */
    @Test
    void aCheckpointLeftBehindByAKillBeforeLatestPointedAtItIsWrittenAgain() throws IOException {
        Path run = dir.resolve("run");
        Map<String, HostTensor> second;
        try (BcRl a = BcRlTest.trainer(root, config())) {
            LookWorld world = new LookWorld(a.policy().config(), 4, 6);
            run(a, world, 1);
            Checkpoint.save(a, run);
            run(a, world, 1);
            second = a.model().params().toHost();
            Checkpoint.save(a, run);
        }
        // As the kill left it: checkpoints/00000002 complete, latest still naming 00000001, and a half-written temporary.
        Files.writeString(run.resolve("checkpoints/latest"), "00000001\n");
        Files.createDirectories(run.resolve("checkpoints/.00000003.123.tmp"));
        Files.writeString(run.resolve("checkpoints/.00000003.123.tmp/model.safetensors"), "half");
        try (BcRl b = Checkpoint.resume(Checkpoint.latest(run), HandReward.CHAMFER, root)) {
            run(b, new LookWorld(b.policy().config(), 4, 6), 1);
            Path again = Checkpoint.save(b, run);
            assertEquals(run.resolve("checkpoints/00000002"), again);
            assertEquals(again, Checkpoint.latest(run));
            assertEquals(second, SafeTensors.read(again.resolve("model.safetensors")).tensors());
        }
        try (var left = Files.list(run.resolve("checkpoints"))) {
            assertEquals(List.of("00000001", "00000002", "latest"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary left behind");
        }
    }

    @Test
    void eachCheckpointKeepsTheRunRecordAsItWasWhenWritten() throws IOException {
        try (BcRl t = BcRlTest.trainer(root, config())) {
            Path before = Checkpoint.save(t, dir.resolve("no-record"));
            assertTrue(Checkpoint.readRunRecord(before).isEmpty(), "a run without a record: an older run");
            Checkpoint.RunRecord record = new Checkpoint.RunRecord("/data/towels", 0, 0, 48, 512, 256, 0, 2, 1, 2);
            Checkpoint.writeRunRecord(dir, record);
            LookWorld world = new LookWorld(t.policy().config(), 4, 6);
            run(t, world, 1);
            Path first = Checkpoint.save(t, dir);
            Checkpoint.writeRunRecord(dir, record.withSizedEnvSteps(4800)); // chosen after that checkpoint
            assertEquals(record, Checkpoint.readRunRecord(first).orElseThrow(), "the checkpoint's copy is the one it was written with");
            run(t, world, 1);
            Path second = Checkpoint.save(t, dir);
            assertEquals(4800, Checkpoint.readRunRecord(second).orElseThrow().sizedEnvSteps());
            assertEquals("/data/towels", Checkpoint.readRunRecord(dir).orElseThrow().source());

            Files.writeString(dir.resolve(Checkpoint.RUN_RECORD), "{\"dataset\": 3");
            InputException e = assertThrows(InputException.class, () -> Checkpoint.readRunRecord(dir));
            assertTrue(e.userMessage().contains("run.json"), e.userMessage());
        }
    }

    @Test
    void aBrokenCheckpointIsAnInputErrorNamingTheFile() throws IOException {
        try (BcRl t = BcRlTest.trainer(root, config())) {
            Path cp = Checkpoint.save(t, dir);
            Files.writeString(cp.resolve("state.json"), "{ not json");
            InputException e = assertThrows(InputException.class, () -> Checkpoint.resume(cp, HandReward.CHAMFER, root));
            assertTrue(e.userMessage().contains("state.json"), e.userMessage());
        }
        assertThrows(InputException.class, () -> Checkpoint.latest(dir.resolve("nowhere")));
    }

    @Test
    void aCheckpointLoadsAsAPolicyThatActs() throws IOException {
        try (BcRl t = BcRlTest.trainer(root, config())) {
            LookWorld world = new LookWorld(t.policy().config(), 4, 6);
            run(t, world, 1);
            Path cp = Checkpoint.save(t, dir);
            try (Policy p = Checkpoint.loadPolicy(cp, root, 1)) {
                EnvStep first = world.reset(5).get(0);
                Policy.Decision d = p.act(first.observation(), true);
                assertEquals(t.policy().config().chunkFloats(), d.actionChunk().length);
                assertEquals(25, d.eyeProbs().length);
                double sum = 0;
                for (float x : d.eyeProbs()) {
                    sum += x;
                }
                assertEquals(1.0, sum, 1e-5);
                assertTrue(d.eyeAction() >= 0 && d.eyeAction() < 25);
            }
        }
    }
}
