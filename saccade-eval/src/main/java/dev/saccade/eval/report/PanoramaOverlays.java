package dev.saccade.eval.report;

import dev.saccade.sphere.Equirect;
import dev.saccade.sphere.EquirectFrame;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Drawings over a panorama: where the eye looked (heat map) and marks at annotated directions. */
public final class PanoramaOverlays {
    private PanoramaOverlays() {}

    /** A mark at a direction (radians), drawn as a ring of the given colour. */
    public record Mark(double yaw, double pitch, Color color, String label) {}

    /**
     * The panorama, darkened, with a heat map of gaze directions (Gaussian splats of {@code sigmaDeg},
     * wrapping across the ±180° seam) and rings at {@code marks}. Output width is {@code width}.
     */
    public static BufferedImage gazeHeatmap(EquirectFrame pano, double[] yaws, double[] pitches, double sigmaDeg,
                                            int width, Mark... marks) {
        int w = width;
        int h = width / 2;
        double[] heat = new double[w * h];
        double sigmaPx = sigmaDeg / 360.0 * w;
        int radius = (int) Math.ceil(3 * sigmaPx);
        for (int i = 0; i < yaws.length; i++) {
            double cx = Equirect.column(yaws[i], w);
            double cy = Equirect.row(pitches[i], h);
            for (int dy = -radius; dy <= radius; dy++) {
                int y = (int) Math.round(cy) + dy;
                if (y < 0 || y >= h) {
                    continue;
                }
                for (int dx = -radius; dx <= radius; dx++) {
                    int x = Math.floorMod((int) Math.round(cx) + dx, w);
                    double ddx = Math.round(cx) + dx - cx;
                    double ddy = y - cy;
                    heat[y * w + x] += Math.exp(-(ddx * ddx + ddy * ddy) / (2 * sigmaPx * sigmaPx));
                }
            }
        }
        double max = 1e-12;
        for (double v : heat) {
            max = Math.max(max, v);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[] rgb = new float[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pano.sampleAt((x + 0.5) * pano.width() / w - 0.5, (y + 0.5) * pano.height() / h - 0.5, rgb);
                double t = Math.sqrt(heat[y * w + x] / max);
                int[] hot = hotColor(t);
                int r = (int) (0.45 * rgb[0] * (1 - t) + hot[0] * t);
                int g = (int) (0.45 * rgb[1] * (1 - t) + hot[1] * t);
                int b = (int) (0.45 * rgb[2] * (1 - t) + hot[2] * t);
                out.setRGB(x, y, (clamp(r) << 16) | (clamp(g) << 8) | clamp(b));
            }
        }
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(2f));
        for (Mark m : marks) {
            int x = (int) Math.round(Equirect.column(m.yaw(), w));
            int y = (int) Math.round(Equirect.row(m.pitch(), h));
            g.setColor(m.color());
            g.drawOval(x - 8, y - 8, 16, 16);
            g.drawString(m.label(), x + 10, y - 10);
        }
        g.dispose();
        return out;
    }

    private static int[] hotColor(double t) {
        int r = (int) (255 * Math.min(1, 3 * t));
        int g = (int) (255 * Math.max(0, Math.min(1, 3 * t - 1)));
        int b = (int) (255 * Math.max(0, Math.min(1, 3 * t - 2)));
        return new int[] {r, g, b};
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
