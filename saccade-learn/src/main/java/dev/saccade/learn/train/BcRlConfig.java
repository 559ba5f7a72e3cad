package dev.saccade.learn.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.core.InputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Every setting of BC-RL training in one place, CleanRL style. Comments give the original's value
 * (EyeRobot {@code scripts/train_bcrl.py}, reference/eyerobot.md §4–§5); schedule lengths are
 * fractions of the run, so a CPU-sized budget keeps the original's shape.
 *
 * @param seed                  seeds weights, sampling and episode draws
 * @param envs                  parallel episodes per iteration (original 6 per GPU)
 * @param steps                 steps per episode row (original 130: 30 paused + 100 playing)
 * @param totalEnvSteps         length of the run in env steps (original 14 M; CPU runs far fewer)
 * @param gamma                 discount (0.99)
 * @param gaeLambda             GAE λ (0.95)
 * @param epochs                the eye's PPO epochs over each rollout (10, RL and BC in one loop)
 * @param minibatches           the eye's minibatches per epoch, split by env so each holds whole sequences (2)
 * @param bcEpochs              the hand's passes over the rollout's BC observations per iteration, may be
 *                              fractional (10: the original's BC shares the RL epochs)
 * @param bcMinibatch           observations per BC minibatch, drawn from the whole rollout (390: the
 *                              original's minibatch of 3 envs × 130 steps)
 * @param clip                  PPO ratio clip (0.2); values are not clipped (as the original)
 * @param valueCoef             value-loss weight (0.5)
 * @param entropyStart          entropy bonus (0.01) …
 * @param entropyEnd            … decayed linearly to this (0.003) …
 * @param entropyDecayFraction  … over this last fraction of the run (2 M of 14 M ≈ 0.143)
 * @param targetKl              stop the epochs of an iteration once approx-KL exceeds this (0.02); ≤ 0 disables
 * @param bcCoef                weight of the BC loss in the single backward pass (1)
 * @param handLr                AdamW learning rate of the hand group (1e-4)
 * @param eyeLr                 AdamW learning rate of the eye group (5e-5: eye_lr_scale 0.5)
 * @param beta1                 AdamW β1 (0.9)
 * @param beta2                 AdamW β2 (0.95)
 * @param adamEps               AdamW ε (1e-7)
 * @param weightDecay           AdamW weight decay (0.01)
 * @param warmupFraction        linear warm-up length (300 k of 14 M ≈ 0.0214) …
 * @param warmupStart           … from this factor of the learning rate to 1 (0.1)
 * @param decayFraction         cosine decay over this last fraction of the run (2 M of 14 M ≈ 0.143) …
 * @param finalLrFraction       … down to this factor (0.01)
 * @param maxGradNorm           gradient-norm clip per group (1.0)
 * @param normalizeAdvantages   normalise advantages over the whole rollout (true; the original does it globally across ranks)
 * @param rewardNextObservation score the hand on the observation an action leads to (Saccade), not the one it was taken from (original: false)
 * @param checkpointEvery       write a checkpoint every this many iterations (0: only at the end)
 * @param rewardFrom            HAND: the eye is rewarded by the hand's prediction (BC-RL); ENV: by the
 *                              environment (visual-search pretraining of the eye)
 * @param searchEnvSteps        Saccade only: env steps at the start of a HAND run in which the eye is
 *                              rewarded by the environment instead (visual search on the same episodes,
 *                              see {@link GymSource#withSearchReward}); the critic restarts when the
 *                              hand's reward takes over (0: none, BC-RL from the start)
 * @param gaze                  Saccade only: "learned" (the eye learns by PPO), or the name of a baseline eye
 *                              of the gym ({@code random}, {@code fixed}, {@code best-fixed}, {@code oracle})
 *                              that the rollout source lets drive the gaze: no PPO, only the hand learns
 *                              (BC under a fixed gaze regime, the fair comparison for each baseline)
 * @param imitationCoef         Saccade only: weight of the eye's imitation loss, cross-entropy of its action
 *                              distribution against the scripted oracle's action in the states the eye itself
 *                              visits (DAgger; {@link GymSource#withExpert}), added to PPO's loss (0: none, the
 *                              original; the eye learns from its reward alone) …
 * @param imitationEnvSteps     … decayed linearly to 0 over this many env steps from the start (0: constant for
 *                              the whole run), after which PPO alone drives the eye
 * @param expertShare           Saccade only: DAgger's roll-in mixing, the probability that a training step's action is
 *                              the oracle's rather than the eye's (left out of PPO, kept for imitation and BC), decayed
 *                              as the imitation weight (0: the eye's own actions only). Without imitation
 *                              (imitationCoef 0) it only gives the hand good views to learn from while the eye
 *                              learns from its reward alone
 * @param imitationTemperatureDeg Saccade only: soft imitation labels, every action weighted by
 *                              exp(−(its distance to the relevant thing − the best's) / this), in degrees
 *                              (0: the oracle's single action)
 * @param bcPausedSteps         Saccade only: the hand also learns on the paused search steps (the original leaves
 *                              them out of BC, though the eye's reward covers them, so the hand's error there
 *                              hardly depends on where the eye looks)
 */
public record BcRlConfig(
        long seed, int envs, int steps, long totalEnvSteps,
        double gamma, double gaeLambda, int epochs, int minibatches, double bcEpochs, int bcMinibatch,
        double clip, double valueCoef, double entropyStart, double entropyEnd, double entropyDecayFraction,
        double targetKl, double bcCoef,
        double handLr, double eyeLr, double beta1, double beta2, double adamEps, double weightDecay,
        double warmupFraction, double warmupStart, double decayFraction, double finalLrFraction, double maxGradNorm,
        boolean normalizeAdvantages, boolean rewardNextObservation, int checkpointEvery, RewardFrom rewardFrom,
        long searchEnvSteps, String gaze, double imitationCoef, long imitationEnvSteps, double expertShare,
        double imitationTemperatureDeg, boolean bcPausedSteps) {

    /** The value of {@code gaze} for an eye that learns. */
    public static final String LEARNED = "learned";

    /** Where the eye's reward comes from. */
    public enum RewardFrom { HAND, ENV }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public BcRlConfig {
        require(rewardFrom != null, "rewardFrom must be HAND or ENV");
        require(envs >= 1 && steps >= 1 && totalEnvSteps >= 1, "envs, steps and totalEnvSteps must be positive");
        require(minibatches >= 1 && minibatches <= envs, "minibatches must be in [1, envs] (they split the envs)");
        require(epochs >= 1, "epochs must be positive");
        require(bcEpochs >= 0 && Double.isFinite(bcEpochs) && bcMinibatch >= 1, "bcEpochs must be ≥ 0 and bcMinibatch positive");
        require(searchEnvSteps >= 0, "searchEnvSteps must be ≥ 0");
        require(gaze != null && (gaze.equals(LEARNED) || dev.saccade.gym.rollout.Baselines.NAMES.contains(gaze)),
                "gaze must be learned or one of " + dev.saccade.gym.rollout.Baselines.NAMES);
        require(gaze.equals(LEARNED) || searchEnvSteps == 0, "a baseline gaze has no search stage (searchEnvSteps must be 0)");
        require(gamma > 0 && gamma <= 1 && gaeLambda >= 0 && gaeLambda <= 1, "gamma in (0, 1] and gaeLambda in [0, 1]");
        require(clip > 0 && valueCoef >= 0 && bcCoef >= 0 && entropyStart >= 0 && entropyEnd >= 0, "coefficients must be non-negative");
        require(handLr > 0 && eyeLr > 0 && maxGradNorm > 0 && adamEps > 0, "learning rates, eps and maxGradNorm must be positive");
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must be in [0, 1)");
        require(inUnit(warmupFraction) && inUnit(decayFraction) && inUnit(entropyDecayFraction) && warmupFraction + decayFraction <= 1,
                "schedule fractions must be in [0, 1] and warm-up + decay ≤ 1");
        require(warmupStart > 0 && warmupStart <= 1 && finalLrFraction > 0 && finalLrFraction <= 1, "lr factors must be in (0, 1]");
        require(checkpointEvery >= 0, "checkpointEvery must be ≥ 0");
        require(imitationCoef >= 0 && Double.isFinite(imitationCoef) && imitationEnvSteps >= 0,
                "imitationCoef and imitationEnvSteps must be ≥ 0");
        require(imitationCoef == 0 || gaze.equals(LEARNED), "a baseline gaze has no eye to imitate with (imitationCoef must be 0)");
        require(expertShare >= 0 && expertShare <= 1, "expertShare must be in [0, 1]");
        require(imitationTemperatureDeg >= 0 && Double.isFinite(imitationTemperatureDeg), "imitationTemperatureDeg must be ≥ 0");
        require(expertShare == 0 || gaze.equals(LEARNED), "a baseline gaze has no roll-ins to share (expertShare must be 0)");
        require(expertShare == 0 || imitationCoef > 0 || imitationEnvSteps > 0,
                "expertShare without imitation decays over imitationEnvSteps: set it > 0");
    }

    /** Whether the eye imitates the scripted oracle at some point of the run. */
    public boolean imitates() {
        return imitationCoef > 0;
    }

    /** Whether the rollouts need the oracle's actions: for imitation, or for roll-ins handed to it. */
    public boolean needsOracle() {
        return imitationCoef > 0 || expertShare > 0;
    }

    /** Whether the eye learns (PPO); otherwise a baseline eye drives the gaze and only the hand learns. */
    public boolean trainEye() {
        return gaze.equals(LEARNED);
    }

    private static boolean inUnit(double v) {
        return v >= 0 && v <= 1;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new InputException("training config: " + message);
        }
    }

    /** The original's values, with a CPU-sized run length of 300 k env steps. */
    public static BcRlConfig defaults() {
        return new BcRlConfig(1, 6, 130, 300_000,
                0.99, 0.95, 10, 2, 10, 390,
                0.2, 0.5, 0.01, 0.003, 2.0 / 14,
                0.02, 1.0,
                1e-4, 5e-5, 0.9, 0.95, 1e-7, 0.01,
                0.3 / 14, 0.1, 2.0 / 14, 0.01, 1.0,
                true, true, 10, RewardFrom.HAND, 0, LEARNED, 0, 0, 0, 0, false);
    }

    /**
     * A copy with some settings changed, by name ({@code Map.of("targetKl", 0.0, "epochs", 4)}):
     * the same names as in a config file. Unknown names and wrong types are {@link InputException}s.
     */
    public BcRlConfig with(Map<String, ?> overrides) {
        ObjectNode node = JSON.valueToTree(this);
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            if (!node.has(e.getKey())) {
                throw new InputException("training config: unknown setting '" + e.getKey() + "'");
            }
            node.set(e.getKey(), JSON.valueToTree(e.getValue()));
        }
        return fromTree(node, null);
    }

    /** The defaults overlaid with a JSON file's settings (any subset of the record's names). */
    public static BcRlConfig read(Path file) throws IOException {
        return read(file, defaults());
    }

    /** {@code base} overlaid with a JSON file's settings (any subset of the record's names). */
    public static BcRlConfig read(Path file, BcRlConfig base) throws IOException {
        JsonNode user;
        try {
            user = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new InputException(file, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (user == null || !user.isObject()) {
            throw new InputException(file, "expected a JSON object of training settings");
        }
        ObjectNode node = JSON.valueToTree(base);
        for (Map.Entry<String, JsonNode> e : user.properties()) {
            if (!node.has(e.getKey())) {
                throw new InputException(file, "unknown setting '" + e.getKey() + "'");
            }
            node.set(e.getKey(), e.getValue());
        }
        return fromTree(node, file);
    }

    private static BcRlConfig fromTree(ObjectNode node, Path file) {
        try {
            return JSON.treeToValue(node, BcRlConfig.class);
        } catch (JacksonException e) {
            Throwable cause = e.getCause() instanceof InputException ie ? ie : null;
            if (cause != null) {
                throw file == null ? (InputException) cause : new InputException(file, cause.getMessage(), cause);
            }
            throw new InputException(file, "bad training setting: " + e.getOriginalMessage(), e);
        }
    }
}
