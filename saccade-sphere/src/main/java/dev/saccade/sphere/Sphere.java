package dev.saccade.sphere;

/**
 * Directions on the unit sphere and their (longitude, latitude), per DESIGN.md §3.
 *
 * <p>Direction of {@code (lon, lat)} is {@code (cos lat · sin lon, sin lat, cos lat · cos lon)}:
 * lon 0 looks forward (+Z), lon +90° right (+X), lat +90° up (+Y). Angles are radians.
 */
public final class Sphere {
    private Sphere() {}

    /** The unit direction of longitude {@code lon} and latitude {@code lat}. */
    public static Vec3 direction(double lon, double lat) {
        double c = Math.cos(lat);
        return new Vec3(c * Math.sin(lon), Math.sin(lat), c * Math.cos(lon));
    }

    /** Longitude of {@code d} in (−π, π]; {@code d} need not be unit length. */
    public static double longitude(Vec3 d) {
        return Math.atan2(d.x(), d.z());
    }

    /**
     * Latitude of {@code d} in [−π/2, π/2], computed as {@code atan2(y, hypot(x, z))} so that it stays
     * accurate near the poles (asin loses precision there); {@code d} need not be unit length.
     */
    public static double latitude(Vec3 d) {
        return Math.atan2(d.y(), Math.hypot(d.x(), d.z()));
    }

    /** Wraps an angle into [−π, π). */
    public static double wrapAngle(double a) {
        double w = a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
        return w >= Math.PI ? w - 2 * Math.PI : w;
    }

    /** The great-circle angle between {@code (lon1, lat1)} and {@code (lon2, lat2)} in radians. */
    public static double angleBetween(double lon1, double lat1, double lon2, double lat2) {
        return direction(lon1, lat1).angleTo(direction(lon2, lat2));
    }
}
