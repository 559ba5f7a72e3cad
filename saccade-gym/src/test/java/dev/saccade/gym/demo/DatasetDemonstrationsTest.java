package dev.saccade.gym.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.core.InputException;
import dev.saccade.data.video.VideoSettings;
import dev.saccade.gym.check.EnvChecker;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import dev.saccade.gym.reward.HandPredictor;
import dev.saccade.gym.vector.VectorEnv;
import dev.saccade.gym.vector.VectorStep;
import dev.saccade.sphere.EquirectFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetDemonstrationsTest {
    static final ToyDemonstrations TOY = ToyDemonstrations.generate(3, 32, 13);
    @TempDir
    static Path tmp;
    static Path dataset;

    @BeforeAll
    static void writeDataset() throws IOException {
        dataset = tmp.resolve("toy");
        TOY.writeDataset(dataset, new VideoSettings(2, 4.0, 1));
    }

    @Test
    void episodesReadBackExactly() {
        try (DatasetDemonstrations d = DatasetDemonstrations.open(dataset)) {
            assertEquals(3, d.episodes().size());
            for (int e = 0; e < 3; e++) {
                Demonstration want = TOY.episodes().get(e);
                Demonstration got = d.episodes().get(e);
                assertEquals(e, got.index());
                assertEquals(want.task(), got.task());
                assertEquals(want.length(), got.length());
                assertArrayEquals(want.state(), got.state());
                assertArrayEquals(want.action(), got.action());
                assertArrayEquals(want.annotations().orElseThrow().gripper(), got.annotations().orElseThrow().gripper());
            }
        }
    }

    @Test
    void decodedFramesMatchWhatWasWrittenWithinCodecError() {
        try (DatasetDemonstrations d = DatasetDemonstrations.open(dataset)) {
            for (int f : new int[] {0, 1, 77, 150}) {
                EquirectFrame got = d.decode(d.episodes().get(1), f);
                EquirectFrame want = TOY.decode(TOY.episodes().get(1), f);
                double err = 0;
                for (int i = 0; i < got.pixels().length; i++) {
                    for (int shift = 0; shift < 24; shift += 8) {
                        err += Math.abs(((got.pixels()[i] >> shift) & 255) - ((want.pixels()[i] >> shift) & 255));
                    }
                }
                err /= 3.0 * got.pixels().length;
                assertTrue(err < 12, "mean absolute error " + err + " per channel at frame " + f);
            }
        }
    }

    @Test
    void theGymRunsOnADatasetAndPassesTheChecker() {
        try (DatasetDemonstrations d = DatasetDemonstrations.open(dataset);
             FrameSupply<MipChain> supply = EyeCamera.supply(d, 64L << 20, 1)) {
            DemoEyeGym.Config config = DemoEyeGym.Config.DEFAULT.withPyramid(PyramidSpec.defaults(16));
            EnvChecker.standard().check(new DemoEyeGym(supply, config, Optional.of(HandPredictor.blind())), 2).assertPassed();
        }
    }

    @Test
    void aVectorEnvOnTwoThreadsDecodesEachFrameOnce() {
        try (DatasetDemonstrations d = DatasetDemonstrations.open(dataset);
             FrameSupply<MipChain> supply = EyeCamera.supply(d, 256L << 20, 1)) {
            DemoEyeGym.Config config = DemoEyeGym.Config.DEFAULT.withPyramid(PyramidSpec.defaults(16));
            Set<String> needed = new HashSet<>();
            try (VectorEnv<EyeObservation, Integer> envs = VectorEnv.of(4, 2, i -> new DemoEyeGym(supply, config, Optional.empty()))) {
                envs.reset(5).infos().forEach(info -> needed.add(info.get(EyeInfo.EPISODE) + ":" + info.get(EyeInfo.FRAME)));
                for (int t = 0; t < 200; t++) {
                    VectorStep<EyeObservation> s = envs.step(Collections.nCopies(4, EyeActions.STAY));
                    for (int i = 0; i < 4; i++) {
                        needed.add(s.infos().get(i).get(EyeInfo.EPISODE) + ":" + s.infos().get(i).get(EyeInfo.FRAME));
                    }
                }
            }
            supply.close(); // waits for a read-ahead decode still in flight, which would count as cached but not yet decoded
            FrameSupply.Stats stats = supply.stats();
            assertEquals(0, stats.evictions());
            // Everything decoded was needed except read-ahead past the last steps; nothing twice.
            assertTrue(stats.decodes() >= needed.size(), stats + " for " + needed.size() + " frames");
            assertTrue(stats.decodes() <= needed.size() + 4L * config.readAhead(), stats + " for " + needed.size() + " frames");
            assertEquals(stats.decodes(), stats.cachedFrames(), "no frame decoded twice");
        }
    }

    @Test
    void aDirectoryThatIsNotADatasetIsRefusedNamingIt() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        InputException e = assertThrows(InputException.class, () -> DatasetDemonstrations.open(empty));
        assertTrue(e.userMessage().contains("empty"), e.userMessage());
        InputException missing = assertThrows(InputException.class, () -> DatasetDemonstrations.open(tmp.resolve("nope")));
        assertTrue(missing.userMessage().contains("nope"));
        List.of(e, missing).forEach(x -> assertTrue(x.file().isPresent()));
    }
}
