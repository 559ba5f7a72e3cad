package dev.saccade.gym.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.core.InputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExemplarsTest {
    @TempDir
    Path dir;

    static void png(Path file, int w, int h, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void oneThingsImagesOrOneSubdirectoryPerThing() throws IOException {
        png(dir.resolve("towel/a.png"), 40, 20, 0xFF0000);
        png(dir.resolve("towel/b.PNG"), 8, 8, 0x00FF00);
        Files.writeString(dir.resolve("towel/notes.txt"), "not an image");
        List<Exemplars> one = Exemplars.load(dir.resolve("towel"), 4);
        assertEquals(1, one.size());
        assertEquals("towel", one.get(0).name());
        assertEquals(2, one.get(0).count());
        float[] first = java.util.Arrays.copyOfRange(one.get(0).images(), 0, 3 * 16);
        float[] red = new float[48];
        java.util.Arrays.fill(red, 0, 16, 1f);
        assertArrayEquals(red, first, 1e-6f, "a red image, centre-cropped and resized, is red; CHW planes in [0, 1]");

        png(dir.resolve("both/bucket/x.png"), 8, 8, 0x0000FF);
        png(dir.resolve("both/towel/y.png"), 8, 8, 0xFFFFFF);
        Files.createDirectories(dir.resolve("both/empty"));
        List<Exemplars> two = Exemplars.load(dir.resolve("both"), 4);
        assertEquals(List.of("bucket", "towel"), two.stream().map(Exemplars::name).toList());
    }

    @Test
    void badInputNamesTheDirectoryOrFile() throws IOException {
        InputException missing = assertThrows(InputException.class, () -> Exemplars.load(dir.resolve("nowhere"), 8));
        assertTrue(missing.userMessage().contains("nowhere") && missing.userMessage().contains("no such exemplar directory"), missing.userMessage());

        Files.createDirectories(dir.resolve("empty"));
        Files.writeString(dir.resolve("empty/readme.md"), "crops go here");
        InputException empty = assertThrows(InputException.class, () -> Exemplars.load(dir.resolve("empty"), 8));
        assertTrue(empty.userMessage().contains("empty") && empty.userMessage().contains("holds no PNG or JPEG images"), empty.userMessage());

        png(dir.resolve("bad/good.png"), 8, 8, 0x808080);
        Files.write(dir.resolve("bad/broken.jpg"), new byte[] {1, 2, 3, 4, 5});
        InputException broken = assertThrows(InputException.class, () -> Exemplars.load(dir.resolve("bad"), 8));
        assertTrue(broken.userMessage().contains("broken.jpg") && broken.userMessage().contains("not a PNG or JPEG image"), broken.userMessage());

        png(dir.resolve("mixed/a.png"), 8, 8, 0x808080);
        png(dir.resolve("mixed/towel/b.png"), 8, 8, 0x808080);
        InputException mixed = assertThrows(InputException.class, () -> Exemplars.load(dir.resolve("mixed"), 8));
        assertTrue(mixed.userMessage().contains("both images and subdirectories"), mixed.userMessage());

        Path file = dir.resolve("a-file.png");
        png(file, 8, 8, 0x808080);
        InputException notDir = assertThrows(InputException.class, () -> Exemplars.load(file, 8));
        assertTrue(notDir.userMessage().contains("not a directory"), notDir.userMessage());
    }
}
