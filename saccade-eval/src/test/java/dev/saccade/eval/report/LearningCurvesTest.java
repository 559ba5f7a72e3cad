package dev.saccade.eval.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.eval.results.MetricTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurvesTest {
    static final String HEADER = "iteration,env_steps,stage,reward,entropy,bc_loss\n";
    /** A hand trained under a baseline gaze: no eye, so its eye figures are NaN (as saccade train writes them). */
    static final String HAND_ONLY = HEADER + "1,100,bcrl,-0.2,NaN,0.5\n2,200,bcrl,-0.1,NaN,0.4\n";
    static final String WITH_EYE = HEADER + "1,100,bcrl,-0.2,3.2,0.5\n2,200,bcrl,-0.1,,0.4\n3,300,bcrl,-0.1,2.5,0.3\n";
    static final String ENTROPY_CAPTION = "the entropy of the eye's action distribution";

    @Test
    void undefinedCellsLeaveTheSeries(@TempDir Path dir) throws Exception {
        LearningCurves hand = curves(dir, "hand.csv", HAND_ONLY);
        assertEquals(0, hand.series("env_steps", "entropy", 1)[0].length);
        assertArrayEquals(new double[] {0.5, 0.4}, hand.series("env_steps", "bc_loss", 1)[1], 1e-12);
        double[][] s = curves(dir, "eye.csv", WITH_EYE).series("env_steps", "entropy", 1);
        assertArrayEquals(new double[] {100, 300}, s[0], 1e-12);
        assertArrayEquals(new double[] {3.2, 2.5}, s[1], 1e-12);
    }

    @Test
    void theReportDrawsEntropyOnlyForRunsWithAnEye(@TempDir Path dir) throws Exception {
        String handOnly = EvaluationReport.build(inputs(Map.of("random hand", curves(dir, "hand.csv", HAND_ONLY)))).html();
        assertTrue(handOnly.contains("BC loss"), "the hand's curves are drawn");
        assertFalse(handOnly.contains(ENTROPY_CAPTION), "no eye, no entropy curve");
        String both = EvaluationReport.build(inputs(Map.of("learned", curves(dir, "eye.csv", WITH_EYE),
                "random hand", curves(dir, "hand.csv", HAND_ONLY)))).html();
        assertTrue(both.contains(ENTROPY_CAPTION), "the learned eye's entropy is drawn");
    }

    private static LearningCurves curves(Path dir, String name, String csv) throws Exception {
        return LearningCurves.read(Files.writeString(dir.resolve(name), csv));
    }

    private static EvaluationReport.Inputs inputs(Map<String, LearningCurves> curves) {
        MetricTable empty = MetricTable.ofValues(List.of(), Map.of());
        return new EvaluationReport.Inputs("test", Map.of(), null, empty, null, List.of(), List.of(), curves, null, "learned",
                List.of());
    }
}
