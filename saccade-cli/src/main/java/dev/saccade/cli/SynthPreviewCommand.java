package dev.saccade.cli;

import dev.saccade.data.Task;
import dev.saccade.data.synth.EpisodeGenerator;
import dev.saccade.data.synth.EpisodeRenderer;
import dev.saccade.data.synth.KeyFrames;
import dev.saccade.data.synth.SceneOptions;
import dev.saccade.data.synth.SyntheticEpisode;
import dev.saccade.sphere.Equirect;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Images;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes a synthetic episode's key frames (start, grasp, release, end) as equirect PNGs and a contact
 * sheet with the ground-truth annotations drawn on, so a person can see what a dataset will hold.
 */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = {"Render a synthetic episode's key frames (start, grasp, release, end) as PNGs and a contact sheet.",
            "On the sheet: the object's annotation in red, the target's in green, the gripper's in yellow."})
final class SynthPreviewCommand implements Callable<Integer> {
    @Option(names = "--task", required = true, description = "One of: towel-bucket, eraser-stand, estop-press, brush-tray, wood-square.")
    String task;

    @Option(names = "--seed", defaultValue = "0", description = "Episode seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--width", defaultValue = "1024", description = "Frame width; the height is half (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--distractors", defaultValue = "3", description = "Extra objects on the table (default ${DEFAULT-VALUE}).")
    int distractors;

    @Option(names = "--out", required = true, description = "Output directory (created if needed).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Flags.requireRange("--width", width, 16, SceneOptions.MAX_WIDTH);
        if (width % 2 != 0) {
            throw new Flags.BadFlag("--width must be even, got " + width);
        }
        Flags.requireRange("--distractors", distractors, 0, SceneOptions.MAX_DISTRACTORS);
        Task t;
        try {
            t = Task.byId(task);
        } catch (dev.saccade.core.InputException e) {
            throw new Flags.BadFlag("--task: " + e.getMessage());
        }
        SyntheticEpisode e = EpisodeGenerator.generate(t, seed, new SceneOptions(width, distractors));
        Files.createDirectories(out);
        KeyFrames k = e.keyFrames();
        int[] frames = {k.start(), k.grasp(), k.release(), k.end()};
        String[] names = {"start", t == Task.ESTOP_PRESS ? "press" : "grasp", "release", "end"};
        EpisodeRenderer r = e.renderer();
        BufferedImage[] images = new BufferedImage[4];
        for (int i = 0; i < 4; i++) {
            EquirectFrame f = r.render(frames[i]);
            images[i] = f.toImage();
            Path file = out.resolve(String.format(Locale.ROOT, "frame-%03d-%s.png", frames[i], names[i]));
            Images.write(images[i], file);
            System.out.println(file);
        }
        Path sheet = out.resolve("contact-sheet.png");
        Images.write(contactSheet(e, images, frames, names), sheet);
        System.out.println(sheet);
        System.out.printf(Locale.ROOT, "%s seed %d: %d frames (%.1f s at %d fps), %s; object ends %.3f m from the target (tolerance %.3f)%n",
                t.id(), seed, e.frames(), e.frames() / (double) e.fps(), e.fps(), e.outcome().success() ? "done" : "NOT done",
                e.outcome().distance(), e.outcome().tolerance());
        return 0;
    }

    /** The four frames, two by two, each 1024 wide at most, with captions and annotation circles. */
    static BufferedImage contactSheet(SyntheticEpisode e, BufferedImage[] images, int[] frames, String[] names) {
        int w = Math.min(1024, e.width()), h = w / 2, caption = 22;
        BufferedImage sheet = new BufferedImage(2 * w, 2 * (h + caption), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        float[][] object = e.objectAnnotation(), target = e.targetAnnotation(), gripper = e.gripperAnnotation();
        for (int i = 0; i < 4; i++) {
            int x0 = (i % 2) * w, y0 = (i / 2) * (h + caption);
            g.setColor(Color.DARK_GRAY);
            g.fillRect(x0, y0, w, caption);
            g.setColor(Color.WHITE);
            g.drawString(String.format(Locale.ROOT, "%s  frame %d  (%.2f s)", names[i], frames[i], frames[i] / (double) e.fps()),
                    x0 + 8, y0 + 16);
            g.drawImage(images[i], x0, y0 + caption, w, h, null);
            g.setStroke(new BasicStroke(2));
            circle(g, object[frames[i]], x0, y0 + caption, w, h, new Color(255, 60, 60));
            circle(g, target[frames[i]], x0, y0 + caption, w, h, new Color(60, 220, 60));
            circle(g, gripper[frames[i]], x0, y0 + caption, w, h, new Color(255, 220, 0));
        }
        g.dispose();
        return sheet;
    }

    /** An annotation (yaw, pitch, radius) as an ellipse; equirect stretches widths by 1/cos(pitch). */
    private static void circle(Graphics2D g, float[] a, int x0, int y0, int w, int h, Color c) {
        double cx = Equirect.column(a[0], w) + 0.5, cy = Equirect.row(a[1], h) + 0.5;
        double ry = a[2] / Math.PI * h;
        double rx = Math.min(w / 2.0, ry / Math.max(0.05, Math.cos(a[1])));
        g.setColor(c);
        g.drawOval((int) Math.round(x0 + cx - rx), (int) Math.round(y0 + cy - ry), (int) Math.round(2 * rx), (int) Math.round(2 * ry));
    }
}
