package dev.saccade.data.synth;

/**
 * Procedural textures: each gives the blend {@code f ∈ [0, 1]} between a material's two colours at
 * a point in the shape's own coordinates (metres), and a brightness factor. {@code s} is the
 * material's feature size. All are pure functions of the point, so frames are deterministic.
 */
enum Pattern {
    /** One colour. */
    SOLID,
    /** Blotchy variation: plastic, felt, plaster. */
    MOTTLED,
    /** Woven cloth with coloured bands across its length: towels. */
    FABRIC,
    /** Long grain along local x: wooden blocks, brush backs. */
    WOOD,
    /** Floor boards {@code s} wide along world y, each its own tint, with dark seams. */
    PLANKS,
    /** Square tiles {@code s} across with grout lines. */
    TILES,
    /** Fine lines along local x: brush bristles. */
    BRISTLES,
    /** Blocks of colour {@code s} across: posters and book spines. */
    BLOCKS,
    /** Diagonal stripes {@code s} wide: labels, tape. */
    STRIPES;

    /** Writes {@code (f, brightness)} into {@code out[0..1]}. */
    void sample(double u, double v, double w, double s, double[] out) {
        double f = 0, light = 1;
        switch (this) {
            case SOLID -> { }
            case MOTTLED -> f = Noise.fractal(u / s, v / s, w / s);
            case FABRIC -> {
                double band = u / s - Math.floor(u / s);
                f = band < 0.22 ? 1 : 0;
                light = 0.9 + 0.1 * Noise.value(u * 900, v * 900, w * 900) - 0.08 * Noise.value(u * 40, v * 40, w * 40);
            }
            case WOOD -> {
                double warp = 3 * Noise.value(u * 4 / s, v * 25 / s, w * 25 / s);
                f = 0.5 + 0.5 * Math.sin((v * 1.3 + w * 0.7) * 40 / s + warp * 2);
                f = f * f;
                light = 0.92 + 0.08 * Noise.value(u * 60, v * 60, w * 60);
            }
            case PLANKS -> {
                v += 0.37 * s; // keep seams off the base frame's axes, where the camera looks
                double row = Math.floor(v / s);
                double shift = Noise.unit((int) row, 7, 3) * 1.7;
                double along = (u + shift) / (s * 6);
                double seamU = along - Math.floor(along);
                double seamV = v / s - row;
                f = Noise.unit((int) row, (int) Math.floor(along), 11);
                light = 0.86 + 0.14 * Noise.value(u * 3, v * 40, 0.5);
                if (seamV < 0.03 || seamU < 0.006) {
                    light *= 0.45;
                }
            }
            case TILES -> {
                double a = u / s - Math.floor(u / s), b = v / s - Math.floor(v / s), c = w / s - Math.floor(w / s);
                double edge = 0.035;
                boolean grout = nearEdge(a, edge) || nearEdge(b, edge) || nearEdge(c, edge);
                f = grout ? 1 : 0.15 * Noise.unit((int) Math.floor(u / s), (int) Math.floor(v / s), (int) Math.floor(w / s));
            }
            case BRISTLES -> {
                f = Noise.unit((int) Math.floor(v / s), (int) Math.floor(w / s), 5);
                light = 0.75 + 0.25 * Noise.value(u * 80, v / s, w / s);
            }
            case BLOCKS -> {
                int i = (int) Math.floor(u / s), j = (int) Math.floor(v / s), k = (int) Math.floor(w / s);
                f = Noise.unit(i, j, k);
                light = 0.7 + 0.3 * Noise.unit(j, k, i);
            }
            case STRIPES -> {
                double t = (u + v + w) / s;
                f = t - Math.floor(t) < 0.5 ? 1 : 0;
            }
        }
        out[0] = f;
        out[1] = light;
    }

    private static boolean nearEdge(double frac, double edge) {
        return frac < edge || frac > 1 - edge;
    }
}
