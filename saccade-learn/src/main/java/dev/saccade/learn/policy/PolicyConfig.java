package dev.saccade.learn.policy;

import dev.saccade.core.InputException;
import java.util.List;

/**
 * The shape of the foveated policy (FoRT): pyramid, token grid, transformer sizes and output sizes.
 * Values in comments are the original's (reference/eyerobot.md §3, {@code train_bcrl.Args});
 * Saccade's defaults are the CPU-scale ones of DESIGN.md §5.
 *
 * @param levels           pyramid levels (3)
 * @param imageSize        side of a level image in pixels (original 256)
 * @param fieldsOfViewDeg  horizontal field of view of each level, fovea first (17.3°, 62.3°, 116°)
 * @param tokensPerLevel   encoder tokens per level, a square grid (original 256 = 16×16; Saccade 16 = 4×4, see docs/LEARNING.md)
 * @param encoderDim       channels per encoder token (original 384, DINO ViT-S)
 * @param width            transformer width (original 384)
 * @param heads            attention heads (original 12)
 * @param eyeBlocks        blocks of the eye transformer (original 3)
 * @param handBlocks       blocks of the hand transformer (original 3)
 * @param mlpRatio         MLP width over transformer width (4)
 * @param window           steps the eye remembers, the current one included (10)
 * @param chunk            frames of action the hand predicts (30)
 * @param joints           values per action frame: 6 joints and the gripper (7)
 * @param eyeActions       discrete eye actions (25)
 * @param tasks            task ids (5)
 * @param ropeTheta        RoPE base (1000)
 * @param ropeAxes         RoPE dimensions per head for (time, y, x) ([8, 12, 12] of 32)
 * @param headHidden       hidden width of the actor, critic and joint heads (256)
 * @param adapterHidden    hidden width of the image-token adapter's MLP, 0 for none (Saccade only; default 0)
 */
public record PolicyConfig(
        int levels, int imageSize, List<Double> fieldsOfViewDeg, int tokensPerLevel, int encoderDim,
        int width, int heads, int eyeBlocks, int handBlocks, int mlpRatio,
        int window, int chunk, int joints, int eyeActions, int tasks,
        double ropeTheta, List<Integer> ropeAxes, int headHidden, int adapterHidden) {

    /** Eye tokens per step: actor, critic, gaze, task, proprioception. */
    public static final int EYE_TOKENS = 5;
    /** Eye tokens a later step may see: all but proprioception (the original's mask). */
    public static final int EYE_MEMORY_TOKENS = 4;

    public PolicyConfig {
        fieldsOfViewDeg = List.copyOf(fieldsOfViewDeg);
        ropeAxes = List.copyOf(ropeAxes);
        require(levels >= 1 && fieldsOfViewDeg.size() == levels, "fieldsOfViewDeg needs one value per level (" + levels + ")");
        for (int i = 0; i < levels; i++) {
            double f = fieldsOfViewDeg.get(i);
            require(f > 0 && f < 180, "field of view " + f + "° must be in (0°, 180°)");
            require(i == 0 || f > fieldsOfViewDeg.get(i - 1), "fields of view must grow from the fovea outwards");
        }
        long g = Math.round(Math.sqrt(tokensPerLevel));
        require(tokensPerLevel >= 1 && g * g == tokensPerLevel && tokensPerLevel <= 64,
                "tokensPerLevel must be a square grid of at most 64 tokens, got " + tokensPerLevel);
        require(imageSize >= 8, "imageSize must be at least 8");
        require(width >= 8 && heads >= 1 && width % heads == 0, "width " + width + " must split into " + heads + " heads");
        require(ropeAxes.size() == 3 && ropeAxes.stream().mapToInt(Integer::intValue).sum() == width / heads
                        && ropeAxes.stream().allMatch(a -> a >= 0 && a % 2 == 0),
                "ropeAxes must be three even values summing to the head dim " + (width / heads));
        require(eyeBlocks >= 1 && handBlocks >= 1 && mlpRatio >= 1, "blocks and mlpRatio must be positive");
        require(window >= 1 && chunk >= 1 && joints >= 1 && eyeActions >= 2 && tasks >= 1, "window, chunk, joints, eyeActions, tasks must be positive");
        require(encoderDim >= 1 && headHidden >= 1 && adapterHidden >= 0 && ropeTheta > 1, "sizes must be positive");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new InputException("policy config: " + message);
        }
    }

    /** Saccade's CPU-scale defaults (DESIGN.md §5). */
    public static PolicyConfig defaults() {
        return new PolicyConfig(3, 64, List.of(17.3, 62.3, 116.0), 16, 128,
                128, 4, 2, 2, 4,
                10, 30, 7, 25, 5,
                1000, List.of(8, 12, 12), 256, 0);
    }

    /**
     * The ablation of foveation at an equal budget (issue 6): one uniform 116° level of 112² pixels
     * in a 7 × 7 token grid, against the pyramid's three levels of 64² in 4 × 4 tokens each (49
     * tokens and 12,544 pixels against 48 and 12,288). Everything else as {@link #defaults()}.
     */
    public static PolicyConfig uniformView() {
        PolicyConfig d = defaults();
        return new PolicyConfig(1, 112, List.of(116.0), 49, d.encoderDim(), d.width(), d.heads(), d.eyeBlocks(), d.handBlocks(),
                d.mlpRatio(), d.window(), d.chunk(), d.joints(), d.eyeActions(), d.tasks(), d.ropeTheta(), d.ropeAxes(),
                d.headHidden(), d.adapterHidden());
    }

    /**
     * A copy whose eye remembers {@code steps} steps, the current one included (1: no memory, the
     * eye acts on what it sees now and where it looks).
     */
    public PolicyConfig withWindow(int steps) {
        return new PolicyConfig(levels, imageSize, fieldsOfViewDeg, tokensPerLevel, encoderDim, width, heads, eyeBlocks, handBlocks,
                mlpRatio, steps, chunk, joints, eyeActions, tasks, ropeTheta, ropeAxes, headHidden, adapterHidden);
    }

    /** Side of the token grid. */
    public int grid() {
        return (int) Math.round(Math.sqrt(tokensPerLevel));
    }

    /** Image tokens per step, all levels. */
    public int imageTokens() {
        return levels * tokensPerLevel;
    }

    public int headDim() {
        return width / heads;
    }

    /** Floats in one observation's pyramid, {@code [level][channel][row][col]}. */
    public int pyramidFloats() {
        return levels * 3 * imageSize * imageSize;
    }

    /** Floats in one action chunk. */
    public int chunkFloats() {
        return chunk * joints;
    }
}
