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

    @Test
    void playingPhaseMetricsSkipTheSearchSteps() {
        // search steps: error 10 cm, BC L1 0.5; playing steps: 2 and 4 cm (BC L1 = 0.5 for all, set by step())
        List<StepRecord> s = List.of(
                step(true, 0, 0, 0.10, false, false, false, false),
                step(false, 0, 0, 0.02, false, false, false, false),
                step(false, 0, 0, 0.04, false, false, false, false));
        EpisodeTrace t = trace(s);
        assertEquals(100 * (0.10 + 0.02 + 0.04) / 3, GazeMetrics.handErrorCm(t), 1e-9, "the reward's mean: every step");
        assertEquals(3.0, GazeMetrics.handErrorPlayingCm(t), 1e-9);
        assertEquals(0.5, GazeMetrics.bcL1(t), 1e-12);
        List<StepRecord> onlySearch = List.of(step(true, 0, 0, 0.10, false, false, false, false));
        assertTrue(Double.isNaN(GazeMetrics.bcL1(trace(onlySearch))), "no playing step: BC L1 undefined");
    }

    @Test
    void relevantAngleIsTheObjectsWhileOpenAndTheTargetsWhileClosed() {
        // step(): object 0.1 rad, target 0.2 rad away
        List<StepRecord> s = List.of(
                step(false, 0, 0, 0.01, false, false, false, false),
                step(false, 0, 0, 0.01, false, false, true, false),
                step(false, 0, 0, 0.01, false, false, true, false));
        assertEquals(Math.toDegrees((0.1 + 0.2 + 0.2) / 3), GazeMetrics.relevantAngleDeg(trace(s)), 1e-9);
    }

    @Test
    void foveaSharesAreUndefinedWithoutAnnotations() {
        StepRecord blind = new StepRecord(false, 0, 0, 0, 0.01, 0.02, 0.5, Double.NaN, Double.NaN, Double.NaN,
                false, false, false, true);
        EpisodeTrace t = trace(List.of(blind, blind));
        assertTrue(Double.isNaN(GazeMetrics.targetInFovea(t)));
        assertTrue(Double.isNaN(GazeMetrics.objectGazeWhileOpen(t)));
        assertTrue(Double.isNaN(GazeMetrics.trackingErrorDeg(t)));
        assertEquals(1.0, GazeMetrics.handErrorCm(t), 1e-9, "the hand's error needs no annotations");
    }

    @Test
    void smallActionShareLeavesOutTheLastObservation() {
        List<StepRecord> s = new ArrayList<>();
        for (double a : new double[] {0, 10, Double.NaN}) {
            s.add(step(false, 0, a, 0.01, false, false, false, false));
        }
        assertEquals(0.5, GazeMetrics.smallActionShare(trace(s)), 1e-12);
    }

    @Test
    void dwellAndSpeedMeasureTheGreatCircleNotYawAlone() {
        // at pitch 60°, a 1.5° yaw step is only 0.75° of arc: still a fixation; speed 0.75°/step
        StepRecord a = new StepRecord(false, 0, 60 * DEG, 0, 0.01, 0.02, 0.5, 0.1, 0.2, 0.1, false, false, false, false);
        StepRecord b = new StepRecord(false, 1.5 * DEG, 60 * DEG, 0, 0.01, 0.02, 0.5, 0.1, 0.2, 0.1, false, false, false, false);
        EpisodeTrace t = trace(List.of(a, b));
        assertEquals(2.0, GazeMetrics.meanDwellSteps(t), 1e-12);
        double arc = Math.toDegrees(dev.saccade.sphere.Sphere.angleBetween(0, 60 * DEG, 1.5 * DEG, 60 * DEG));
        assertEquals(0.75, arc, 1e-3);
        assertEquals(arc * 15, GazeMetrics.gazeSpeedDegPerSecond(t), 1e-9);
    }

    @Test
    void metricNamesKeepTheirReportOrder() {
        List<String> names = List.copyOf(GazeMetrics.UNITS.keySet());
        assertEquals("hand_error_cm", names.get(0));
        assertEquals(names, List.copyOf(GazeMetrics.all(trace(List.of(at(0)))).keySet()));
        assertEquals(names, List.copyOf(GazeMetrics.DESCRIPTIONS.keySet()));
    }

    @Test
    void searchMetricsOfOneEpisode() {
        // reset 40°, then 30, 9, 8, 7 (success from step 2 = 2/15 s), ending at 7°; rewards 0.4, 0.8, 0.8, 0.9
        double[] angles = {40 * DEG, 30 * DEG, 9 * DEG, 8 * DEG, 7 * DEG};
        SearchMetrics.Episode e = new SearchMetrics.Episode("oracle", 0, STEP_S, angles, new double[] {0.4, 0.8, 0.8, 0.9});
        var m = SearchMetrics.all(e);
        assertEquals(1.0, m.get("search_success"));
        assertEquals(2 * STEP_S, m.get("search_time_s"), 1e-12);
        assertEquals(1.0, m.get("search_final_hit"));
        assertEquals(7.0, m.get("search_final_angle_deg"), 1e-9);
        assertEquals(0.725, m.get("search_reward"), 1e-12);
        var miss = SearchMetrics.all(new SearchMetrics.Episode("random", 0, STEP_S, new double[] {40 * DEG, 9 * DEG, 30 * DEG},
                new double[] {0.2, 0.4}));
        assertEquals(0.0, miss.get("search_success"));
        assertTrue(Double.isNaN(miss.get("search_time_s")));
        assertEquals(0.0, miss.get("search_final_hit"));
        assertEquals(List.copyOf(SearchMetrics.UNITS.keySet()), List.copyOf(m.keySet()));
    }
}
