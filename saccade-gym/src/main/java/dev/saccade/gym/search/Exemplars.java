package dev.saccade.gym.search;

import dev.saccade.core.InputException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A few example images of one thing to search for (the original's folder of positive crops), as
 * square crops of {@code size} pixels, CHW floats in [0, 1], {@code images[count][3][size][size]}.
 *
 * <p>{@link #load} reads a directory in one of two layouts: PNG/JPEG files directly in it (one
 * thing, named after the directory), or subdirectories of such files (one thing per subdirectory,
 * named after it, in name order). Each image is centre-cropped to a square and resized; a crop of
 * the thing filling about the fovea's field of view (17.3°) matches what the eye sees best.
 */
public record Exemplars(String name, List<Path> files, int size, float[] images) {
    public Exemplars {
        files = List.copyOf(files);
        if (files.isEmpty() || images.length != files.size() * 3 * size * size) {
            throw new IllegalArgumentException("exemplars of " + name + ": " + files.size() + " files, " + images.length + " floats");
        }
    }

    /** Number of images. */
    public int count() {
        return files.size();
    }

    /**
     * The things to search for under {@code dir}, each image at {@code size} pixels. Throws
     * {@link InputException} naming the directory or file if the directory is missing, holds no
     * images, mixes images with subdirectories of them, or an image cannot be read.
     */
    public static List<Exemplars> load(Path dir, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("exemplar size must be positive, got " + size);
        }
        if (!Files.exists(dir)) {
            throw new InputException(dir, "no such exemplar directory (--exemplars takes a directory of PNG/JPEG crops of the thing to find)");
        }
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir, "not a directory (--exemplars takes a directory of PNG/JPEG crops of the thing to find)");
        }
        List<Path> images = images(dir);
        List<Path> things = list(dir).stream().filter(Files::isDirectory).filter(d -> !images(d).isEmpty()).toList();
        if (!images.isEmpty() && !things.isEmpty()) {
            throw new InputException(dir, "holds both images and subdirectories of images (" + things.get(0).getFileName()
                    + "); give one thing's images, or one subdirectory per thing");
        }
        if (images.isEmpty() && things.isEmpty()) {
            throw new InputException(dir, "holds no PNG or JPEG images (nor subdirectories of them)");
        }
        if (!images.isEmpty()) {
            return List.of(read(name(dir), images, size));
        }
        List<Exemplars> out = new ArrayList<>();
        for (Path d : things) {
            out.add(read(name(d), images(d), size));
        }
        return List.copyOf(out);
    }

    private static String name(Path dir) {
        Path n = dir.toAbsolutePath().normalize().getFileName();
        return n == null ? "exemplars" : n.toString();
    }

    private static Exemplars read(String name, List<Path> files, int size) {
        int per = 3 * size * size;
        float[] out = new float[files.size() * per];
        for (int i = 0; i < files.size(); i++) {
            toPlanes(readImage(files.get(i)), size, out, i * per);
        }
        return new Exemplars(name, files, size, out);
    }

    /** Reads one exemplar image; throws {@link InputException} naming it if it is not a readable PNG or JPEG. */
    static BufferedImage readImage(Path file) {
        if (!Files.isReadable(file)) {
            throw new InputException(file, "exemplar image is not readable");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new InputException(file, "cannot decode exemplar image: " + e.getMessage(), e);
        }
        if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
            throw new InputException(file, "not a PNG or JPEG image");
        }
        return image;
    }

    /** {@code image}, centre-cropped to a square and resized bilinearly to {@code size}, as CHW planes in [0, 1] at {@code offset}. */
    public static void toPlanes(BufferedImage image, int size, float[] out, int offset) {
        int side = Math.min(image.getWidth(), image.getHeight());
        int x0 = (image.getWidth() - side) / 2;
        int y0 = (image.getHeight() - side) / 2;
        BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, size, size, x0, y0, x0 + side, y0 + side, null);
        g.dispose();
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = scaled.getRGB(x, y);
                int p = offset + y * size + x;
                out[p] = ((rgb >> 16) & 0xFF) / 255f;
                out[p + plane] = ((rgb >> 8) & 0xFF) / 255f;
                out[p + 2 * plane] = (rgb & 0xFF) / 255f;
            }
        }
    }

    private static List<Path> images(Path dir) {
        return list(dir).stream().filter(Files::isRegularFile).filter(p -> {
            String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
            return !n.startsWith(".") && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
        }).toList();
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new InputException(dir, "cannot list exemplar directory: " + e.getMessage(), e);
        }
    }
}
