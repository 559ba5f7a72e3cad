package dev.saccade.sphere;

import dev.saccade.core.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Writing images: atomically, in the format the file name asks for. */
public final class Images {
    private Images() {}

    /** Writes {@code image} as PNG or JPEG (by extension) so that a crash never leaves half a file. */
    public static void write(BufferedImage image, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String format = name.endsWith(".jpg") || name.endsWith(".jpeg") ? "jpg" : "png";
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, format, out)) {
                throw new IOException("no image writer for " + format);
            }
        });
    }
}
