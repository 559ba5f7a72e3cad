package dev.saccade.learn.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.core.InputException;
import dev.saccade.gym.rollout.GazeRegime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Every setting of BC-RL training, grouped by concern, CleanRL style: what one iteration collects
 * ({@link RunSettings}), the eye's PPO ({@link PpoSettings}), the hand's behaviour cloning
 * ({@link BcSettings}), the optimiser ({@link OptimiserSettings}), the learning-rate schedule
 * ({@link ScheduleSettings}), the eye's teacher ({@link TeacherSettings}) and the run's stages
 * ({@link StageSettings}). Comments give the original's value (EyeRobot {@code scripts/train_bcrl.py},
 * reference/eyerobot.md §4–§5); schedule lengths are fractions of the run, so a CPU-sized budget
 * keeps the original's shape.
 *
 * <p>A config file is a JSON object of any of these groups, each with any subset of its settings
 * ({@code {"ppo": {"epochs": 3}, "run": {"totalEnvSteps": 40000}}}). An unknown group or key, a
 * wrong type or an out-of-range value is an {@link InputException} that names the key (and the file).
 */
public record BcRlConfig(RunSettings run, PpoSettings ppo, BcSettings bc, OptimiserSettings optimiser,
                         ScheduleSettings schedule, TeacherSettings teacher, StageSettings stages) {

    /**
     * What one iteration collects and how long the run is.
     *
     * @param seed            seeds weights, sampling and episode draws
     * @param envs            parallel episodes per iteration (original 6 per GPU)
     * @param steps           steps per episode row (original 130: 30 paused + 100 playing)
     * @param totalEnvSteps   length of the run in env steps (original 14 M; CPU runs far fewer)
     * @param checkpointEvery write a checkpoint every this many iterations (0: only at the end)
     */
    public record RunSettings(long seed, int envs, int steps, long totalEnvSteps, int checkpointEvery) {
        public RunSettings {
            require(envs >= 1, "run.envs", "be ≥ 1", envs);
            require(steps >= 1, "run.steps", "be ≥ 1", steps);
            require(totalEnvSteps >= 1, "run.totalEnvSteps", "be ≥ 1", totalEnvSteps);
            require(checkpointEvery >= 0, "run.checkpointEvery", "be ≥ 0", checkpointEvery);
        }

        public RunSettings withSeed(long v) {
            return new RunSettings(v, envs, steps, totalEnvSteps, checkpointEvery);
        }

        public RunSettings withEnvs(int v) {
            return new RunSettings(seed, v, steps, totalEnvSteps, checkpointEvery);
        }

        public RunSettings withSteps(int v) {
            return new RunSettings(seed, envs, v, totalEnvSteps, checkpointEvery);
        }

        public RunSettings withTotalEnvSteps(long v) {
            return new RunSettings(seed, envs, steps, v, checkpointEvery);
        }

        public RunSettings withCheckpointEvery(int v) {
            return new RunSettings(seed, envs, steps, totalEnvSteps, v);
        }
    }

    /**
     * The eye's proximal policy optimisation.
     *
     * @param gamma                discount (0.99)
     * @param gaeLambda            GAE λ (0.95)
     * @param epochs               PPO epochs over each rollout (10, RL and BC in one loop)
     * @param minibatches          minibatches per epoch, split by env so each holds whole sequences (2)
     * @param clip                 ratio clip (0.2); values are not clipped (as the original)
     * @param valueCoef            value-loss weight (0.5)
     * @param entropyStart         entropy bonus (0.01) …
     * @param entropyEnd           … decayed linearly to this (0.003) …
     * @param entropyDecayFraction … over this last fraction of the run (2 M of 14 M ≈ 0.143)
     * @param targetKl             stop the eye's epochs of an iteration once approx-KL exceeds this (0.02); ≤ 0 disables
     * @param normalizeAdvantages  normalise advantages over the whole rollout (true; the original does it globally across ranks)
     */
    public record PpoSettings(double gamma, double gaeLambda, int epochs, int minibatches, double clip, double valueCoef,
                              double entropyStart, double entropyEnd, double entropyDecayFraction, double targetKl,
                              boolean normalizeAdvantages) {
        public PpoSettings {
            require(gamma > 0 && gamma <= 1, "ppo.gamma", "be in (0, 1]", gamma);
            require(gaeLambda >= 0 && gaeLambda <= 1, "ppo.gaeLambda", "be in [0, 1]", gaeLambda);
            require(epochs >= 1, "ppo.epochs", "be ≥ 1", epochs);
            require(minibatches >= 1, "ppo.minibatches", "be ≥ 1", minibatches);
            require(clip > 0 && Double.isFinite(clip), "ppo.clip", "be positive", clip);
            require(valueCoef >= 0 && Double.isFinite(valueCoef), "ppo.valueCoef", "be ≥ 0", valueCoef);
            require(entropyStart >= 0 && Double.isFinite(entropyStart), "ppo.entropyStart", "be ≥ 0", entropyStart);
            require(entropyEnd >= 0 && Double.isFinite(entropyEnd), "ppo.entropyEnd", "be ≥ 0", entropyEnd);
            require(inUnit(entropyDecayFraction), "ppo.entropyDecayFraction", "be in [0, 1]", entropyDecayFraction);
            require(Double.isFinite(targetKl), "ppo.targetKl", "be a finite number", targetKl);
        }

        public PpoSettings withEpochs(int v) {
            return new PpoSettings(gamma, gaeLambda, v, minibatches, clip, valueCoef, entropyStart, entropyEnd, entropyDecayFraction,
                    targetKl, normalizeAdvantages);
        }

        public PpoSettings withMinibatches(int v) {
            return new PpoSettings(gamma, gaeLambda, epochs, v, clip, valueCoef, entropyStart, entropyEnd, entropyDecayFraction,
                    targetKl, normalizeAdvantages);
        }

        public PpoSettings withTargetKl(double v) {
            return new PpoSettings(gamma, gaeLambda, epochs, minibatches, clip, valueCoef, entropyStart, entropyEnd,
                    entropyDecayFraction, v, normalizeAdvantages);
        }

        public PpoSettings withEntropy(double start, double end) {
            return new PpoSettings(gamma, gaeLambda, epochs, minibatches, clip, valueCoef, start, end, entropyDecayFraction,
                    targetKl, normalizeAdvantages);
        }

        public PpoSettings withGamma(double v) {
            return new PpoSettings(v, gaeLambda, epochs, minibatches, clip, valueCoef, entropyStart, entropyEnd, entropyDecayFraction,
                    targetKl, normalizeAdvantages);
        }
    }

    /**
     * The hand's behaviour cloning.
     *
     * @param epochs      passes over the rollout's BC observations per iteration, may be fractional (10:
     *                    the original's BC shares the RL epochs)
     * @param minibatch   observations per minibatch, drawn from the whole rollout (390: the original's
     *                    minibatch of 3 envs × 130 steps)
     * @param coef        weight of the BC loss in the single backward pass (1); 0: the hand does not learn
     * @param pausedSteps Saccade only: the hand also learns on the paused search steps (the original leaves
     *                    them out of BC, though the eye's reward covers them, so the hand's error there
     *                    hardly depends on where the eye looks)
     */
    public record BcSettings(double epochs, int minibatch, double coef, boolean pausedSteps) {
        public BcSettings {
            require(epochs >= 0 && Double.isFinite(epochs), "bc.epochs", "be ≥ 0", epochs);
            require(minibatch >= 1, "bc.minibatch", "be ≥ 1", minibatch);
            require(coef >= 0 && Double.isFinite(coef), "bc.coef", "be ≥ 0", coef);
        }

        public BcSettings withEpochs(double v) {
            return new BcSettings(v, minibatch, coef, pausedSteps);
        }

        public BcSettings withMinibatch(int v) {
            return new BcSettings(epochs, v, coef, pausedSteps);
        }

        public BcSettings withCoef(double v) {
            return new BcSettings(epochs, minibatch, v, pausedSteps);
        }

        public BcSettings withPausedSteps(boolean v) {
            return new BcSettings(epochs, minibatch, coef, v);
        }
    }

    /**
     * AdamW with two parameter groups (eye, hand).
     *
     * @param handLr      learning rate of the hand group (1e-4)
     * @param eyeLr       learning rate of the eye group (5e-5: eye_lr_scale 0.5)
     * @param beta1       β1 (0.9)
     * @param beta2       β2 (0.95)
     * @param eps         ε (1e-7)
     * @param weightDecay decoupled weight decay (0.01)
     * @param maxGradNorm gradient-norm clip per group (1.0)
     */
    public record OptimiserSettings(double handLr, double eyeLr, double beta1, double beta2, double eps, double weightDecay,
                                    double maxGradNorm) {
        public OptimiserSettings {
            require(handLr > 0 && Double.isFinite(handLr), "optimiser.handLr", "be positive", handLr);
            require(eyeLr > 0 && Double.isFinite(eyeLr), "optimiser.eyeLr", "be positive", eyeLr);
            require(beta1 >= 0 && beta1 < 1, "optimiser.beta1", "be in [0, 1)", beta1);
            require(beta2 >= 0 && beta2 < 1, "optimiser.beta2", "be in [0, 1)", beta2);
            require(eps > 0 && Double.isFinite(eps), "optimiser.eps", "be positive", eps);
            require(weightDecay >= 0 && Double.isFinite(weightDecay), "optimiser.weightDecay", "be ≥ 0", weightDecay);
            require(maxGradNorm > 0 && Double.isFinite(maxGradNorm), "optimiser.maxGradNorm", "be positive", maxGradNorm);
        }

        public OptimiserSettings withLearningRates(double hand, double eye) {
            return new OptimiserSettings(hand, eye, beta1, beta2, eps, weightDecay, maxGradNorm);
        }
    }

    /**
     * The learning-rate schedule: linear warm-up, constant, cosine decay at the end.
     *
     * @param warmupFraction  warm-up length (300 k of 14 M ≈ 0.0214) …
     * @param warmupStart     … from this factor of the learning rate to 1 (0.1)
     * @param decayFraction   cosine decay over this last fraction of the run (2 M of 14 M ≈ 0.143) …
     * @param finalLrFraction … down to this factor (0.01)
     */
    public record ScheduleSettings(double warmupFraction, double warmupStart, double decayFraction, double finalLrFraction) {
        public ScheduleSettings {
            require(inUnit(warmupFraction), "schedule.warmupFraction", "be in [0, 1]", warmupFraction);
            require(inUnit(decayFraction), "schedule.decayFraction", "be in [0, 1]", decayFraction);
            require(warmupFraction + decayFraction <= 1, "schedule.decayFraction", "leave room for the warm-up (warm-up + decay ≤ 1)",
                    decayFraction);
            require(warmupStart > 0 && warmupStart <= 1, "schedule.warmupStart", "be in (0, 1]", warmupStart);
            require(finalLrFraction > 0 && finalLrFraction <= 1, "schedule.finalLrFraction", "be in (0, 1]", finalLrFraction);
        }

        public ScheduleSettings withWarmupFraction(double v) {
            return new ScheduleSettings(v, warmupStart, decayFraction, finalLrFraction);
        }
    }

    /** Which teacher gives the eye an extra learning signal besides PPO on the hand's reward. */
    public enum TeacherKind {
        /** None: the eye learns from its reward alone (the original). */
        NONE,
        /** The scripted oracle, which reads the annotations (an upper-bound ablation: DAgger labels and roll-ins). */
        ORACLE,
        /**
         * Annotation-free: candidate gazes scored by the hand's error on the demonstration's known
         * future, the best (or a softmin over them) imitated in the states the eye visits.
         */
        HAND_SCORED,
        /**
         * Annotation-free: saccades toward where the demonstrated hand acts next (its position at the
         * next change of grip, from joints, kinematics and the camera's calibration), imitated with
         * DAgger's labels and roll-ins.
         */
        HINDSIGHT;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Which candidate actions a hand-scored teacher renders and scores. */
    public enum CandidateSet {
        /** Stay and the eight 10° saccades (9 views per labelled step). */
        COARSE,
        /** All 25 actions. */
        ALL;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The eye's teacher (Saccade only): imitation of its labels in the states the eye visits (DAgger),
     * added to PPO's loss.
     *
     * @param kind           which teacher ({@link TeacherKind#NONE}: the original, PPO alone)
     * @param coef           weight of the imitation loss, the cross-entropy of the eye's action distribution
     *                       against the teacher's labels …
     * @param decayEnvSteps  … decayed linearly to 0 over this many env steps from the start (0: constant for
     *                       the whole run), after which PPO alone drives the eye
     * @param rollInShare    DAgger's roll-in mixing: the probability that a training step's action is the
     *                       teacher's rather than the eye's (left out of PPO, kept for imitation and BC),
     *                       decayed as the imitation weight (0: the eye's own actions only)
     * @param temperatureDeg soft labels of the oracle: every action weighted by exp(−(its distance to what the
     *                       teacher aims at − the best's) / this), in degrees (0: the teacher's single action)
     * @param scoreEvery     hand-scored teacher: candidate views are rendered and scored on every this-many-th step
     *                       of an episode (its cost: one pyramid and one hand pass per candidate)
     * @param candidates     hand-scored teacher: which actions are candidates ({@link CandidateSet#COARSE}: stay and
     *                       the 10° saccades)
     * @param softminCm      hand-scored teacher: soft labels, each candidate weighted by exp(−(its error − the
     *                       best's) / this), in centimetres of tool0 Chamfer error (0: the argmin alone)
     * @param minSpreadCm    hand-scored teacher: a step is labelled only if its candidates' errors differ by more
     *                       than this (cm), so a hand that does not yet use its views teaches nothing (0: always)
     */
    public record TeacherSettings(TeacherKind kind, double coef, long decayEnvSteps, double rollInShare, double temperatureDeg,
                                  int scoreEvery, CandidateSet candidates, double softminCm, double minSpreadCm) {
        /** No teacher: PPO alone. */
        public static final TeacherSettings NONE = new TeacherSettings(TeacherKind.NONE, 0, 0, 0, 0, 4, CandidateSet.COARSE, 0, 0);

        public TeacherSettings {
            require(kind != null, "teacher.kind", "be one of none, oracle, hand_scored, hindsight", null);
            require(coef >= 0 && Double.isFinite(coef), "teacher.coef", "be ≥ 0", coef);
            require(decayEnvSteps >= 0, "teacher.decayEnvSteps", "be ≥ 0", decayEnvSteps);
            require(rollInShare >= 0 && rollInShare <= 1, "teacher.rollInShare", "be in [0, 1]", rollInShare);
            require(temperatureDeg >= 0 && Double.isFinite(temperatureDeg), "teacher.temperatureDeg", "be ≥ 0", temperatureDeg);
            require(scoreEvery >= 1, "teacher.scoreEvery", "be ≥ 1", scoreEvery);
            require(candidates != null, "teacher.candidates", "be coarse or all", null);
            require(softminCm >= 0 && Double.isFinite(softminCm), "teacher.softminCm", "be ≥ 0", softminCm);
            require(minSpreadCm >= 0 && Double.isFinite(minSpreadCm), "teacher.minSpreadCm", "be ≥ 0", minSpreadCm);
            require(kind != TeacherKind.HAND_SCORED || rollInShare == 0, "teacher.rollInShare",
                    "be 0 for the hand-scored teacher (its labels come after collection, too late to drive the eye)", rollInShare);
            require(kind != TeacherKind.NONE || (coef == 0 && rollInShare == 0), "teacher.kind",
                    "name a teacher when teacher.coef or teacher.rollInShare is above 0", kind);
            require(rollInShare == 0 || coef > 0 || decayEnvSteps > 0, "teacher.decayEnvSteps",
                    "be > 0 for roll-ins without imitation (they decay over it)", decayEnvSteps);
        }

        /** The scripted oracle with these weights. */
        public static TeacherSettings oracle(double coef, long decayEnvSteps, double rollInShare, double temperatureDeg) {
            return new TeacherSettings(TeacherKind.ORACLE, coef, decayEnvSteps, rollInShare, temperatureDeg, 4, CandidateSet.COARSE, 0, 0);
        }

        /** Kinematic hindsight with these weights (as {@link #oracle}'s, without reading an annotation). */
        public static TeacherSettings hindsight(double coef, long decayEnvSteps, double rollInShare, double temperatureDeg) {
            return new TeacherSettings(TeacherKind.HINDSIGHT, coef, decayEnvSteps, rollInShare, temperatureDeg, 4, CandidateSet.COARSE, 0, 0);
        }

        /** The annotation-free hand-scored teacher with these weights and scoring settings. */
        public static TeacherSettings handScored(double coef, long decayEnvSteps, int scoreEvery, CandidateSet candidates,
                                                 double softminCm, double minSpreadCm) {
            return new TeacherSettings(TeacherKind.HAND_SCORED, coef, decayEnvSteps, 0, 0, scoreEvery, candidates, softminCm, minSpreadCm);
        }

        public TeacherSettings withCoef(double v) {
            return new TeacherSettings(kind, v, decayEnvSteps, rollInShare, temperatureDeg, scoreEvery, candidates, softminCm, minSpreadCm);
        }

        public TeacherSettings withDecayEnvSteps(long v) {
            return new TeacherSettings(kind, coef, v, rollInShare, temperatureDeg, scoreEvery, candidates, softminCm, minSpreadCm);
        }

        /** Whether the rollouts need the teacher's labels: for imitation, or for roll-ins handed to it. */
        public boolean active() {
            return kind != TeacherKind.NONE;
        }
    }

    /** Where the eye's reward comes from. */
    public enum RewardFrom {
        /** The hand's prediction (BC-RL). */
        HAND,
        /** The environment (visual-search pretraining of the eye). */
        ENV
    }

    /**
     * The run's stages and who drives the gaze.
     *
     * @param rewardFrom            HAND: the eye is rewarded by the hand's prediction (BC-RL); ENV: by the
     *                              environment (visual-search pretraining of the eye)
     * @param rewardNextObservation score the hand on the observation an action leads to (Saccade), not the one
     *                              it was taken from (original: false)
     * @param searchEnvSteps        Saccade only: env steps at the start of a HAND run in which the eye is rewarded
     *                              by the environment instead (visual search on the same episodes); the critic
     *                              restarts when the hand's reward takes over (0: none, BC-RL from the start)
     * @param gaze                  {@link GazeRegime#LEARNED} (the eye learns by PPO), or a baseline eye of the gym
     *                              that drives the gaze while only the hand learns (BC under a fixed gaze regime,
     *                              the fair comparison for each baseline)
     */
    public record StageSettings(RewardFrom rewardFrom, boolean rewardNextObservation, long searchEnvSteps, GazeRegime gaze) {
        public StageSettings {
            require(rewardFrom != null, "stages.rewardFrom", "be HAND or ENV", null);
            require(searchEnvSteps >= 0, "stages.searchEnvSteps", "be ≥ 0", searchEnvSteps);
            require(gaze != null && gaze != GazeRegime.LEARNED_SAMPLED, "stages.gaze",
                    "be one of " + GazeRegime.names(GazeRegime.trainable()), gaze);
            require(gaze == GazeRegime.LEARNED || searchEnvSteps == 0, "stages.searchEnvSteps",
                    "be 0 under a baseline gaze (it has no search stage)", searchEnvSteps);
        }

        public StageSettings withRewardFrom(RewardFrom v) {
            return new StageSettings(v, rewardNextObservation, searchEnvSteps, gaze);
        }

        public StageSettings withSearchEnvSteps(long v) {
            return new StageSettings(rewardFrom, rewardNextObservation, v, gaze);
        }

        public StageSettings withGaze(GazeRegime v) {
            return new StageSettings(rewardFrom, rewardNextObservation, searchEnvSteps, v);
        }
    }

    public BcRlConfig {
        require(run != null && ppo != null && bc != null && optimiser != null && schedule != null && teacher != null && stages != null,
                "config", "have every group (run, ppo, bc, optimiser, schedule, teacher, stages)", null);
        require(ppo.minibatches() <= run.envs(), "ppo.minibatches", "be ≤ run.envs (they split the envs), which is " + run.envs(),
                ppo.minibatches());
        require(stages.gaze() == GazeRegime.LEARNED || !teacher.active(), "teacher.kind",
                "be none under a baseline gaze (there is no eye to teach)", teacher.kind());
    }

    /** Whether the eye learns (PPO); otherwise a baseline eye drives the gaze and only the hand learns. */
    public boolean trainEye() {
        return stages.gaze() == GazeRegime.LEARNED;
    }

    /**
     * Why this run reads ground-truth annotations in training (a labelled oracle ablation: the
     * scripted-oracle teacher, the search stage's reward, a baseline eye that reads them), or empty
     * if it reads none and so trains on demonstrations whose annotations are withheld.
     */
    public java.util.Optional<String> readsAnnotations() {
        if (teacher.kind() == TeacherKind.ORACLE) {
            return java.util.Optional.of("teacher.kind oracle (the scripted oracle reads the annotations)");
        }
        if (stages.searchEnvSteps() > 0 || stages.rewardFrom() == RewardFrom.ENV) {
            return java.util.Optional.of("the visual-search reward (stages.searchEnvSteps / rewardFrom ENV) reads the annotations");
        }
        if (stages.gaze().readsAnnotations()) {
            return java.util.Optional.of("the " + stages.gaze() + " baseline eye reads the annotations");
        }
        return java.util.Optional.empty();
    }

    /** The original's values, with a CPU-sized run length of 300 k env steps. */
    public static BcRlConfig defaults() {
        return new BcRlConfig(
                new RunSettings(1, 6, 130, 300_000, 10),
                new PpoSettings(0.99, 0.95, 10, 2, 0.2, 0.5, 0.01, 0.003, 2.0 / 14, 0.02, true),
                new BcSettings(10, 390, 1.0, false),
                new OptimiserSettings(1e-4, 5e-5, 0.9, 0.95, 1e-7, 0.01, 1.0),
                new ScheduleSettings(0.3 / 14, 0.1, 2.0 / 14, 0.01),
                TeacherSettings.NONE,
                new StageSettings(RewardFrom.HAND, true, 0, GazeRegime.LEARNED));
    }

    public BcRlConfig withRun(UnaryOperator<RunSettings> change) {
        return new BcRlConfig(change.apply(run), ppo, bc, optimiser, schedule, teacher, stages);
    }

    public BcRlConfig withPpo(UnaryOperator<PpoSettings> change) {
        return new BcRlConfig(run, change.apply(ppo), bc, optimiser, schedule, teacher, stages);
    }

    public BcRlConfig withBc(UnaryOperator<BcSettings> change) {
        return new BcRlConfig(run, ppo, change.apply(bc), optimiser, schedule, teacher, stages);
    }

    public BcRlConfig withOptimiser(UnaryOperator<OptimiserSettings> change) {
        return new BcRlConfig(run, ppo, bc, change.apply(optimiser), schedule, teacher, stages);
    }

    public BcRlConfig withSchedule(UnaryOperator<ScheduleSettings> change) {
        return new BcRlConfig(run, ppo, bc, optimiser, change.apply(schedule), teacher, stages);
    }

    public BcRlConfig withTeacher(TeacherSettings changed) {
        return new BcRlConfig(run, ppo, bc, optimiser, schedule, changed, stages);
    }

    public BcRlConfig withStages(UnaryOperator<StageSettings> change) {
        return new BcRlConfig(run, ppo, bc, optimiser, schedule, teacher, change.apply(stages));
    }

    // ---------------------------------------------------------------- JSON

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
            .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** The whole config as a JSON object of its groups (what {@link #read} takes back). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("a config always serialises", e);
        }
    }

    /** The defaults overlaid with a JSON file's settings. */
    public static BcRlConfig read(Path file) throws IOException {
        return read(file, defaults());
    }

    /** {@code base} overlaid with a JSON file's settings (any groups, each with any subset of its keys). */
    public static BcRlConfig read(Path file, BcRlConfig base) throws IOException {
        JsonNode user;
        try {
            user = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new InputException(file, "not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
        if (user == null || !user.isObject()) {
            throw new InputException(file, "expected a JSON object of training settings grouped as "
                    + "{\"run\": {...}, \"ppo\": {...}, \"bc\": {...}, \"optimiser\": {...}, \"schedule\": {...}, "
                    + "\"teacher\": {...}, \"stages\": {...}}");
        }
        return overlay(base, (ObjectNode) user, file);
    }

    /** {@code base} overlaid with {@code user}'s groups and keys; errors name the key and {@code file} (may be null). */
    static BcRlConfig overlay(BcRlConfig base, ObjectNode user, Path file) {
        ObjectNode node = JSON.valueToTree(base);
        for (Iterator<Map.Entry<String, JsonNode>> groups = user.fields(); groups.hasNext(); ) {
            Map.Entry<String, JsonNode> g = groups.next();
            if (!node.has(g.getKey())) {
                throw error(file, "unknown setting group '" + g.getKey() + "'; the groups are " + fieldNames(node));
            }
            if (!g.getValue().isObject()) {
                throw error(file, "setting group '" + g.getKey() + "' must be a JSON object of its settings, got " + g.getValue());
            }
            ObjectNode into = (ObjectNode) node.get(g.getKey());
            for (Iterator<Map.Entry<String, JsonNode>> keys = g.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> k = keys.next();
                if (!into.has(k.getKey())) {
                    throw error(file, "unknown setting '" + g.getKey() + "." + k.getKey() + "'; " + g.getKey() + " has " + fieldNames(into));
                }
                into.set(k.getKey(), k.getValue());
            }
        }
        try {
            return JSON.treeToValue(node, BcRlConfig.class);
        } catch (JacksonException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof InputException ie) { // a range check of a record's constructor: it names the key
                    throw file == null ? ie : new InputException(file, ie.getMessage(), ie);
                }
            }
            String key = e instanceof JsonMappingException m ? keyPath(m) : "?";
            throw error(file, "setting '" + key + "' has the wrong type: " + e.getOriginalMessage().split("\n")[0]);
        }
    }

    private static String keyPath(JsonMappingException m) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            }
        }
        return b.toString();
    }

    private static String fieldNames(ObjectNode node) {
        StringBuilder b = new StringBuilder();
        node.fieldNames().forEachRemaining(n -> b.append(b.length() == 0 ? "" : ", ").append(n));
        return b.toString();
    }

    private static InputException error(Path file, String message) {
        return file == null ? new InputException("training config: " + message) : new InputException(file, message);
    }

    private static boolean inUnit(double v) {
        return v >= 0 && v <= 1;
    }

    /** Fails naming {@code key} and the value it got. */
    private static void require(boolean ok, String key, String must, Object got) {
        if (!ok) {
            throw new InputException("training config: " + key + " must " + must + (got == null ? "" : ", got " + got));
        }
    }
}
