package dev.saccade.sphere;

/**
 * Generated equirect frames with known content, for demos and tests: a graticule every 15°, a
 * background colour that varies smoothly with direction (no seam at ±180°), and coloured disc
 * markers at chosen (lon, lat).
 */
public final class TestPattern {
    /** A disc of angular radius {@code radius} centred on {@code (lon, lat)}, all radians. */
    public record Marker(double lon, double lat, double radius, int rgb) {}

    private TestPattern() {}

    /** The default sample panorama: graticule, ramp and markers at the cardinal directions and poles. */
    public static EquirectFrame sample(int height) {
        double r = Math.toRadians(4);
        return withMarkers(height, new Marker[] {
            new Marker(0, 0, r, 0xFF2020),                                    // front: red
            new Marker(Math.toRadians(90), 0, r, 0x20C020),                   // right: green
            new Marker(Math.toRadians(-90), 0, r, 0x2040FF),                  // left: blue
            new Marker(Math.toRadians(180), 0, r, 0xFFD020),                  // behind (on the seam): yellow
            new Marker(Math.toRadians(30), Math.toRadians(30), r, 0xFF40FF),  // up-right: magenta
            new Marker(0, Math.toRadians(90), r, 0xFFFFFF),                   // zenith: white
            new Marker(0, Math.toRadians(-90), r, 0x000000),                  // nadir: black
        });
    }

    /** Graticule and ramp background with the given markers drawn over it. */
    public static EquirectFrame withMarkers(int height, Marker[] markers) {
        int width = 2 * height;
        int[] px = new int[width * height];
        Vec3[] centres = new Vec3[markers.length];
        for (int m = 0; m < markers.length; m++) {
            centres[m] = Sphere.direction(markers[m].lon(), markers[m].lat());
        }
        double line = Math.toRadians(0.4);
        double step = Math.toRadians(15);
        for (int y = 0; y < height; y++) {
            double lat = Equirect.latitude(y, height);
            for (int x = 0; x < width; x++) {
                double lon = Equirect.longitude(x, width);
                int color = background(lon, lat);
                double dLon = Math.abs(Sphere.wrapAngle(lon - step * Math.rint(lon / step))) * Math.cos(lat);
                double dLat = Math.abs(lat - step * Math.rint(lat / step));
                if (dLon < line || dLat < line) {
                    color = 0x303030;
                }
                Vec3 d = Sphere.direction(lon, lat);
                for (int m = 0; m < markers.length; m++) {
                    if (d.angleTo(centres[m]) <= markers[m].radius()) {
                        color = markers[m].rgb();
                    }
                }
                px[y * width + x] = color;
            }
        }
        return new EquirectFrame(width, height, px);
    }

    /** A colour that varies smoothly with direction, continuous across the ±180° seam (so a seam would show). */
    private static int background(double lon, double lat) {
        double v = (Math.PI / 2 - lat) / Math.PI;
        int r = (int) (120 + 50 * (1 + Math.cos(lon)));
        int g = (int) (120 + 100 * v);
        int b = (int) (130 + 20 * (1 + Math.sin(lon)));
        return (r << 16) | (g << 8) | b;
    }
}
