package dev.saccade.learn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.saccade.gym.demo.AnnotationsWithheldException;
import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.demo.WithoutAnnotations;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.gym.vector.VectorEnv;
import dev.saccade.learn.encoder.AnnotatedCrops;
import dev.saccade.learn.encoder.ConvPatchEncoder;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Ground truth is for evaluation only: training runs on demonstrations whose annotations are withheld. */
class TrainingWithoutAnnotationsTest {
    private static final ToyDemonstrations TOY = ToyDemonstrations.generate(3, 32, 4);
    static final int SEARCH = 2;
    static final int ADVANCE = 4;

    static PolicyConfig policy() {
        PolicyConfig s = BcRlTest.smallPolicy();
        return new PolicyConfig(s.levels(), s.imageSize(), s.fieldsOfViewDeg(), s.tokensPerLevel(), s.encoderDim(),
                s.width(), s.heads(), s.eyeBlocks(), s.handBlocks(), s.mlpRatio(), s.window(), 30, 7, 25, 5,
                s.ropeTheta(), s.ropeAxes(), s.headHidden(), s.adapterHidden());
    }

    static DemoEyeGym.Config gym(PolicyConfig pc) {
        return DemoEyeGym.Config.DEFAULT.withPyramid(PyramidSpec.pinholeDegrees(pc.imageSize(), pc.fieldsOfViewDeg())).withSteps(SEARCH, ADVANCE);
    }

    static BcRlConfig small() {
        return BcRlTest.smallRun(1, 2, SEARCH + ADVANCE, 2L * (SEARCH + ADVANCE) * 2, 1, 0.02);
    }

    static BcRl trainer(NDManager root, PolicyConfig pc, BcRlConfig cfg) {
        return new BcRl(cfg, pc, ActionStats.original(), new ConvPatchEncoder(new ConvPatchEncoder.Config(16, 4, 16), root, 1),
                HandReward.CHAMFER, root);
    }

    /** One iteration of {@code cfg} on the demonstrations training gets from {@link TrainingGym#demonstrations}. */
    private static IterationStats iterate(Demonstrations demos, BcRlConfig cfg) {
        PolicyConfig pc = policy();
        DemoEyeGym.Config g = gym(pc);
        try (FrameSupply<MipChain> frames = EyeCamera.supply(demos, 64L << 20, 0);
             VectorEnv<EyeObservation, Integer> envs = VectorEnv.of(2, 1,
                     i -> TrainingGym.wrap(new DemoEyeGym(frames, g, Optional.empty()), cfg, null, g.limits()));
             NDManager root = NDManager.newBaseManager();
             BcRl trainer = trainer(root, pc, cfg)) {
            return trainer.iterate(new GymSource(envs, pc.chunk(), pc.joints()));
        }
    }

    @Test
    void theDefaultRunTrainsWithoutReadingAnAnnotation() {
        BcRlConfig cfg = small();
        assertTrue(cfg.readsAnnotations().isEmpty(), "the defaults read no annotation");
        Demonstrations training = TrainingGym.demonstrations(TOY, cfg);
        assertTrue(WithoutAnnotations.withheld(training), "the default run gets stripped demonstrations");
        IterationStats s = iterate(training, cfg); // any read of an annotation would throw here
        assertEquals(2L * (SEARCH + ADVANCE), s.envSteps());
        assertTrue(Double.isFinite(s.update().bcLoss()) && s.update().bcLoss() > 0);
        assertTrue(Double.isFinite(s.update().policyLoss()));
        assertTrue(Double.isNaN(s.foveaHits()), "no ground truth reaches the training logs");
    }

    @Test
    void theOracleTeacherIsALabelledAblationAndFailsLoudlyOnStrippedDemonstrations() {
        BcRlConfig oracle = small().withTeacher(BcRlConfig.TeacherSettings.oracle(1.0, 0, 0.5, 0));
        assertTrue(oracle.readsAnnotations().orElseThrow().contains("oracle"));
        assertSame(TOY, TrainingGym.demonstrations(TOY, oracle), "asked for explicitly, the ablation gets the annotations");
        RuntimeException e = assertThrows(RuntimeException.class, () -> iterate(WithoutAnnotations.of(TOY), oracle));
        assertTrue(causeChainHas(e, AnnotationsWithheldException.class, "scripted oracle"), "got " + e);
    }

    @Test
    void theSearchStageFailsLoudlyOnStrippedDemonstrations() {
        BcRlConfig search = small().withStages(g -> g.withSearchEnvSteps(100));
        assertTrue(search.readsAnnotations().isPresent());
        RuntimeException e = assertThrows(RuntimeException.class, () -> iterate(WithoutAnnotations.of(TOY), search));
        assertTrue(causeChainHas(e, AnnotationsWithheldException.class, "SearchReward"), "got " + e);
    }

    @Test
    void annotatedEncoderPretrainingFailsLoudlyOnStrippedDemonstrations() {
        try (FrameSupply<MipChain> frames = EyeCamera.supply(WithoutAnnotations.of(TOY), 64L << 20, 0)) {
            AnnotationsWithheldException e = assertThrows(AnnotationsWithheldException.class,
                    () -> AnnotatedCrops.sample(frames, List.of(30.0, 90.0), 16, gym(policy()).limits(), 2, 4, 1));
            assertTrue(e.getMessage().contains("AnnotatedCrops"));
            DemoEyeGym.Config g = gym(policy());
            try (VectorEnv<EyeObservation, Integer> envs = VectorEnv.of(1, 1, i -> new DemoEyeGym(frames, g, Optional.empty()))) {
                RuntimeException wandering = assertThrows(RuntimeException.class,
                        () -> AnnotatedCrops.collect(envs, 4, List.of(30.0, 90.0), 16, 1));
                assertTrue(causeChainHas(wandering, AnnotationsWithheldException.class, "AnnotatedCrops.collect"), "got " + wandering);
            }
        }
        assertFalse(WithoutAnnotations.withheld(TOY));
    }

    static boolean causeChainHas(Throwable t, Class<?> type, String text) {
        for (; t != null; t = t.getCause()) {
            if (type.isInstance(t) && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }
}
