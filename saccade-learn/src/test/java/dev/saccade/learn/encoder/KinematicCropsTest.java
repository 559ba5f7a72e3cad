package dev.saccade.learn.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.saccade.core.InputException;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.demo.WithoutAnnotations;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.render.MipChain;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Annotation-free encoder pretraining: the gripper and the next grip, from kinematics and calibration, in each crop. */
class KinematicCropsTest {
    private static final List<Double> FOVS = List.of(20.0, 60.0, 116.0);

    @Test
    void cropsFromStrippedDemonstrationsAreLabelledWithTheGripperAndTeachTheEncoder() {
        ToyDemonstrations toy = ToyDemonstrations.generate(2, 256, 3);
        try (FrameSupply<MipChain> frames = EyeCamera.supply(WithoutAnnotations.of(toy), 256L << 20, 0)) {
            List<EncoderPretraining.Sample> samples = KinematicCrops.sample(frames, FOVS, 32, GazeLimits.DEFAULT, 2, 200, 7);
            assertEquals(600, samples.size());
            int[] wide = new int[2];
            for (int i = 0; i < samples.size(); i++) {
                for (EncoderPretraining.Mark m : samples.get(i).marks()) {
                    assertTrue(m.kind() == 0 || m.kind() == 1, "two kinds: the gripper and the next grip, got " + m.kind());
                    if (i % 3 == 2 && m.column() >= 0 && m.column() < 32 && m.row() >= 0 && m.row() < 32) {
                        wide[m.kind()]++;
                    }
                }
            }
            // 60 % of the gazes aim near one of the two, and the wide level often holds both.
            assertTrue(wide[0] > 200 * 0.3 && wide[1] > 200 * 0.3,
                    "aimed gazes put the gripper and the next grip in the 116° level: " + wide[0] + " and " + wide[1] + " of 200");
            List<EncoderPretraining.Sample> held = KinematicCrops.sample(frames, FOVS, 32, GazeLimits.DEFAULT, 2, 60, 8);
            try (NDManager root = NDManager.newBaseManager();
                 ConvPatchEncoder enc = new ConvPatchEncoder(new ConvPatchEncoder.Config(32, 8, 32), root, 7);
                 EncoderPretraining pre = new EncoderPretraining(enc, KinematicCrops.KINDS.size(), 3)) {
                EncoderPretraining.Report r = pre.train(samples, new EncoderPretraining.Config(150, 32, 3e-3, 0.01, 5), null);
                EncoderPretraining.Metrics after = pre.evaluate(held);
                System.out.printf("kinematic crops: loss %.3f -> %.3f, gripper hit rate %.2f, error %.1f px%n", r.firstLoss(), r.lastLoss(),
                        after.hitRate()[0], after.meanErrorPixels()[0]);
                assertTrue(r.lastLoss() < 0.75 * r.firstLoss(), "the loss should fall by a quarter at least: " + r);
            }
        }
    }

    @Test
    void withoutACalibrationItSaysWhatIsMissing() {
        ToyDemonstrations toy = ToyDemonstrations.generate(1, 32, 3);
        Demonstrations uncalibrated = new Demonstrations() {
            @Override
            public List<Demonstration> episodes() {
                return toy.episodes();
            }

            @Override
            public EquirectFrame decode(Demonstration episode, int frame) {
                return toy.decode(episode, frame);
            }
        };
        try (FrameSupply<MipChain> frames = EyeCamera.supply(uncalibrated, 64L << 20, 0)) {
            InputException e = assertThrows(InputException.class,
                    () -> KinematicCrops.sample(frames, FOVS, 32, GazeLimits.DEFAULT, 2, 5, 1));
            assertTrue(e.getMessage().contains("--camera-position"), e.getMessage());
        }
    }
}
