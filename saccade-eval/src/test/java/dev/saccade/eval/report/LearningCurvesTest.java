package dev.saccade.eval.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurvesTest {
    @Test
    void undefinedCellsLeaveTheSeriesSoARunWithoutAnEyeHasNoEntropyCurve(@TempDir Path dir) throws Exception {
        Path hand = dir.resolve("hand.csv");
        Files.writeString(hand, "iteration,env_steps,stage,entropy,bc_loss\n1,100,bcrl,NaN,0.5\n2,200,bcrl,NaN,0.4\n");
        LearningCurves h = LearningCurves.read(hand);
        assertEquals(0, h.series("env_steps", "entropy", 1)[0].length, "a baseline-gaze run: no entropy points");
        assertArrayEquals(new double[] {0.5, 0.4}, h.series("env_steps", "bc_loss", 1)[1], 1e-12);

        Path eye = dir.resolve("eye.csv");
        Files.writeString(eye, "iteration,env_steps,stage,entropy,bc_loss\n1,100,bcrl,3.2,0.5\n2,200,bcrl,,0.4\n3,300,bcrl,2.5,0.3\n");
        double[][] s = LearningCurves.read(eye).series("env_steps", "entropy", 1);
        assertArrayEquals(new double[] {100, 300}, s[0], 1e-12);
        assertArrayEquals(new double[] {3.2, 2.5}, s[1], 1e-12);
    }
}
