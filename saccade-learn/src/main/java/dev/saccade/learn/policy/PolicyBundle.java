package dev.saccade.learn.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.saccade.learn.encoder.TokenEncoder;
import java.util.List;

/**
 * What travels with a policy's model wherever it goes (training, checkpoints, acting): its
 * configuration, the action statistics its chunks are normalised with, and the frozen encoder of
 * its views. The parts are checked to fit once, here.
 */
public record PolicyBundle(PolicyConfig config, ActionStats stats, TokenEncoder encoder) {
    public PolicyBundle {
        String misfit = misfit(config, encoder);
        if (misfit != null) {
            throw new IllegalArgumentException(misfit);
        }
        if (stats.joints() != config.joints()) {
            throw new IllegalArgumentException("action stats for " + stats.joints() + " joints, policy has " + config.joints());
        }
    }

    /** Why {@code encoder} does not fit {@code config}, or null if it does. */
    public static String misfit(PolicyConfig config, TokenEncoder encoder) {
        if (encoder.tokensPerLevel() == config.tokensPerLevel() && encoder.dim() == config.encoderDim()
                && encoder.imageSize() == config.imageSize()) {
            return null;
        }
        return "the encoder gives " + encoder.tokensPerLevel() + " tokens of " + encoder.dim() + " per " + encoder.imageSize()
                + "-px level; the policy takes " + config.tokensPerLevel() + " of " + config.encoderDim() + " per "
                + config.imageSize() + "-px level";
    }

    /** Tokens {@code [n, imageTokens, encoderDim]} of {@code n} pyramids, without gradients. */
    public NDArray encode(NDManager scope, List<float[]> pyramids) {
        int n = pyramids.size();
        int per = config.pyramidFloats();
        float[] all = new float[n * per];
        for (int e = 0; e < n; e++) {
            float[] p = pyramids.get(e);
            if (p.length != per) {
                throw new IllegalArgumentException("env " + e + ": pyramid of " + p.length + " floats, expected " + per);
            }
            System.arraycopy(p, 0, all, e * per, per);
        }
        int s = config.imageSize();
        NDArray images = scope.create(all, new Shape((long) n * config.levels(), 3, s, s));
        return encoder.encode(images).reshape(n, config.imageTokens(), config.encoderDim());
    }
}
