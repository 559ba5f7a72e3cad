package dev.saccade.sphere;

/**
 * The equirectangular pixel grid of DESIGN.md §3, for an image {@code width × height} with
 * {@code width = 2·height}.
 *
 * <p>The centre of column {@code x} is at {@code lon = ((x + 0.5)/W)·2π − π}; of row {@code y} at
 * {@code lat = π/2 − ((y + 0.5)/H)·π}. Continuous coordinates put integer values on pixel centres,
 * so column −0.5 is the left edge (lon −π) and row −0.5 the top edge (lat +π/2).
 */
public final class Equirect {
    private Equirect() {}

    /** Continuous column whose integer values are pixel centres, for longitude {@code lon}. */
    public static double column(double lon, int width) {
        return (lon + Math.PI) / (2 * Math.PI) * width - 0.5;
    }

    /** Continuous row whose integer values are pixel centres, for latitude {@code lat}. */
    public static double row(double lat, int height) {
        return (Math.PI / 2 - lat) / Math.PI * height - 0.5;
    }

    /** Longitude of continuous column {@code x}. */
    public static double longitude(double x, int width) {
        return (x + 0.5) / width * 2 * Math.PI - Math.PI;
    }

    /** Latitude of continuous row {@code y}. */
    public static double latitude(double y, int height) {
        return Math.PI / 2 - (y + 0.5) / height * Math.PI;
    }

    /** True if {@code width × height} is a valid equirect shape (positive, {@code width = 2·height}). */
    public static boolean isValidShape(int width, int height) {
        return height > 0 && width == 2 * height;
    }
}
