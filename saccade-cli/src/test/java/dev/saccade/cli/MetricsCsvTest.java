package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saccade.core.InputException;
import dev.saccade.learn.train.BcRl;
import dev.saccade.learn.train.IterationStats;
import dev.saccade.learn.train.UpdateStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {
    @TempDir
    Path dir;

    private static IterationStats stats(long iteration) {
        UpdateStats u = new UpdateStats(0.125, 0.25, 3.1, 0.5, 0.0075, 0.0625, 2, 65, Map.of(), Double.NaN);
        return new IterationStats(iteration, 2080 * iteration, false, -0.0425, 0.0931, 0.375, 0.5, u, 0.75, 0.01, 5.25, 7.5,
                0.625, 0.875);
    }

    @Test
    void theHeaderIsTheFilesFormatAndEachValueSitsUnderItsName() {
        // The format LearningCurves and earlier runs read: unchanged by the column list.
        assertEquals("iteration,env_steps,seconds,stage,reward,hand_error_m,fovea_hits,bc_loss,policy_loss,value_loss,entropy,approx_kl,"
                + "clip_fraction,explained_variance,epochs,bc_steps,lr_factor,entropy_coef,collect_s,update_s,expert_agreement,"
                + "imitation_coef,imitation_loss", MetricsCsv.header());
        List<String> names = List.of(MetricsCsv.header().split(","));
        String[] values = MetricsCsv.line(new MetricsCsv.Row(stats(3), 61.25)).split(",", -1);
        assertEquals(names.size(), values.length);
        assertEquals("3", values[names.indexOf("iteration")]);
        assertEquals("6240", values[names.indexOf("env_steps")]);
        assertEquals("61.3", values[names.indexOf("seconds")]);
        assertEquals("bcrl", values[names.indexOf("stage")]);
        assertEquals("-0.042500", values[names.indexOf("reward")]);
        assertEquals("0.500000", values[names.indexOf("bc_loss")]);
        assertEquals("0.250000", values[names.indexOf("value_loss")]);
        assertEquals("65", values[names.indexOf("bc_steps")]);
        assertEquals("7.50", values[names.indexOf("update_s")]);
        assertEquals("0.8750", values[names.indexOf("imitation_coef")]);
        assertEquals("NaN", values[names.indexOf("imitation_loss")]);
    }

    @Test
    void aResumedRunKeepsTheRowsUpToItsCheckpointAndRejectsAForeignFile() throws IOException {
        MetricsCsv first = MetricsCsv.open(dir, 0);
        for (long i = 1; i <= 3; i++) {
            first.add(new MetricsCsv.Row(stats(i), i));
        }
        MetricsCsv resumed = MetricsCsv.open(dir, 2);
        resumed.add(new MetricsCsv.Row(stats(3), 9));
        List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(4, lines.size());
        assertEquals(List.of("1", "2", "3"), lines.subList(1, 4).stream().map(l -> l.substring(0, l.indexOf(','))).toList());
        assertEquals("9.0", lines.get(3).split(",")[2], "the row of the resumed session");

        Files.writeString(dir.resolve("metrics.csv"), "iteration,env_steps\nnot a row\n");
        InputException e = assertThrows(InputException.class, () -> MetricsCsv.open(dir, 5));
        assertEquals(true, e.getMessage().contains("not a metrics row"), e.getMessage());
    }
}
