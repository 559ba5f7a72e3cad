package dev.saccade.eval.play;

import ai.djl.ndarray.NDManager;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.learn.encoder.ConvPatchEncoder;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.train.BcRl;
import dev.saccade.learn.train.BcRlConfig;
import dev.saccade.learn.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Real, untrained runs small enough for tests: a checkpoint written by the trainer itself. */
final class TinyRuns {
    private TinyRuns() {}

    /** 3 levels of 16 px at the default angles, 2×2 tokens of 16 per level, width 16, one block each, the gym's 30-frame chunk. */
    static PolicyConfig config() {
        return new PolicyConfig(3, 16, List.of(17.3, 62.3, 116.0), 4, 16,
                16, 2, 1, 1, 2,
                4, 30, 7, 25, 5,
                1000, List.of(2, 2, 4), 16, 0);
    }

    /** Writes an untrained run with weights from {@code seed} into {@code runDir}; returns it. */
    static Path save(Path runDir, long seed) throws IOException {
        try (NDManager root = NDManager.newBaseManager();
             BcRl trainer = new BcRl(BcRlConfig.defaults().withPpo(p -> p.withMinibatches(1)).withRun(r -> r.withSeed(seed).withEnvs(1)), config(),
                     ActionStats.original(), new ConvPatchEncoder(new ConvPatchEncoder.Config(16, 8, 16), root, seed),
                     HandReward.CHAMFER, root)) {
            Checkpoint.save(trainer, runDir);
        }
        return runDir;
    }
}
