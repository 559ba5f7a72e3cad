package dev.saccade.data.synth;

import dev.saccade.data.robot.Pose;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The catalogue of table objects: the five tasks' objects and targets, and generic clutter. Each
 * kind has colours that belong to its identity and look-alike colours that do not (a navy towel is
 * a distractor, not the towel), so the task object is always recognisable by look alone.
 */
enum PropKind {
    TOWEL, BUCKET, ERASER, STAND, ESTOP, BRUSH, TRAY, WOOD_SQUARE, TARGET_MARK,
    MUG, BALL, BLOCK, CAN, BOOK;

    /** Builds one of this kind, in identity colours or (for distractors) look-alike colours. */
    Prop make(boolean lookalike, SplittableRandom rng) {
        List<Part> parts = new ArrayList<>();
        Pose at0 = Pose.IDENTITY;
        switch (this) {
            case TOWEL -> {
                int cloth = pick(rng, lookalike ? new int[] {0x7A1F2B, 0x1F2F5A, 0x2F4F2F, 0x5A3A22, 0x333333}
                        : new int[] {0xF2F0EA, 0xEFE3C8, 0xA9CBE8, 0xF0B8C8, 0xBFE3B4});
                int band = pick(rng, new int[] {0x3B6FB6, 0xC0392B, 0x2E8B57, 0x8A8A8A, 0xE0A030});
                parts.add(Part.box(0.065, 0.035, 0.015, at(0, 0, 0.015), Material.of(jitter(cloth, rng), band, Pattern.FABRIC, 0.065, 0.02)));
                return new Prop(this, parts, Math.hypot(0.065, 0.035), 0.03, 0.07, 0.02, 0.03, 0, 0);
            }
            case BUCKET -> {
                int plastic = pick(rng, lookalike ? new int[] {0x8E44AD, 0x222222, 0xEDEDED}
                        : new int[] {0xD93A2B, 0x2F6FD0, 0x3AA655, 0xF08A24});
                parts.add(Part.cup(0.10, 0.093, 0.13, 0.012, at0, Material.of(jitter(plastic, rng), darker(plastic), Pattern.MOTTLED, 0.05, 0.35)));
                return new Prop(this, parts, 0.10, 0.13, 0, 0, 0.012, 0.05, 0);
            }
            case ERASER -> {
                int handle = pick(rng, lookalike ? new int[] {0xE8C81E, 0x3CB371, 0xF5F5F5}
                        : new int[] {0x1F4E9A, 0x202020, 0xB02020});
                parts.add(Part.box(0.065, 0.025, 0.008, at(0, 0, 0.008), Material.of(0x555555, 0x777777, Pattern.MOTTLED, 0.004, 0)));
                parts.add(Part.box(0.062, 0.023, 0.014, at(0, 0, 0.030), Material.of(jitter(handle, rng), darker(handle), Pattern.MOTTLED, 0.03, 0.4)));
                return new Prop(this, parts, Math.hypot(0.065, 0.025), 0.044, 0.046, 0.03, 0.044, 0, 0);
            }
            case STAND -> {
                int plastic = pick(rng, lookalike ? new int[] {0x2A2A2A, 0x7B4B2A, 0x6C8EBF}
                        : new int[] {0xF2F2F2, 0xB8BEC4, 0x9AA3AD});
                Material m = Material.of(jitter(plastic, rng), darker(plastic), Pattern.MOTTLED, 0.04, 0.3);
                parts.add(Part.box(0.045, 0.035, 0.04, at(0, 0, 0.04), m));
                parts.add(Part.box(0.09, 0.06, 0.008, at(0, 0, 0.088), m));
                parts.add(Part.box(0.09, 0.004, 0.012, at(0, -0.056, 0.108), m)); // a lip so it reads as a stand
                return new Prop(this, parts, Math.hypot(0.09, 0.06), 0.12, 0, 0, 0.096, 0.03, Math.PI);
            }
            case ESTOP -> {
                int housing = lookalike ? pick(rng, new int[] {0x9A9A9A, 0x505050}) : pick(rng, new int[] {0xF2C511, 0xF5D000});
                int cap = lookalike ? pick(rng, new int[] {0x20A040, 0x2050D0}) : pick(rng, new int[] {0xD01010, 0xE02020});
                parts.add(Part.box(0.045, 0.045, 0.035, at(0, 0, 0.035), Material.of(jitter(housing, rng), darker(housing), Pattern.MOTTLED, 0.03, 0.3)));
                parts.add(Part.cylinder(0.022, 0.012, at(0, 0, 0.07), Material.solid(0x707070, 0.5)));
                parts.add(Part.cylinder(0.03, 0.02, at(0, 0, 0.078), Material.solid(jitter(cap, rng), 0.6)).asButton());
                return new Prop(this, parts, Math.hypot(0.045, 0.045), 0.098, 0, 0, 0.098, 0.015, 0);
            }
            case BRUSH -> {
                int back = lookalike ? pick(rng, new int[] {0x3060C0, 0x40A040, 0x9040A0}) : pick(rng, new int[] {0xB07A45, 0xC89060, 0x8F5E34});
                int bristle = lookalike ? 0x1A1A1A : pick(rng, new int[] {0xF0EAD8, 0xD8B070, 0xD04040, 0x4070D0});
                parts.add(Part.box(0.075, 0.027, 0.014, at(0, 0, 0.014), Material.of(bristle, darker(bristle), Pattern.BRISTLES, 0.002, 0.05)));
                parts.add(Part.box(0.08, 0.03, 0.012, at(0, 0, 0.040),
                        lookalike ? Material.solid(jitter(back, rng), 0.5) : Material.of(jitter(back, rng), darker(back), Pattern.WOOD, 0.05, 0.15)));
                return new Prop(this, parts, Math.hypot(0.08, 0.03), 0.052, 0.06, 0.036, 0.052, 0, 0);
            }
            case TRAY -> {
                int plastic = pick(rng, lookalike ? new int[] {0x2B2B2B, 0x2E6B3A, 0xA52A2A}
                        : new int[] {0xF4F4F0, 0xC8CDD2, 0xAFCDE8});
                Material m = Material.of(jitter(plastic, rng), darker(plastic), Pattern.MOTTLED, 0.05, 0.3);
                parts.add(Part.box(0.15, 0.11, 0.005, at(0, 0, 0.005), m));
                parts.add(Part.box(0.15, 0.005, 0.02, at(0, 0.105, 0.02), m));
                parts.add(Part.box(0.15, 0.005, 0.02, at(0, -0.105, 0.02), m));
                parts.add(Part.box(0.005, 0.1, 0.02, at(0.145, 0, 0.02), m));
                parts.add(Part.box(0.005, 0.1, 0.02, at(-0.145, 0, 0.02), m));
                return new Prop(this, parts, Math.hypot(0.15, 0.11), 0.04, 0, 0, 0.01, 0.05, Math.PI);
            }
            case WOOD_SQUARE -> {
                int wood = lookalike ? pick(rng, new int[] {0x2E64C8, 0xD83A3A, 0x3FA34D}) : pick(rng, new int[] {0xD9B382, 0xC49A6C, 0xE3C397});
                parts.add(Part.box(0.035, 0.035, 0.015, at(0, 0, 0.015),
                        lookalike ? Material.solid(jitter(wood, rng), 0.4) : Material.of(jitter(wood, rng), darker(wood), Pattern.WOOD, 0.04, 0.1)));
                return new Prop(this, parts, Math.hypot(0.035, 0.035), 0.03, 0.07, 0.02, 0.03, 0, 0);
            }
            case TARGET_MARK -> {
                int tape = pick(rng, lookalike ? new int[] {0xE03030, 0xF0C020} : new int[] {0x2F7FE0, 0x20A060});
                Material m = Material.of(jitter(tape, rng), darker(tape), Pattern.MOTTLED, 0.01, 0.1);
                parts.add(Part.box(0.065, 0.012, 0.0015, Pose.urdf(0, 0, 0.0015, 0, 0, Math.PI / 4), m));
                parts.add(Part.box(0.065, 0.012, 0.0015, Pose.urdf(0, 0, 0.0016, 0, 0, -Math.PI / 4), m));
                return new Prop(this, parts, 0.065, 0.003, 0, 0, 0.003, 0.02, Math.PI / 2);
            }
            case MUG -> {
                parts.add(Part.cup(0.04, 0.035, 0.095, 0.008, at0, Material.of(anyColour(rng), 0xFFFFFF, Pattern.MOTTLED, 0.05, 0.5)));
                return new Prop(this, parts, 0.04, 0.095, 0, 0, 0, 0, 0);
            }
            case BALL -> {
                double r = 0.03 + 0.015 * rng.nextDouble();
                parts.add(Part.ball(r, at(0, 0, r), Material.of(anyColour(rng), anyColour(rng), Pattern.STRIPES, 0.04, 0.4)));
                return new Prop(this, parts, r, 2 * r, 0, 0, 0, 0, 0);
            }
            case BLOCK -> {
                double hx = 0.02 + 0.03 * rng.nextDouble(), hy = 0.02 + 0.03 * rng.nextDouble(), hz = 0.02 + 0.03 * rng.nextDouble();
                parts.add(Part.box(hx, hy, hz, at(0, 0, hz), Material.of(anyColour(rng), 0x000000, Pattern.MOTTLED, 0.08, 0.3)));
                return new Prop(this, parts, Math.hypot(hx, hy), 2 * hz, 0, 0, 0, 0, 0);
            }
            case CAN -> {
                parts.add(Part.cylinder(0.033, 0.12, at0, Material.of(anyColour(rng), anyColour(rng), Pattern.STRIPES, 0.05, 0.6)));
                return new Prop(this, parts, 0.033, 0.12, 0, 0, 0, 0, 0);
            }
            case BOOK -> {
                parts.add(Part.box(0.1, 0.07, 0.015, at(0, 0, 0.015), Material.of(anyColour(rng), anyColour(rng), Pattern.BLOCKS, 0.05, 0.1)));
                return new Prop(this, parts, Math.hypot(0.1, 0.07), 0.03, 0, 0, 0, 0, 0);
            }
        }
        throw new AssertionError(this);
    }

    private static Pose at(double x, double y, double z) {
        return Pose.urdf(x, y, z, 0, 0, 0);
    }

    private static int pick(SplittableRandom rng, int[] colours) {
        return colours[rng.nextInt(colours.length)];
    }

    /** The colour with its brightness varied by up to ±10 %, so no two episodes look identical. */
    static int jitter(int rgb, SplittableRandom rng) {
        double k = 0.9 + 0.2 * rng.nextDouble();
        return scale(rgb, k);
    }

    static int darker(int rgb) {
        return scale(rgb, 0.8);
    }

    static int scale(int rgb, double k) {
        int r = (int) Math.min(255, ((rgb >> 16) & 255) * k);
        int g = (int) Math.min(255, ((rgb >> 8) & 255) * k);
        int b = (int) Math.min(255, (rgb & 255) * k);
        return r << 16 | g << 8 | b;
    }

    /** A saturated random colour for clutter. */
    static int anyColour(SplittableRandom rng) {
        double h = rng.nextDouble(), s = 0.4 + 0.5 * rng.nextDouble(), v = 0.45 + 0.5 * rng.nextDouble();
        return java.awt.Color.HSBtoRGB((float) h, (float) s, (float) v) & 0xFFFFFF;
    }
}
