package dev.saccade.eval.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GazeMetricsTest {
    private static final double DEG = Math.toRadians(1);
    private static final double STEP_S = 1.0 / 15;

    /** A step at yaw {@code yawDeg} with everything else neutral. */
    private static StepRecord at(double yawDeg) {
        return step(false, yawDeg, 0, 0.01, false, false, false, false);
    }

    private static StepRecord step(boolean searching, double yawDeg, double actionDeg, double errM,
                                   boolean objIn, boolean tgtIn, boolean closed, boolean moving) {
        return new StepRecord(searching, yawDeg * DEG, 0, actionDeg, errM, 2 * errM, 0.5,
                0.1, 0.2, 5 * DEG, objIn, tgtIn, closed, moving);
    }

    private static EpisodeTrace trace(List<StepRecord> steps) {
        return new EpisodeTrace("test", "co-trained", 0, 0, STEP_S, steps);
    }

    @Test
    void dwellCountsRunsOfSmallMoves() {
        // yaws: 0,0.5,1.0 (one fixation of 3), jump to 20, 20 (fixation of 2), jump to 40 (1)
        EpisodeTrace t = trace(List.of(at(0), at(0.5), at(1.0), at(20), at(20), at(40)));
        assertEquals((3 + 2 + 1) / 3.0, GazeMetrics.meanDwellSteps(t), 1e-12);
    }

    @Test
    void gazeSpeedIsAngleOverTime() {
        // moves of 3° then 6°: mean 4.5° per step of 1/15 s = 67.5 °/s
        EpisodeTrace t = trace(List.of(at(0), at(3), at(9)));
        assertEquals(67.5, GazeMetrics.gazeSpeedDegPerSecond(t), 1e-9);
    }

    @Test
    void smallActionShareCountsStayAndOneDegree() {
        List<StepRecord> s = new ArrayList<>();
        for (double a : new double[] {0, 1, 3, 10}) {
            s.add(step(false, 0, a, 0.01, false, false, false, false));
        }
        assertEquals(0.5, GazeMetrics.smallActionShare(trace(s)), 1e-12);
    }

    @Test
    void targetInFoveaFollowsThePhaseAndSkipsSearch() {
        List<StepRecord> s = List.of(
                step(true, 0, 0, 0.01, false, false, false, false),   // search: ignored
                step(false, 0, 0, 0.01, true, false, false, true),    // open, object seen: hit
                step(false, 0, 0, 0.01, false, true, false, true),    // open, only target seen: miss
                step(false, 0, 0, 0.01, true, false, true, true),     // closed, only object: miss
                step(false, 0, 0, 0.01, false, true, true, false));   // closed, target: hit
        EpisodeTrace t = trace(s);
        assertEquals(0.5, GazeMetrics.targetInFovea(t), 1e-12);
        assertEquals(0.5, GazeMetrics.objectGazeWhileOpen(t), 1e-12);
        assertEquals(0.5, GazeMetrics.targetGazeWhileClosed(t), 1e-12);
        // tracking: 3 moving advancing steps, gripper 5° away each
        assertEquals(5.0, GazeMetrics.trackingErrorDeg(t), 1e-9);
    }

    @Test
    void handErrorsAreMeansInCentimetresIgnoringUndefinedSteps() {
        List<StepRecord> s = List.of(
                step(false, 0, 0, 0.02, false, false, false, false),
                step(false, 0, 0, 0.04, false, false, false, false),
                step(false, 0, 0, Double.NaN, false, false, false, false));
        EpisodeTrace t = trace(s);
        assertEquals(3.0, GazeMetrics.handErrorCm(t), 1e-9);
        assertEquals(6.0, GazeMetrics.endpointErrorCm(t), 1e-9);
        assertTrue(Double.isNaN(GazeMetrics.trackingErrorDeg(t)), "no moving steps: undefined");
        assertEquals(GazeMetrics.UNITS.keySet(), GazeMetrics.all(t).keySet());
    }

    @Test
    void searchOutcomeNeedsConsecutiveHits() {
        double[] angles = {30, 9, 20, 9, 8, 7, 40};
        for (int i = 0; i < angles.length; i++) {
            angles[i] *= DEG;
        }
        SearchMetrics.Outcome o = SearchMetrics.outcome(angles, 10 * DEG, 3, 0.5);
        assertTrue(o.success());
        assertEquals(1.5, o.secondsToTarget(), 1e-12); // run starts at step 3
        assertFalse(SearchMetrics.outcome(angles, 10 * DEG, 4, 0.5).success());
    }
}
