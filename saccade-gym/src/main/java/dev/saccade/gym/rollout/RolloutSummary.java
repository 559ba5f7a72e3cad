package dev.saccade.gym.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a rollout amounts to. Steps exclude resets. Fovea hits count the phase's relevant thing
 * ({@link dev.saccade.gym.eye.Fovea}), on the advancing steps (where the video plays, the
 * evaluation's measure) and on all steps; the mean target angle is over advancing steps, degrees.
 */
public record RolloutSummary(String policy, String hand, int episodes, int steps, int advancingSteps, double meanReturn,
                             double meanReward, double foveaHitRate, double foveaHitRateAllSteps, double meanTargetAngle,
                             Map<String, TaskSummary> tasks) {

    /** The same measures for one task's episodes. */
    public record TaskSummary(int episodes, int advancingSteps, double meanReturn, double foveaHitRate, double meanTargetAngle) {}

    public static RolloutSummary of(String policy, String hand, List<Rollout.Run> runs) {
        Tally all = new Tally();
        Map<String, Tally> byTask = new TreeMap<>();
        for (Rollout.Run run : runs) {
            Tally task = byTask.computeIfAbsent(run.steps().get(0).task(), t -> new Tally());
            all.add(run);
            task.add(run);
        }
        Map<String, TaskSummary> tasks = new TreeMap<>();
        byTask.forEach((t, tally) -> tasks.put(t, new TaskSummary(tally.episodes, tally.advancing, tally.returns / tally.episodes,
                tally.rate(tally.advancingHits, tally.advancing), tally.angles / tally.angleCount)));
        return new RolloutSummary(policy, hand, all.episodes, all.steps, all.advancing, all.returns / Math.max(1, all.episodes),
                all.rewards / Math.max(1, all.steps), all.rate(all.advancingHits, all.advancing), all.rate(all.hits, all.steps),
                all.angles / all.angleCount, tasks);
    }

    /** Running sums over runs. */
    private static final class Tally {
        int episodes;
        int steps;
        int advancing;
        int hits;
        int advancingHits;
        double returns;
        double rewards;
        double angles;
        int angleCount;

        void add(Rollout.Run run) {
            episodes++;
            double ret = 0;
            for (StepRecord s : run.steps()) {
                if (s.step() == 0) {
                    continue;
                }
                steps++;
                ret += s.reward();
                rewards += s.reward();
                hits += s.inFovea() ? 1 : 0;
                if (!s.paused()) {
                    advancing++;
                    advancingHits += s.inFovea() ? 1 : 0;
                    if (!Double.isNaN(s.targetAngle())) {
                        angles += s.targetAngle();
                        angleCount++;
                    }
                }
            }
            returns += ret;
        }

        double rate(int count, int of) {
            return of == 0 ? Double.NaN : (double) count / of;
        }
    }

    /** Lines for a terminal: the totals, then one line per task. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format(java.util.Locale.ROOT, "%s gaze, %s hand: %d episodes, %d steps; fovea hits %.1f %% of advancing steps"
                        + " (%.1f %% of all); mean angle to target %.1f°; mean return %.4f",
                policy, hand, episodes, steps, 100 * foveaHitRate, 100 * foveaHitRateAllSteps, meanTargetAngle, meanReturn));
        tasks.forEach((t, s) -> out.add(String.format(java.util.Locale.ROOT, "  %-13s %3d episodes  fovea hits %5.1f %%  angle %5.1f°  return %.4f",
                t, s.episodes(), 100 * s.foveaHitRate(), s.meanTargetAngle(), s.meanReturn())));
        return out;
    }
}
