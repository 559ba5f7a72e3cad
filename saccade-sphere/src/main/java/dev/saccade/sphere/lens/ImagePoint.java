package dev.saccade.sphere.lens;

/**
 * A continuous position in a view image, in OpenCV's pixel convention: integer values are pixel
 * centres, so the centre of pixel (column {@code i}, row {@code j}) is {@code (i, j)} and the image
 * spans {@code [−0.5, width − 0.5] × [−0.5, height − 0.5]}.
 */
public record ImagePoint(double u, double v) {
    /** True if this point lies on the image of {@code width × height} pixels. */
    public boolean isInside(int width, int height) {
        return u >= -0.5 && u <= width - 0.5 && v >= -0.5 && v <= height - 0.5;
    }
}
