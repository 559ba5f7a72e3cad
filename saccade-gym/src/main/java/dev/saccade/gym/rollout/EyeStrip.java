package dev.saccade.gym.rollout;

import dev.saccade.sphere.render.PyramidSpec;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A picture of what an eye saw in one episode: one column per kept step, the pyramid's levels
 * stacked top to bottom (fovea first), each level shown at the same size. A column is framed in
 * green when the phase's relevant thing was in the fovea, red when not, grey while the video was
 * paused and it was not; the label gives the step and the action.
 */
public final class EyeStrip {
    private static final int SCALE = 2;
    private static final int PAD = 6;
    private static final int LABEL = 16;

    private EyeStrip() {}

    /** The strip for {@code steps} (from one run) and their pyramids (null where not kept). */
    public static BufferedImage render(PyramidSpec spec, List<StepRecord> steps, List<float[]> pyramids) {
        int s = spec.size() * SCALE;
        int columns = (int) pyramids.stream().filter(p -> p != null).count();
        int width = Math.max(1, columns) * (s + PAD) + PAD;
        int height = LABEL + spec.levelCount() * (s + PAD) + PAD;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0x202020));
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int x = PAD;
        for (int i = 0; i < pyramids.size(); i++) {
            float[] p = pyramids.get(i);
            if (p == null) {
                continue;
            }
            StepRecord r = steps.get(i);
            for (int level = 0; level < spec.levelCount(); level++) {
                drawLevel(image, p, spec, level, x, LABEL + level * (s + PAD));
            }
            g.setColor(r.inFovea() ? new Color(0x30C030) : r.paused() ? new Color(0x808080) : new Color(0xD03030));
            g.setStroke(new BasicStroke(3));
            g.drawRect(x - 2, LABEL - 2, s + 3, spec.levelCount() * (s + PAD) - PAD + 3);
            g.setColor(Color.WHITE);
            g.drawString("t" + r.step() + (r.action() >= 0 ? " a" + r.action() : ""), x, LABEL - 4);
            x += s + PAD;
        }
        g.dispose();
        return image;
    }

    private static void drawLevel(BufferedImage image, float[] pyramid, PyramidSpec spec, int level, int x0, int y0) {
        int n = spec.size();
        int plane = n * n;
        int base = level * 3 * plane;
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                int p = row * n + col;
                int rgb = (byteOf(pyramid[base + p]) << 16) | (byteOf(pyramid[base + plane + p]) << 8) | byteOf(pyramid[base + 2 * plane + p]);
                for (int dy = 0; dy < SCALE; dy++) {
                    for (int dx = 0; dx < SCALE; dx++) {
                        image.setRGB(x0 + col * SCALE + dx, y0 + row * SCALE + dy, rgb);
                    }
                }
            }
        }
    }

    private static int byteOf(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
