package dev.saccade.sphere.render;

import static dev.saccade.sphere.render.ScalarKernel.INV_255;
import static dev.saccade.sphere.render.ScalarKernel.INV_PI;
import static dev.saccade.sphere.render.ScalarKernel.INV_TWO_PI;
import static dev.saccade.sphere.render.ScalarKernel.PI;
import static dev.saccade.sphere.render.ScalarKernel.QUARTER_PI;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ScalarKernel}'s render loop on SIMD lanes (16 floats with AVX-512), through the JDK's
 * incubating Vector API. Loaded only when {@link Kernel#VECTOR} is used, so the rest of the renderer
 * runs on JVMs without {@code --add-modules jdk.incubator.vector}.
 *
 * <p>Pixels go through in blocks of {@link Scratch#BLOCK}, one small {@link Stage} at a time (rotate,
 * latitude, longitude, mip level, tap indices, gather the taps, weights, one stage per colour
 * channel), each passing its results to the next through {@link Scratch} arrays that stay in L1.
 * The stages are small, and separate objects, on purpose: HotSpot 17 stops inlining Vector API calls
 * once a compiled method's graph passes about 18,000 nodes, and every call it leaves out boxes a
 * vector on the heap, which makes the loop ten times slower and allocate megabytes per frame. Called
 * through an interface from one place with many implementations, a stage is never inlined into its
 * caller, so each is compiled on its own, well within that budget, whatever calls the renderer.
 * Float-to-int conversion is not intrinsified on x86 in JDK 17 either, so floors and conversions use
 * the 2²³ magic-number trick (values here are below 2²²).
 */
final class VectorKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int LANES = F.length();
    private static final float MAGIC = 8388608f;               // 2^23: adding it rounds to an integer
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    private static final FloatVector A2 = FloatVector.broadcast(F, ScalarKernel.A2);
    private static final FloatVector A4 = FloatVector.broadcast(F, ScalarKernel.A4);
    private static final FloatVector A6 = FloatVector.broadcast(F, ScalarKernel.A6);
    private static final FloatVector A8 = FloatVector.broadcast(F, ScalarKernel.A8);
    private static final FloatVector A10 = FloatVector.broadcast(F, ScalarKernel.A10);
    private static final FloatVector A12 = FloatVector.broadcast(F, ScalarKernel.A12);
    private static final FloatVector ONE = FloatVector.broadcast(F, 1f);
    private static final FloatVector HALF = FloatVector.broadcast(F, 0.5f);

    /** One pass over the block in a {@link Scratch}. */
    private interface Stage {
        void run(Scratch s);
    }

    private static final Stage[] PLAIN = {
        new Rotate(), new Latitude(), new Longitude(), new Indices(), new Taps(), new Weights(),
        new Channel(16, 0), new Channel(8, 1), new Channel(0, 2),
    };
    private static final Stage[] ANTIALIASED = {
        new Rotate(), new Latitude(), new Longitude(), new Levels(), new Indices(), new Taps(), new Weights(),
        new Channel(16, 0), new Channel(8, 1), new Channel(0, 2),
    };

    static {
        if (Scratch.BLOCK % LANES != 0) {
            throw new IllegalStateException("block of " + Scratch.BLOCK + " pixels is not a multiple of " + LANES + " lanes");
        }
    }

    private VectorKernel() {}

    /** True on x86 with at least 8 float lanes, where HotSpot 17 turns the gathers into instructions. */
    static boolean isFastHere() {
        String arch = System.getProperty("os.arch", "");
        return (arch.equals("amd64") || arch.equals("x86_64")) && LANES >= 8;
    }

    /** As {@link ScalarKernel#render}, using {@code scratch} as working memory. */
    static void render(RayTable rays, MipChain mips, Antialias antialias, double yaw, double pitch,
                       float[] out, int offset, int from, int to, Scratch scratch) {
        Scratch s = scratch;
        s.rays = rays;
        s.mips = mips;
        s.mip = antialias == Antialias.MIP && mips.levels() > 1;
        s.sinP = (float) Math.sin(pitch);
        s.cosP = (float) Math.cos(pitch);
        s.uShift = ScalarKernel.uShift(yaw);
        s.out = out;
        s.plane = rays.size();
        Stage[] stages = s.mip ? ANTIALIASED : PLAIN;
        try {
            int p = from;
            while (p < to) {
                int count = Math.min(Scratch.BLOCK, (to - p) / LANES * LANES);
                if (count == 0) {   // fewer pixels left than lanes
                    ScalarKernel.render(rays, mips, antialias, yaw, pitch, out, offset, p, to);
                    return;
                }
                s.from = p;
                s.count = count;
                s.outAt = offset + p;
                for (Stage stage : stages) {
                    stage.run(s);
                }
                if (rays.hasBlindPixels()) {
                    blackOut(rays, out, offset, p, count);
                }
                p += count;
            }
        } finally {
            s.release();
        }
    }

    /** Camera rays turned by pitch: a = dz, b = dy, c = h = hypot(x, dz) = cos(lat). */
    private static final class Rotate implements Stage {
        @Override
        public void run(Scratch s) {
            float sinP = s.sinP;
            float cosP = s.cosP;
            for (int k = 0; k < s.count; k += LANES) {
                int p = s.from + k;
                FloatVector x = FloatVector.fromArray(F, s.rays.x, p);
                FloatVector y = FloatVector.fromArray(F, s.rays.y, p);
                FloatVector z = FloatVector.fromArray(F, s.rays.z, p);
                FloatVector dz = y.mul(sinP).add(z.mul(cosP));
                dz.intoArray(s.a, k);
                z.mul(sinP).sub(y.mul(cosP)).intoArray(s.b, k);
                x.mul(x).add(dz.mul(dz)).sqrt().intoArray(s.c, k);
            }
        }
    }

    /** b := v, the latitude as a fraction of the frame height from the top, in [0, 1]. */
    private static final class Latitude implements Stage {
        @Override
        public void run(Scratch s) {
            for (int k = 0; k < s.count; k += LANES) {
                FloatVector y = FloatVector.fromArray(F, s.b, k);
                FloatVector h = FloatVector.fromArray(F, s.c, k);
                FloatVector ay = y.abs();
                FloatVector r = atanUnit(h.sub(ay).div(h.add(ay).add(Float.MIN_NORMAL))).neg().add(QUARTER_PI);
                r = r.blend(r.neg(), y.lt(0f));
                r.fma(-INV_PI, 0.5f).max(0f).min(1f).intoArray(s.b, k);
            }
        }
    }

    /** a := u, the longitude (yaw added) as a fraction of a turn from the frame's left edge, in [0, 1). */
    private static final class Longitude implements Stage {
        @Override
        public void run(Scratch s) {
            for (int k = 0; k < s.count; k += LANES) {
                FloatVector x = FloatVector.fromArray(F, s.rays.x, s.from + k);
                FloatVector z = FloatVector.fromArray(F, s.a, k);
                FloatVector ax = x.abs();
                FloatVector az = z.abs();
                FloatVector r = atanUnit(az.sub(ax).div(az.add(ax).add(Float.MIN_NORMAL))).neg().add(QUARTER_PI);
                r = r.blend(r.neg().add(PI), z.lt(0f));
                r = r.blend(r.neg(), x.lt(0f));
                FloatVector u = r.fma(INV_TWO_PI, s.uShift);
                u.sub(floor(u)).intoArray(s.a, k);
            }
        }
    }

    /** level := the mip level per pixel, from the float exponent of footprint·lodScale/cos(lat). */
    private static final class Levels implements Stage {
        @Override
        public void run(Scratch s) {
            float lodScale = ScalarKernel.lodScale(s.mips);
            int maxLevel = s.mips.levels() - 1;
            for (int k = 0; k < s.count; k += LANES) {
                FloatVector ratio = FloatVector.fromArray(F, s.rays.footprint, s.from + k).mul(lodScale)
                        .div(FloatVector.fromArray(F, s.c, k));
                ratio.reinterpretAsInts().lanewise(VectorOperators.LSHR, 23).sub(127).max(0).min(maxLevel)
                        .intoArray(s.level, k);
            }
        }
    }

    /** top, bottom := index of the top-left and bottom-left taps; a, b := the bilinear fractions. */
    private static final class Indices implements Stage {
        @Override
        public void run(Scratch s) {
            int w0 = s.mips.width(0);
            int h0 = s.mips.height(0);
            boolean mip = s.mip;
            for (int k = 0; k < s.count; k += LANES) {
                IntVector width;
                IntVector height;
                IntVector base;
                if (mip) {
                    IntVector level = IntVector.fromArray(I, s.level, k);
                    width = IntVector.broadcast(I, w0).lanewise(VectorOperators.ASHR, level);
                    height = IntVector.broadcast(I, h0).lanewise(VectorOperators.ASHR, level);
                    base = IntVector.fromArray(I, s.mips.offset, 0, s.level, k);
                } else {
                    width = IntVector.broadcast(I, w0);
                    height = IntVector.broadcast(I, h0);
                    base = IntVector.zero(I);
                }
                IntVector stride = width.add(2);
                FloatVector cx = FloatVector.fromArray(F, s.a, k).fma((FloatVector) width.convert(VectorOperators.I2F, 0), HALF);
                FloatVector cy = FloatVector.fromArray(F, s.b, k).fma((FloatVector) height.convert(VectorOperators.I2F, 0), HALF);
                FloatVector fx = floor(cx);
                FloatVector fy = floor(cy);
                IntVector top = base.add(toInt(fy).mul(stride)).add(toInt(fx));
                top.intoArray(s.top, k);
                top.add(stride).intoArray(s.bottom, k);
                cx.sub(fx).intoArray(s.a, k);
                cy.sub(fy).intoArray(s.b, k);
            }
        }
    }

    /** t00..t11 := the four packed texels around each sample (gathers). */
    private static final class Taps implements Stage {
        @Override
        public void run(Scratch s) {
            int[] tex = s.mips.texels;
            for (int k = 0; k < s.count; k += LANES) {
                IntVector.fromArray(I, tex, 0, s.top, k).intoArray(s.t00, k);
                IntVector.fromArray(I, tex, 1, s.top, k).intoArray(s.t01, k);
                IntVector.fromArray(I, tex, 0, s.bottom, k).intoArray(s.t10, k);
                IntVector.fromArray(I, tex, 1, s.bottom, k).intoArray(s.t11, k);
            }
        }
    }

    /** w00..w11 := bilinear weights divided by 255, so the blend lands in [0, 1]. */
    private static final class Weights implements Stage {
        @Override
        public void run(Scratch s) {
            for (int k = 0; k < s.count; k += LANES) {
                FloatVector ax = FloatVector.fromArray(F, s.a, k);
                FloatVector ay = FloatVector.fromArray(F, s.b, k);
                FloatVector bx = ONE.sub(ax);
                FloatVector by = ONE.sub(ay).mul(INV_255);
                FloatVector ay255 = ay.mul(INV_255);
                bx.mul(by).intoArray(s.w00, k);
                ax.mul(by).intoArray(s.w01, k);
                bx.mul(ay255).intoArray(s.w10, k);
                ax.mul(ay255).intoArray(s.w11, k);
            }
        }
    }

    /** One colour plane: the channel at bit {@code shift} of the taps, blended and written out. */
    private static final class Channel implements Stage {
        private final int shift;
        private final int planeIndex;

        Channel(int shift, int planeIndex) {
            this.shift = shift;
            this.planeIndex = planeIndex;
        }

        @Override
        public void run(Scratch s) {
            int o = s.outAt + planeIndex * s.plane;
            int sh = shift;
            for (int k = 0; k < s.count; k += LANES) {
                FloatVector r = channelOf(IntVector.fromArray(I, s.t00, k), sh).mul(FloatVector.fromArray(F, s.w00, k));
                r = channelOf(IntVector.fromArray(I, s.t01, k), sh).fma(FloatVector.fromArray(F, s.w01, k), r);
                r = channelOf(IntVector.fromArray(I, s.t10, k), sh).fma(FloatVector.fromArray(F, s.w10, k), r);
                r = channelOf(IntVector.fromArray(I, s.t11, k), sh).fma(FloatVector.fromArray(F, s.w11, k), r);
                r.min(1f).intoArray(s.out, o + k);
            }
        }
    }

    /** Pixels the lens does not see are black (rare: only outside a fisheye's image circle). */
    private static void blackOut(RayTable rays, float[] out, int offset, int from, int count) {
        int n = rays.size();
        for (int p = from; p < from + count; p++) {
            if (!(rays.footprint[p] > 0)) {
                out[offset + p] = 0;
                out[offset + n + p] = 0;
                out[offset + 2 * n + p] = 0;
            }
        }
    }

    private static FloatVector channelOf(IntVector packed, int shift) {
        return (FloatVector) packed.lanewise(VectorOperators.LSHR, shift).and(255).convert(VectorOperators.I2F, 0);
    }

    /** atan(t) for t in [−1, 1], the polynomial of {@link ScalarKernel#atanUnit}. */
    private static FloatVector atanUnit(FloatVector t) {
        FloatVector s = t.mul(t);
        FloatVector r = s.fma(ScalarKernel.A16, ScalarKernel.A14);
        r = r.fma(s, A12);
        r = r.fma(s, A10);
        r = r.fma(s, A8);
        r = r.fma(s, A6);
        r = r.fma(s, A4);
        r = r.fma(s, A2);
        r = r.fma(s, ONE);
        return r.mul(t);
    }

    /** floor(x) for 0 ≤ x < 2²²: round to nearest by adding 2²³, then step down where that rounded up. */
    private static FloatVector floor(FloatVector x) {
        FloatVector r = x.add(MAGIC).sub(MAGIC);
        return r.blend(r.sub(1f), r.compare(VectorOperators.GT, x));
    }

    /** An integer-valued float in [0, 2²³) as an int: its bits after adding 2²³. */
    private static IntVector toInt(FloatVector integral) {
        return integral.add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS);
    }
}
