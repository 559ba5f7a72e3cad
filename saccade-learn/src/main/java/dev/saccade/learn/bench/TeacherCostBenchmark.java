package dev.saccade.learn.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.gym.vector.VectorEnv;
import dev.saccade.learn.encoder.ConvPatchEncoder;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.train.BcRl;
import dev.saccade.learn.train.BcRlConfig;
import dev.saccade.learn.train.GymSource;
import dev.saccade.learn.train.IterationStats;
import dev.saccade.learn.train.TrainingGym;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The cost of the eye's teacher in env steps per second: whole BC-RL iterations (collection with the
 * gym, the teacher's labelling, rewards, update) of the default policy on toy demonstrations whose
 * annotations are withheld, with no teacher and with hand-scored teachers, interleaved per
 * repetition so that a loaded machine slows them alike; ratios are medians of per-repetition ratios
 * to the no-teacher run. Run: {@code java … dev.saccade.learn.bench.TeacherCostBenchmark [repeats]}.
 */
public final class TeacherCostBenchmark {
    /** One setting's figures: env steps per second of each repetition, and its ratios to no teacher. */
    public record Figure(String name, double[] stepsPerSecond, double[] ratios, double[] collectStepsPerSecond, double[] collectRatios) {
        public double median() {
            return median(stepsPerSecond);
        }

        public double medianRatio() {
            return median(ratios);
        }

        static double median(double[] v) {
            double[] s = v.clone();
            Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }
    }

    private TeacherCostBenchmark() {}

    /** Measures {@code teachers} (the first should be none) over {@code repeats} interleaved repetitions. */
    public static List<Figure> run(List<BcRlConfig.TeacherSettings> teachers, List<String> names, int envs, int search, int advance,
                                   int repeats, long seed) {
        Engine.getInstance();
        PolicyConfig pc = PolicyConfig.defaults();
        DemoEyeGym.Config gym = DemoEyeGym.Config.DEFAULT.withPyramid(PyramidSpec.pinholeDegrees(pc.imageSize(), pc.fieldsOfViewDeg()))
                .withSteps(search, advance);
        int steps = search + advance;
        double[][] rates = new double[teachers.size()][repeats];
        double[][] collectRates = new double[teachers.size()][repeats];
        try (ToyDemonstrations toy = ToyDemonstrations.generate(6, 256, seed)) {
            for (int rep = 0; rep < repeats; rep++) {
                for (int k = 0; k < teachers.size(); k++) {
                    BcRlConfig cfg = BcRlConfig.defaults()
                            .withRun(r -> new BcRlConfig.RunSettings(seed, envs, steps, 1_000_000, 0))
                            .withPpo(p -> p.withMinibatches(Math.min(2, envs)))
                            .withBc(b -> b.withMinibatch(Math.max(1, envs * steps / 2)))
                            .withTeacher(teachers.get(k));
                    double[] r = stepsPerSecond(toy, cfg, pc, gym);
                    rates[k][rep] = r[0];
                    collectRates[k][rep] = r[1];
                }
            }
        }
        List<Figure> out = new ArrayList<>();
        for (int k = 0; k < teachers.size(); k++) {
            double[] ratios = new double[repeats];
            double[] collectRatios = new double[repeats];
            for (int rep = 0; rep < repeats; rep++) {
                ratios[rep] = rates[k][rep] / rates[0][rep];
                collectRatios[rep] = collectRates[k][rep] / collectRates[0][rep];
            }
            out.add(new Figure(names.get(k), rates[k], ratios, collectRates[k], collectRatios));
        }
        return out;
    }

    /**
     * Env steps per second of the second of two iterations (the first warms up): of the whole
     * iteration, and of its collection side alone (rollout, the teacher's labels, rewards, advantages).
     */
    private static double[] stepsPerSecond(Demonstrations all, BcRlConfig cfg, PolicyConfig pc, DemoEyeGym.Config gym) {
        Demonstrations training = TrainingGym.demonstrations(all, cfg);
        try (FrameSupply<MipChain> frames = EyeCamera.supply(training, 512L << 20, 0);
             VectorEnv<EyeObservation, Integer> envs = VectorEnv.of(cfg.run().envs(), 1,
                     i -> TrainingGym.wrap(new DemoEyeGym(frames, gym, Optional.empty()), cfg, null, gym.limits()));
             NDManager root = NDManager.newBaseManager();
             BcRl trainer = new BcRl(cfg, pc, ActionStats.original(), new ConvPatchEncoder(ConvPatchEncoder.Config.defaults(), root, 1),
                     HandReward.CHAMFER, root)) {
            trainer.setThreads(1, 1);
            GymSource source = new GymSource(envs, pc.chunk(), pc.joints());
            trainer.iterate(source);
            long t0 = System.nanoTime();
            IterationStats s = trainer.iterate(source);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double steps = s.envSteps() - cfg.run().envs() * (long) (cfg.run().steps());
            return new double[] {steps / seconds, steps / s.collectSeconds()};
        }
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<BcRlConfig.TeacherSettings> teachers = List.of(BcRlConfig.TeacherSettings.NONE,
                BcRlConfig.TeacherSettings.handScored(1, 0, 4, BcRlConfig.CandidateSet.COARSE, 0, 0),
                BcRlConfig.TeacherSettings.handScored(1, 0, 1, BcRlConfig.CandidateSet.COARSE, 0, 0),
                BcRlConfig.TeacherSettings.handScored(1, 0, 4, BcRlConfig.CandidateSet.ALL, 0, 0));
        List<String> names = List.of("no teacher", "hand-scored, every 4th step, 9 candidates", "hand-scored, every step, 9 candidates",
                "hand-scored, every 4th step, 25 candidates");
        List<Figure> figures = run(teachers, names, 2, 10, 30, repeats, 1);
        System.out.println("| setting | iteration env steps/s | ratio | collection-side env steps/s | ratio | iteration, per repetition |");
        System.out.println("|---|---|---|---|---|---|");
        for (Figure f : figures) {
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f | %.1f | %.2f | %s |%n", f.name(), f.median(), f.medianRatio(),
                    Figure.median(f.collectStepsPerSecond()), Figure.median(f.collectRatios()),
                    Arrays.toString(Arrays.stream(f.stepsPerSecond()).map(v -> Math.round(v * 10) / 10.0).toArray()));
        }
    }
}
