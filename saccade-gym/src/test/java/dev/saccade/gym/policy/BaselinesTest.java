package dev.saccade.gym.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Task;
import dev.saccade.gym.Env;
import dev.saccade.gym.Info;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.envs.VisualSearchGym;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.Sphere;
import dev.saccade.gym.eye.Fovea;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class BaselinesTest {
    static final ToyDemonstrations TOY = ToyDemonstrations.generate(15, 32, 5);
    static final PyramidSpec SMALL = PyramidSpec.defaults(8);
    static final GazeLimits LIMITS = GazeLimits.DEFAULT;

    static DemoEyeGym gym() {
        return new DemoEyeGym(EyeCamera.supply(TOY, 256L << 20, 0), DemoEyeGym.Config.DEFAULT.withPyramid(SMALL), Optional.empty());
    }

    /** Fovea-hit rate of the phase's object over the advancing steps of {@code episodes} episodes. */
    static double advancingHitRate(Env<EyeObservation, Integer> env, GazePolicy policy, int episodes, String what) {
        int hits = 0;
        int steps = 0;
        for (long seed = 0; seed < episodes; seed++) {
            for (Step<EyeObservation> s : play(env, policy, seed)) {
                Info info = s.info();
                if (!info.get(EyeInfo.PAUSED)) {
                    steps++;
                    boolean in = what.equals("gripper")
                            ? Fovea.contains(SMALL, s.observation().gaze(), info.get(EyeInfo.GRIPPER).yaw(), info.get(EyeInfo.GRIPPER).pitch())
                            : info.get(EyeInfo.IN_FOVEA);
                    hits += in ? 1 : 0;
                }
            }
        }
        return (double) hits / steps;
    }

    /** The steps of one episode of {@code policy} from {@code seed}. */
    static List<Step<EyeObservation>> play(Env<EyeObservation, Integer> env, GazePolicy policy, long seed) {
        policy.reset(seed);
        Reset<EyeObservation> r = env.reset(seed);
        EyeObservation obs = r.observation();
        Info info = r.info();
        List<Step<EyeObservation>> steps = new ArrayList<>();
        boolean done = false;
        while (!done) {
            Step<EyeObservation> s = env.step(policy.act(obs, info));
            steps.add(s);
            obs = s.observation();
            info = s.info();
            done = s.done();
        }
        return steps;
    }

    @Test
    void theOracleKeepsThePhasesTargetInTheFoveaWhileRandomGazeDoesFarWorse() {
        DemoEyeGym env = gym();
        double oracle = advancingHitRate(env, new OracleGaze(LIMITS), 15, "relevant");
        double random = advancingHitRate(env, new RandomGaze(), 15, "relevant");
        double fixed = advancingHitRate(env, new FixedGaze(), 15, "relevant");
        assertTrue(oracle >= 0.90, "oracle in the fovea on " + oracle + " of advancing steps");
        assertTrue(random < 0.15, "random gaze " + random);
        assertTrue(fixed < 0.15, "fixed gaze " + fixed);
        assertTrue(oracle > 5 * Math.max(random, fixed));
    }

    @Test
    void followTheGripperKeepsTheGripperInTheFovea() {
        double follow = advancingHitRate(gym(), new FollowGripperGaze(LIMITS), 10, "gripper");
        assertTrue(follow >= 0.9, "gripper in the fovea on " + follow + " of advancing steps");
    }

    @Test
    void bestFixedFindsAGazeThatBeatsTheOthersOnItsTaskAndSaccadesThere() {
        Map<Task, BestFixedGaze.Choice> choices = BestFixedGaze.search(TOY.episodes(), SMALL, LIMITS, Math.toRadians(5), 2);
        assertEquals(5, choices.size());
        for (BestFixedGaze.Choice c : choices.values()) {
            assertTrue(c.hitRate() > 0.2, c.toString()); // a toy task spends a good part of its frames on one spot
            assertTrue(LIMITS.contains(c.gaze()));
        }
        BestFixedGaze policy = BestFixedGaze.of(choices, LIMITS);
        DemoEyeGym env = gym();
        Reset<EyeObservation> r = env.reset(3);
        EyeObservation obs = r.observation();
        Info info = r.info();
        for (int t = 0; t < 30; t++) {
            Step<EyeObservation> s = env.step(policy.act(obs, info));
            obs = s.observation();
            info = s.info();
        }
        Gaze goal = choices.get(Task.values()[obs.task()]).gaze();
        assertTrue(Math.toDegrees(Sphere.angleBetween(obs.gaze().yaw(), obs.gaze().pitch(), goal.yaw(), goal.pitch())) < 1,
                "at its fixed gaze by the end of the search steps");
        double best = advancingHitRate(env, policy, 15, "relevant");
        double fixed = advancingHitRate(env, new FixedGaze(), 15, "relevant");
        assertTrue(best > fixed, "best-fixed " + best + " vs fixed " + fixed);
    }

    @Test
    void theFixedPolicyNeverMoves() {
        DemoEyeGym env = gym();
        Reset<EyeObservation> r = env.reset(2);
        Gaze start = r.observation().gaze();
        for (int t = 0; t < 50; t++) {
            assertEquals(start, env.step(new FixedGaze().act(null, null)).observation().gaze());
        }
    }

    @Test
    void theOracleFindsTheSearchTargetInVisualSearch() {
        VisualSearchGym env = new VisualSearchGym(EyeCamera.supply(TOY, 64L << 20, 0),
                VisualSearchGym.Config.DEFAULT.withPyramid(SMALL).withMaxSteps(40));
        int oracleWins = 0;
        int randomWins = 0;
        for (long seed = 0; seed < 20; seed++) {
            oracleWins += succeeds(env, new OracleGaze(LIMITS), seed) ? 1 : 0;
            randomWins += succeeds(env, new RandomGaze(), seed) ? 1 : 0;
        }
        assertEquals(20, oracleWins);
        assertTrue(randomWins <= 6, "random walk succeeded " + randomWins + "/20");
    }

    private static boolean succeeds(VisualSearchGym env, GazePolicy policy, long seed) {
        List<Step<EyeObservation>> steps = play(env, policy, seed);
        return steps.get(steps.size() - 1).info().get(EyeInfo.SUCCESS);
    }

    @Property(tries = 300)
    void saccadesReachAStillTargetInAboutOneStepPerTenDegrees(
            @ForAll @DoubleRange(min = -130, max = 130) double yaw0, @ForAll @DoubleRange(min = -80, max = 80) double pitch0,
            @ForAll @DoubleRange(min = -130, max = 130) double yaw1, @ForAll @DoubleRange(min = -80, max = 80) double pitch1) {
        Gaze g = Gaze.ofDegrees(yaw0, pitch0);
        double yaw = Math.toRadians(yaw1);
        double pitch = Math.toRadians(pitch1);
        double start = Math.toDegrees(Sphere.angleBetween(g.yaw(), g.pitch(), yaw, pitch));
        int budget = (int) Math.ceil(Math.max(Math.abs(yaw1 - yaw0), Math.abs(pitch1 - pitch0)) / 7.07) + 12;
        for (int t = 0; t < budget; t++) {
            g = EyeActions.apply(g, Saccades.toward(g, yaw, pitch, LIMITS), LIMITS);
        }
        double end = Math.toDegrees(Sphere.angleBetween(g.yaw(), g.pitch(), yaw, pitch));
        assertTrue(end < 0.75, "from " + start + "° to " + end + "° in " + budget + " steps");
        assertEquals(EyeActions.STAY, Saccades.toward(g, yaw, pitch, LIMITS), "settled");
    }

    @Property(tries = 500)
    void aSettlingSaccadeHoldsStillWithinItsBandAndMovesOutsideIt(
            @ForAll @DoubleRange(min = -120, max = 120) double yaw0, @ForAll @DoubleRange(min = -70, max = 70) double pitch0,
            @ForAll @DoubleRange(min = 0, max = 360) double bearing, @ForAll @DoubleRange(min = 0, max = 6) double away) {
        double settle = Math.toRadians(OracleGaze.SETTLE_DEG);
        Gaze g = Gaze.ofDegrees(yaw0, pitch0);
        double yaw = g.yaw() + Math.toRadians(away) * Math.cos(Math.toRadians(bearing));
        double pitch = g.pitch() + Math.toRadians(away) * Math.sin(Math.toRadians(bearing));
        int action = Saccades.toward(g, yaw, pitch, LIMITS, settle);
        // The band is measured to the goal the eye can reach (clamped to its limits), so near the
        // limits a direction 'away' degrees off may be nearer than that; exactly on the edge, rounding decides.
        Gaze goal = LIMITS.clamp(yaw, pitch);
        double reachable = Math.hypot(goal.yaw() - g.yaw(), goal.pitch() - g.pitch());
        boolean onTheEdge = Math.abs(reachable - settle) < 1e-9;
        if (!onTheEdge && reachable < settle) {
            assertEquals(EyeActions.STAY, action, away + "° away is inside the band");
        }
        if (!onTheEdge && reachable > settle) {
            assertEquals(Saccades.toward(g, yaw, pitch, LIMITS), action, away + "° away: the plain greedy step");
            assertNotEquals(EyeActions.STAY, action, away + "° away must move");
        }
        // From anywhere a settling oracle ends inside its band and stays there.
        Gaze far = Gaze.ofDegrees(yaw0 > 0 ? yaw0 - 60 : yaw0 + 60, 0);
        for (int t = 0; t < 20; t++) {
            far = EyeActions.apply(far, Saccades.toward(far, yaw, pitch, LIMITS, settle), LIMITS);
        }
        assertTrue(Math.hypot(far.yaw() - goal.yaw(), far.pitch() - goal.pitch()) <= settle, "settled inside the band");
    }

    @Test
    void softSaccadesShareTheWeightAmongGoodActionsAndStayPutInsideTheBand() {
        Gaze gaze = Gaze.ofDegrees(0, 0);
        double yaw = Math.toRadians(25);
        double pitch = Math.toRadians(-4);
        double settle = Math.toRadians(OracleGaze.SETTLE_DEG);
        int oracle = Saccades.toward(gaze, yaw, pitch, LIMITS, settle);
        float[] sharp = Saccades.towardSoftly(gaze, yaw, pitch, LIMITS, settle, Math.toRadians(0.01));
        float[] soft = Saccades.towardSoftly(gaze, yaw, pitch, LIMITS, settle, Math.toRadians(3));
        double sum = 0;
        int best = 0;
        for (int a = 0; a < soft.length; a++) {
            sum += soft[a];
            best = soft[a] > soft[best] ? a : best;
        }
        assertEquals(1.0, sum, 1e-5);
        assertTrue(sharp[oracle] > 0.99, "a cold label is the oracle's action: " + sharp[oracle]);
        assertEquals(oracle, best, "the oracle's action stays the likeliest");
        assertTrue(soft[oracle] < 0.9 && soft[EyeActions.STAY] < soft[oracle],
                "other actions share the label, staying put least among the helpful: " + Arrays.toString(soft));

        // 1.5° away, inside the band: the oracle stays, and so does all of the soft label, however warm.
        double near = Math.toRadians(1.5);
        assertEquals(EyeActions.STAY, Saccades.toward(gaze, near, 0, LIMITS, settle));
        assertEquals(1f, Saccades.towardSoftly(gaze, near, 0, LIMITS, settle, Math.toRadians(3))[EyeActions.STAY], 0f);
        assertTrue(Saccades.towardSoftly(gaze, near, 0, LIMITS, 0, Math.toRadians(3))[EyeActions.STAY] < 0.5,
                "without a band, moves closer than 1.5° win");
        assertThrows(IllegalArgumentException.class, () -> Saccades.towardSoftly(gaze, yaw, pitch, LIMITS, settle, 0));
    }
}
