package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {
    @TempDir static Path dir;
    static Path pano;

    @BeforeAll
    static void samplePanorama() {
        pano = dir.resolve("pano.png");
        CliRun run = CliRun.of("sample-equirect", "--height", "128", "--out", pano.toString());
        assertEquals(0, run.exitCode(), run.err());
    }

    @Test
    void rendersAPinholeViewOfTheAskedSizeLookingWhereTheGazePoints() throws IOException {
        Path out = dir.resolve("front.png");
        CliRun run = CliRun.of("render", "--equirect", pano.toString(), "--yaw", "0", "--pitch", "0", "--fov", "30",
                "--size", "64", "--height", "48", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        BufferedImage image = ImageIO.read(out.toFile());
        assertEquals(64, image.getWidth());
        assertEquals(48, image.getHeight());
        assertEquals(0xFF2020, image.getRGB(32, 24) & 0xFFFFFF, "the red front marker fills the centre");
        // Looking 90° right shows the green marker in the middle instead.
        Path right = dir.resolve("right.png");
        assertEquals(0, CliRun.of("render", "--equirect", pano.toString(), "--yaw", "90", "--pitch", "0", "--fov", "30",
                "--size", "32", "--out", right.toString()).exitCode());
        assertEquals(0x20C020, ImageIO.read(right.toFile()).getRGB(16, 16) & 0xFFFFFF);
    }

    @Test
    void pyramidPutsTheLevelsSideBySide() throws IOException {
        Path out = dir.resolve("pyramid.png");
        CliRun run = CliRun.of("render", "--equirect", pano.toString(), "--yaw", "0", "--pitch", "0", "--size", "16",
                "--pyramid", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        BufferedImage image = ImageIO.read(out.toFile());
        assertEquals(48, image.getWidth());
        assertEquals(16, image.getHeight());
        assertEquals(0xFF2020, image.getRGB(8, 8) & 0xFFFFFF, "the fovea is filled by the front marker");
    }

    @Test
    void rendersFisheyeViewsFromACalibrationOrAFieldOfView() throws IOException {
        Path calibrated = dir.resolve("calibrated.png");
        CliRun run = CliRun.of("render", "--equirect", pano.toString(), "--yaw", "0", "--pitch", "0", "--size", "60",
                "--height", "40", "--fisheye", "22,22,29.5,19.5,-0.0872,-0.0135,-0.00626,0.00486", "--out", calibrated.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(0xFF2020, ImageIO.read(calibrated.toFile()).getRGB(30, 20) & 0xFFFFFF);
        Path ideal = dir.resolve("ideal.jpg");
        run = CliRun.of("render", "--equirect", pano.toString(), "--yaw", "0", "--pitch", "0", "--size", "40",
                "--lens", "fisheye", "--fov", "200", "--antialias", "--out", ideal.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(40, ImageIO.read(ideal.toFile()).getWidth());
    }

    @Test
    void imageThatIsNotTwoToOneIsRejectedNamingTheFile() throws IOException {
        Path square = dir.resolve("square.png");
        ImageIO.write(new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB), "png", square.toFile());
        assertBadData(List.of("--equirect", square.toString()), "square.png", "2:1");
    }

    @Test
    void missingAndUnreadableFilesAreRejectedNamingTheFile() throws IOException {
        assertBadData(List.of("--equirect", dir.resolve("nowhere.png").toString()), "nowhere.png", "no such file");
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "not an image");
        assertBadData(List.of("--equirect", text.toString()), "notes.png", "not a PNG or JPEG");
    }

    @Test
    void badFlagsAreUsageErrorsNamingTheFlag() {
        assertBadFlag(List.of("--fov", "180"), "--fov");
        assertBadFlag(List.of("--fov", "0"), "--fov");
        assertBadFlag(List.of("--fov", "-20"), "--fov");
        assertBadFlag(List.of("--yaw", "NaN"), "--yaw");
        assertBadFlag(List.of("--pitch", "NaN"), "--pitch");
        assertBadFlag(List.of("--pitch", "95"), "--pitch");
        assertBadFlag(List.of("--fov", "Infinity"), "--fov");
        assertBadFlag(List.of("--fisheye", "1,2,3"), "--fisheye");
        assertBadFlag(List.of("--fisheye", "a,1,1,1,0,0,0,0"), "--fisheye");
        assertBadFlag(List.of("--fisheye", "0,1,1,1,0,0,0,0"), "--fisheye");
        assertBadFlag(List.of("--fisheye", "1,1,1,1,0,0,0,NaN"), "--fisheye");
        assertBadFlag(List.of("--lens", "pinhole", "--fisheye", "1,1,1,1,0,0,0,0"), "--fisheye");
        assertBadFlag(List.of("--lens", "cylinder", "--fov", "90"), "--lens");
        assertBadFlag(List.of("--fov", "90", "--size", "0"), "--size");
        assertBadFlag(List.of("--pyramid", "--fov", "90"), "--fov");
    }

    @Test
    void badOutputNameIsAUsageError() {
        Path out = dir.resolve("view.bmp");
        CliRun run = CliRun.of("render", "--equirect", pano.toString(), "--yaw", "0", "--pitch", "0", "--fov", "90",
                "--size", "8", "--out", out.toString());
        assertEquals(Main.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().contains("--out"), run.err());
        assertFalse(Files.exists(out));
    }

    /** The render with {@code flags} on a good panorama exits 2, names the flag, and writes nothing. */
    private static void assertBadFlag(List<String> flags, String named) {
        Path out = dir.resolve("bad-flag.png");
        CliRun run = CliRun.of(args(flags, pano, out));
        assertEquals(Main.EXIT_USAGE, run.exitCode(), flags + " → " + run.err());
        assertTrue(run.err().contains(named), flags + " should name " + named + ": " + run.err());
        assertNoOutput(out);
    }

    /** The render of a bad input exits 1 with one line naming the file, and writes nothing. */
    private static void assertBadData(List<String> flags, String file, String problem) {
        Path out = dir.resolve("bad-data.png");
        CliRun run = CliRun.of(args(flags, null, out));
        assertEquals(Main.EXIT_DATA, run.exitCode(), run.err());
        String line = run.err().strip();
        assertTrue(line.startsWith("saccade: ") && line.contains(file) && line.contains(problem), line);
        assertFalse(line.contains("\n"), "one line: " + line);
        assertNoOutput(out);
    }

    private static String[] args(List<String> flags, Path equirect, Path out) {
        Stream<String> base = Stream.of("render", "--yaw", "10", "--pitch", "0", "--size", "16", "--out", out.toString());
        if (flags.stream().noneMatch(f -> f.equals("--fov") || f.equals("--fisheye") || f.equals("--pyramid"))) {
            base = Stream.concat(base, Stream.of("--fov", "90"));
        }
        if (equirect != null) {
            base = Stream.concat(base, Stream.of("--equirect", equirect.toString()));
        }
        // Later flags override the defaults above (picocli keeps the last value of a single-valued option).
        return Stream.concat(base, flags.stream()).toArray(String[]::new);
    }

    private static void assertNoOutput(Path out) {
        assertFalse(Files.exists(out), "no output file");
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
