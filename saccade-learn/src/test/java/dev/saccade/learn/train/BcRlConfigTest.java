package dev.saccade.learn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.core.InputException;
import dev.saccade.gym.rollout.GazeRegime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BcRlConfigTest {
    @TempDir
    Path dir;

    private BcRlConfig read(String json) throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, json);
        return BcRlConfig.read(f);
    }

    private InputException fails(String json) {
        InputException e = assertThrows(InputException.class, () -> read(json));
        assertTrue(e.userMessage().contains("config.json"), "the message names the file: " + e.userMessage());
        return e;
    }

    @Test
    void aFileOverlaysGroupsKeyByKey() throws IOException {
        BcRlConfig c = read("{\"ppo\": {\"epochs\": 3}, \"run\": {\"totalEnvSteps\": 40000}, \"stages\": {\"gaze\": \"best-fixed\"},"
                + " \"teacher\": {\"kind\": \"none\"}}");
        BcRlConfig d = BcRlConfig.defaults();
        assertEquals(3, c.ppo().epochs());
        assertEquals(40_000, c.run().totalEnvSteps());
        assertEquals(GazeRegime.BEST_FIXED, c.stages().gaze());
        assertEquals(d.ppo().gamma(), c.ppo().gamma(), "untouched keys keep the base's values");
        assertEquals(d.optimiser(), c.optimiser());
    }

    @Test
    void aConfigRoundTripsThroughItsJson() throws IOException {
        BcRlConfig c = BcRlConfig.defaults().withRun(r -> r.withTotalEnvSteps(1234)).withPpo(p -> p.withEpochs(3))
                .withTeacher(BcRlConfig.TeacherSettings.oracle(1.0, 5000, 0.5, 3)).withStages(g -> g.withSearchEnvSteps(100));
        assertEquals(c, read(c.toJson()));
    }

    @Test
    void anUnknownKeyOrGroupIsNamed() {
        assertTrue(fails("{\"ppo\": {\"epochz\": 3}}").getMessage().contains("'ppo.epochz'"));
        assertTrue(fails("{\"pppo\": {\"epochs\": 3}}").getMessage().contains("'pppo'"));
        assertTrue(fails("{\"epochs\": 3}").getMessage().contains("'epochs'"), "flat keys of the old format are unknown groups");
    }

    @Test
    void aWrongTypeIsNamed() {
        assertTrue(fails("{\"ppo\": {\"epochs\": \"three\"}}").getMessage().contains("ppo.epochs"));
        assertTrue(fails("{\"ppo\": {\"epochs\": 2.5}}").getMessage().contains("ppo.epochs"), "no silent rounding of a fraction");
        assertTrue(fails("{\"optimiser\": {\"eyeLr\": \"1e-3\"}}").getMessage().contains("optimiser.eyeLr"), "no string-to-number coercion");
        assertTrue(fails("{\"stages\": {\"gaze\": \"sideways\"}}").getMessage().contains("stages.gaze"));
        assertTrue(fails("{\"ppo\": 3}").getMessage().contains("'ppo'"));
        assertTrue(fails("[1, 2]").getMessage().contains("JSON object"));
        assertTrue(fails("{\"ppo\": {\"epochs\": 3,}").getMessage().contains("line 1"), "invalid JSON says where");
    }

    @Test
    void anOutOfRangeValueIsNamed() {
        assertTrue(fails("{\"optimiser\": {\"handLr\": -0.001}}").getMessage().contains("optimiser.handLr must be positive"));
        assertTrue(fails("{\"ppo\": {\"gamma\": 1.5}}").getMessage().contains("ppo.gamma"));
        assertTrue(fails("{\"ppo\": {\"minibatches\": 64}}").getMessage().contains("ppo.minibatches must be ≤ run.envs"));
        assertTrue(fails("{\"teacher\": {\"coef\": 1.0}}").getMessage().contains("teacher.kind"), "a weight needs a teacher");
        assertTrue(fails("{\"stages\": {\"gaze\": \"random\"}, \"teacher\": {\"kind\": \"oracle\", \"coef\": 1.0}}")
                .getMessage().contains("teacher.kind"), "a baseline gaze has no eye to teach");
    }

    @Test
    void teachersDecayAsTheirSettingsSay() {
        Teacher none = Teacher.of(BcRlConfig.TeacherSettings.NONE);
        assertEquals(0, none.weight(0));
        assertEquals(0, none.rollInShare(0));
        Teacher oracle = Teacher.of(BcRlConfig.TeacherSettings.oracle(2.0, 1000, 0.5, 0));
        assertEquals(2.0, oracle.weight(0), 1e-12);
        assertEquals(1.0, oracle.weight(500), 1e-12);
        assertEquals(0.25, oracle.rollInShare(500), 1e-12);
        assertEquals(0.0, oracle.weight(1500), 1e-12);
        assertEquals(2.0, Teacher.of(BcRlConfig.TeacherSettings.oracle(2.0, 0, 0, 0)).weight(1_000_000), 1e-12, "0: constant");
    }
}
