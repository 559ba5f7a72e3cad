package dev.saccade.sphere.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.TestPattern;
import dev.saccade.sphere.lens.Lens;
import dev.saccade.sphere.lens.PinholeLens;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The foveated pyramid: its spec, its output layout, and batched rendering across threads. */
class PyramidTest {
    static final MipChain CHAIN = MipChain.of(TestPattern.sample(256));

    @Test
    void defaultSpecIsThreeNestedPinholeLevelsOf64() {
        PyramidSpec spec = PyramidSpec.defaults();
        assertEquals(3, spec.levelCount());
        assertEquals(64, spec.size());
        assertEquals(3 * 3 * 64 * 64, spec.floatsPerPyramid());
        double[] fovs = spec.levels().stream().mapToDouble(l -> Math.toDegrees(l.horizontalFov())).toArray();
        assertArrayEquals(new double[] {17.3, 62.3, 116}, fovs, 1e-9);
        assertTrue(spec.levels().stream().allMatch(l -> l instanceof PinholeLens));
    }

    @Test
    void specRejectsLevelsOfDifferentSizes() {
        List<Lens> mixed = List.of(PinholeLens.square(0.3, 32), PinholeLens.square(1, 64));
        assertThrows(IllegalArgumentException.class, () -> new PyramidSpec(mixed));
        assertThrows(IllegalArgumentException.class, () -> new PyramidSpec(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new PyramidSpec(List.of(new PinholeLens(1, 32, 16))));
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void pyramidIsLevelMajorChwOfItsViews(Kernel kernel) {
        PyramidSpec spec = PyramidSpec.defaults(16);
        PyramidRenderer pyramid = new PyramidRenderer(spec, Antialias.MIP, kernel);
        Gaze gaze = Gaze.ofDegrees(-70, 25);
        float[] out = new float[spec.floatsPerPyramid() + 10];
        Arrays.fill(out, -1);
        pyramid.render(CHAIN, gaze, out, 7);
        for (int level = 0; level < spec.levelCount(); level++) {
            ViewRenderer view = new ViewRenderer(pyramid.rays(level), Antialias.MIP, kernel);
            float[] single = new float[view.floats()];
            view.render(CHAIN, gaze, single, 0);
            float[] slice = Arrays.copyOfRange(out, 7 + level * spec.floatsPerLevel(), 7 + (level + 1) * spec.floatsPerLevel());
            assertArrayEquals(single, slice, "level " + level);
        }
        assertEquals(-1, out[6], "nothing written before the offset");
        assertEquals(-1, out[7 + spec.floatsPerPyramid()], "nothing written past the pyramid");
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void batchesOnSeveralThreadsEqualOnePyramidAtATime(Kernel kernel) {
        PyramidSpec spec = PyramidSpec.defaults(16);
        PyramidRenderer pyramid = new PyramidRenderer(spec, Antialias.MIP, kernel);
        SplittableRandom random = new SplittableRandom(1);
        int count = 5;
        double[] yaws = new double[count];
        double[] pitches = new double[count];
        Gaze[] gazes = new Gaze[count];
        float[] expected = new float[count * spec.floatsPerPyramid()];
        for (int g = 0; g < count; g++) {
            gazes[g] = new Gaze(random.nextDouble(-Math.PI, Math.PI), random.nextDouble(-1.5, 1.5));
            yaws[g] = gazes[g].yaw();
            pitches[g] = gazes[g].pitch();
            pyramid.render(CHAIN, gazes[g], expected, g * spec.floatsPerPyramid());
        }
        for (int threads : new int[] {1, 2, 3}) {
            try (BatchRenderer batch = new BatchRenderer(pyramid.copy(), threads)) {
                float[] out = new float[expected.length];
                batch.render(CHAIN, yaws, pitches, count, out, 0);
                assertArrayEquals(expected, out, threads + " threads, gaze arrays");
                Arrays.fill(out, 0);
                batch.render(CHAIN, gazes, out, 0);
                assertArrayEquals(expected, out, threads + " threads, gazes");
                // One pyramid shared by all threads.
                float[] one = new float[spec.floatsPerPyramid()];
                batch.render(CHAIN, new Gaze[] {gazes[2]}, one, 0);
                assertArrayEquals(Arrays.copyOfRange(expected, 2 * one.length, 3 * one.length), one, threads + " threads, one pyramid");
            }
        }
    }

    @Test
    void batchReportsFailuresAndRefusesWorkAfterClose() {
        BatchRenderer batch = new BatchRenderer(new PyramidRenderer(PyramidSpec.defaults(8)), 2);
        float[] tooSmall = new float[10];
        assertThrows(IndexOutOfBoundsException.class, () -> batch.render(CHAIN, new Gaze[] {new Gaze(0, 0)}, tooSmall, 0));
        batch.close();
        float[] out = new float[PyramidSpec.defaults(8).floatsPerPyramid()];
        assertThrows(IllegalStateException.class, () -> batch.render(CHAIN, new Gaze[] {new Gaze(0, 0)}, out, 0));
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void valuesStayInTheUnitInterval(Kernel kernel) {
        int[] white = new int[64 * 32];
        Arrays.fill(white, 0xFFFFFF);
        PyramidRenderer pyramid = new PyramidRenderer(PyramidSpec.defaults(16), Antialias.MIP, kernel);
        float[] out = new float[pyramid.spec().floatsPerPyramid()];
        pyramid.render(MipChain.of(new EquirectFrame(64, 32, white)), Gaze.ofDegrees(33, -40), out, 0);
        for (float v : out) {
            assertTrue(v >= 0.99999f && v <= 1f, "white renders as 1, got " + v);
        }
        pyramid.render(MipChain.of(EquirectFrame.black(32)), Gaze.ofDegrees(33, -40), out, 0);
        for (float v : out) {
            assertEquals(0f, v);
        }
    }

    @Test
    void antialiasingNeedsTheFullChain() {
        PyramidRenderer pyramid = new PyramidRenderer(PyramidSpec.defaults(8), Antialias.MIP);
        float[] out = new float[pyramid.spec().floatsPerPyramid()];
        MipChain oneLevel = MipChain.of(TestPattern.sample(64), Antialias.OFF);
        assertThrows(IllegalArgumentException.class, () -> pyramid.render(oneLevel, new Gaze(0, 0), out, 0));
    }

    @Test
    void scalarRenderingAllocatesNothing() {
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        PyramidRenderer pyramid = new PyramidRenderer(PyramidSpec.defaults(16), Antialias.MIP, Kernel.SCALAR);
        float[] out = new float[pyramid.spec().floatsPerPyramid()];
        pyramid.render(CHAIN, 0.1, 0.2, out, 0);
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 20; i++) {
            pyramid.render(CHAIN, 0.1 * i, 0.05 * i, out, 0);
        }
        assertEquals(0, threads.getThreadAllocatedBytes(id) - before, "bytes allocated by 20 pyramids");
    }

    @Test
    void pyramidImageShowsLevelsSideBySide() {
        PyramidRenderer pyramid = new PyramidRenderer(PyramidSpec.defaults(16));
        BufferedImage image = pyramid.renderImage(CHAIN, Gaze.ofDegrees(0, 0));
        assertEquals(48, image.getWidth());
        assertEquals(16, image.getHeight());
        float[] chw = new float[pyramid.spec().floatsPerPyramid()];
        pyramid.render(CHAIN, Gaze.ofDegrees(0, 0), chw, 0);
        int level = 2;
        int p = 5 * 16 + 9;
        int expected = (Planes.to8(chw[level * 768 + p]) << 16) | (Planes.to8(chw[level * 768 + 256 + p]) << 8) | Planes.to8(chw[level * 768 + 512 + p]);
        assertEquals(expected, image.getRGB(level * 16 + 9, 5) & 0xFFFFFF);
    }
}
