package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthPreviewCommandTest {
    @Test
    void writesTheKeyFramesAndAContactSheet(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("preview");
        PrintStream saved = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, "UTF-8"));
        int code;
        try {
            code = Main.run("synth", "preview", "--task", "wood-square", "--seed", "4", "--width", "64", "--out", out.toString());
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code);
        List<Path> pngs;
        try (Stream<Path> files = Files.list(out)) {
            pngs = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertEquals(5, pngs.size(), pngs.toString());
        for (Path p : pngs) {
            BufferedImage image = ImageIO.read(p.toFile());
            if (p.getFileName().toString().equals("contact-sheet.png")) {
                assertEquals(128, image.getWidth());
            } else {
                assertEquals(64, image.getWidth());
                assertEquals(32, image.getHeight());
            }
        }
        assertTrue(printed.toString("UTF-8").contains("wood-square seed 4"), printed.toString("UTF-8"));
    }

    @Test
    void badFlagsAreUsageErrors(@TempDir Path dir) {
        assertEquals(Main.EXIT_USAGE, Main.run("synth", "preview", "--task", "juggle", "--out", dir.toString()));
        assertEquals(Main.EXIT_USAGE, Main.run("synth", "preview", "--task", "estop-press", "--width", "63", "--out", dir.toString()));
        assertEquals(Main.EXIT_USAGE, Main.run("synth", "preview", "--task", "estop-press", "--distractors", "99", "--out", dir.toString()));
        assertEquals(Main.EXIT_USAGE, Main.run("synth"));
    }
}
