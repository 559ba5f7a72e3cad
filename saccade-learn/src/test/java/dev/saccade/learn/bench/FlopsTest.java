package dev.saccade.learn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.saccade.learn.nn.Linear;
import dev.saccade.learn.nn.ParallelBlock;
import dev.saccade.learn.nn.Params;
import dev.saccade.learn.nn.Rng;
import dev.saccade.learn.policy.PolicyConfig;
import org.junit.jupiter.api.Test;

class FlopsTest {
    @Test
    void aLinearLayerCostsTwoFlopsPerWeightPerRow() {
        // 10 rows × 128 inputs × 512 outputs, one multiply and one add each.
        assertEquals(2L * 10 * 128 * 512, Flops.linear(10, 128, 512));
        assertEquals(1_310_720L, Flops.linear(10, 128, 512));
        try (NDManager root = NDManager.newBaseManager(); Params params = new Params(root)) {
            Linear layer = new Linear(params, "fc", "g", 128, 512, new Rng(1));
            long weights = params.get("fc.weight").size();
            assertEquals(2 * 10 * weights, Flops.linear(10, layer.in(), layer.out()));
        }
        assertEquals(Flops.linear(7, 3, 16) + Flops.linear(7, 16, 5), Flops.mlp(7, 3, 16, 5));
    }

    @Test
    void anAttentionBlockMatchesTheHandCount() {
        // 2 groups of 3 tokens, width 8, MLP ratio 4, attending to 4 image tokens, 2 memory keys and themselves:
        //   queries, keys, values, MLP branch: 6 tokens × 8 → 56:      2·6·8·56  = 5376
        //   image keys and values:            8 tokens × 8 → 16:      2·8·8·16  = 2048
        //   scores and weighted values: 2 groups × 3 queries × 9 keys × width 8, twice: 4·2·3·9·8 = 1728
        //   output layer:                     6 tokens × 40 → 8:      2·6·40·8  = 3840
        assertEquals(5376 + 2048 + 1728 + 3840, Flops.block(2, 3, 4, 2, 8, 4));
        assertEquals(1728, Flops.attention(2, 3, 9, 8));
        // The block's two linear layers are the model's: with no image tokens, 2 FLOPs per weight per token.
        try (NDManager root = NDManager.newBaseManager(); Params params = new Params(root)) {
            new ParallelBlock(params, "b", "g", 8, 2, 4, new Rng(1));
            long weights = params.get("b.attn_in.weight").size() + params.get("b.attn_out.weight").size();
            assertEquals(2 * 6 * weights + Flops.attention(2, 3, 3, 8), Flops.block(2, 3, 0, 0, 8, 4));
        }
    }

    @Test
    void anUpdateAddsItsMinibatchesAtThreeTimesTheForwardPass() {
        PolicyConfig c = PolicyConfig.defaults();
        Flops.Update u = new Flops.Update(16, 2, 130, 65, 64);
        assertEquals(16L * 3 * Flops.eyeForward(c, 2, 130), u.eye(c));
        assertEquals(65L * 3 * Flops.handForward(c, 64), u.hand(c));
        assertEquals(u.eye(c) + u.hand(c), u.total(c));
        // Per observation, the work grows with the batch but for the adapters' per-call position embeddings.
        long perCall = Flops.linear(c.imageTokens(), c.levels(), c.width()) + Flops.linear(c.imageTokens(), 20, c.width());
        assertEquals(2 * (Flops.handForward(c, 1) - perCall), Flops.handForward(c, 2) - perCall);
        assertEquals(2 * (Flops.eyeForward(c, 1, 130) - perCall), Flops.eyeForward(c, 2, 130) - perCall);
    }
}
