package dev.saccade.eval.report;

import static org.junit.jupiter.api.Assertions.*;

import dev.saccade.eval.stats.Estimate;
import dev.saccade.sphere.TestPattern;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir Path dir;

    @Test
    void reportIsSelfContainedWithDecodableImages() throws Exception {
        BufferedImage bars = Plots.metricBars("hand error", "cm", List.of(
                new Plots.Bar("learned", Estimate.of(new double[] {3, 4, 5})),
                new Plots.Bar("random", Estimate.of(new double[] {8, 9, 10}))));
        BufferedImage curve = Plots.lines("reward", "step", "reward",
                Map.of("eye", new double[][] {{0, 1, 2}, {-0.3, -0.2, -0.1}}));
        Path file = dir.resolve("report.html");
        new HtmlReport("t <&>").paragraph("a & b").table(List.of("gaze", "cm"), List.of(List.of("learned", "4.0")))
                .image(bars, "bars").image(curve, "curve").write(file);
        String html = Files.readString(file);
        assertTrue(html.contains("t &lt;&amp;&gt;"));
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"),
                "must open offline");
        Matcher m = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(html);
        int images = 0;
        while (m.find()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertNotNull(img);
            assertTrue(img.getWidth() > 100);
            images++;
        }
        assertEquals(2, images);
    }

    @Test
    void heatmapGlowsWhereTheEyeLooked() {
        double[] yaws = new double[50];
        double[] pitches = new double[50];
        java.util.Arrays.fill(yaws, Math.toRadians(90));
        BufferedImage img = PanoramaOverlays.gazeHeatmap(TestPattern.sample(64), yaws, pitches, 5, 256,
                new PanoramaOverlays.Mark(0, 0, Color.CYAN, "object"));
        int hot = img.getRGB(192, 64) & 0xFFFFFF;   // lon 90°, lat 0
        int cold = img.getRGB(20, 20) & 0xFFFFFF;
        assertTrue(((hot >> 16) & 255) > 200, "hot spot is bright red-yellow");
        assertTrue(((cold >> 16) & 255) < 150, "elsewhere the panorama is darkened");
    }
}
