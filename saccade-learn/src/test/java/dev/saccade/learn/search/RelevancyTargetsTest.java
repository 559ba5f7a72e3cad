package dev.saccade.learn.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.demo.WithoutAnnotations;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.envs.VisualSearchGym;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.Fovea;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.search.Exemplars;
import dev.saccade.gym.search.RelevancyTargets;
import dev.saccade.learn.encoder.ConvPatchEncoder;
import dev.saccade.learn.encoder.EncoderCropFeatures;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.Images;
import dev.saccade.sphere.TestPattern;
import dev.saccade.sphere.lens.PinholeLens;
import dev.saccade.sphere.render.Antialias;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import dev.saccade.sphere.render.ViewRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exemplar relevancy with Saccade's own conv encoder (seeded, not pretrained) on made-up scenes. */
class RelevancyTargetsTest {
    static final int GREEN = 0x20C020;
    static final int RED = 0xE02020;
    static final int BLUE = 0x2040FF;
    static final PinholeLens FOVEA = PinholeLens.square(Math.toRadians(17.3), 64);

    @TempDir
    Path dir;

    static TestPattern.Marker marker(double lonDeg, double latDeg, double radiusDeg, int rgb) {
        return new TestPattern.Marker(Math.toRadians(lonDeg), Math.toRadians(latDeg), Math.toRadians(radiusDeg), rgb);
    }

    /** Exemplar PNGs: foveal crops centred on a green and a red disc of another made-up scene, in places the search scene does not use. */
    Path exemplars() throws IOException {
        ViewRenderer r = new ViewRenderer(FOVEA, Antialias.PYRAMID_DEFAULT);
        for (int i = 0; i < 2; i++) {
            double lon = -110 + 15 * i;
            MipChain other = MipChain.of(TestPattern.withMarkers(256, new TestPattern.Marker[] {
                marker(lon, 25, 4 + i, GREEN), marker(-lon, -45, 4 + i, RED)}));
            Files.createDirectories(dir.resolve("ex/green"));
            Files.createDirectories(dir.resolve("ex/red"));
            Images.write(r.renderImage(other, Gaze.ofDegrees(lon + i, 25)), dir.resolve("ex/green/g" + i + ".png"));
            Images.write(r.renderImage(other, Gaze.ofDegrees(-lon, -45 + i)), dir.resolve("ex/red/r" + i + ".jpg"));
        }
        return dir.resolve("ex");
    }

    @Test
    void relevancyPeaksAtTheExemplarsThing() throws IOException {
        List<Exemplars> things = Exemplars.load(exemplars(), 64);
        assertEquals(List.of("green", "red"), things.stream().map(Exemplars::name).toList());
        EquirectFrame scene = TestPattern.withMarkers(256, new TestPattern.Marker[] {
            marker(60, -20, 4, GREEN), marker(-40, 10, 4, RED), marker(5, -30, 4, BLUE)});
        try (NDManager root = NDManager.newBaseManager();
             EncoderCropFeatures features = new EncoderCropFeatures(new ConvPatchEncoder(ConvPatchEncoder.Config.defaults(), root, 3), EncoderCropFeatures.Pooling.CENTRE, root)) {
            RelevancyTargets targets = new RelevancyTargets(things, features, FOVEA, GazeLimits.DEFAULT, RelevancyTargets.Settings.DEFAULT);
            RelevancyTargets.Relevancy r = targets.relevancy(MipChain.of(scene));
            Gaze green = r.best().get(0);
            Gaze red = r.best().get(1);
            assertTrue(Fovea.angle(green, Math.toRadians(60), Math.toRadians(-20)) < Math.toRadians(6), "green found at " + green);
            assertTrue(Fovea.angle(red, Math.toRadians(-40), Math.toRadians(10)) < Math.toRadians(6), "red found at " + red);
        }
    }

    @Test
    void aSearchGymWithExemplarTargetsPlaysOnDemonstrationsWhoseAnnotationsAreWithheld() throws IOException {
        List<Exemplars> things = Exemplars.load(exemplars(), 16);
        Demonstrations withheld = WithoutAnnotations.of(ToyDemonstrations.generate(2, 32, 5));
        try (NDManager root = NDManager.newBaseManager();
             EncoderCropFeatures features = new EncoderCropFeatures(new ConvPatchEncoder(new ConvPatchEncoder.Config(16, 4, 16), root, 3), EncoderCropFeatures.Pooling.CENTRE, root);
             var frames = EyeCamera.supply(withheld, 64L << 20, 0)) {
            RelevancyTargets targets = new RelevancyTargets(things, features, PinholeLens.square(Math.toRadians(17.3), 16), GazeLimits.DEFAULT,
                    new RelevancyTargets.Settings(20, -60, 60, true, false));
            VisualSearchGym gym = new VisualSearchGym(frames, VisualSearchGym.Config.DEFAULT.withPyramid(PyramidSpec.defaults(16)), targets);
            Reset<EyeObservation> reset = gym.reset(4);
            assertTrue(reset.info().get(EyeInfo.ANNOTATIONS_WITHHELD), "no ground truth in info");
            assertFalse(reset.info().find(EyeInfo.RELEVANT).isPresent());
            Step<EyeObservation> step = gym.step(EyeActions.STAY);
            assertTrue(step.reward() >= 0 && step.reward() <= 1);
            assertEquals(1, targets.cachedFrames());
            gym.reset(4); // the same frame again: scored once
            assertEquals(1, targets.cachedFrames());
        }
    }
}
