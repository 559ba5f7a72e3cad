package dev.saccade.sphere.render;

/**
 * The working memory of one renderer's vector kernel: per-pixel intermediate values for one block of
 * pixels, passed from stage to stage. It belongs to one renderer and so to one thread at a time.
 * About 15 KiB, so a block stays in the L1 cache.
 */
final class Scratch {
    /** Pixels per block; a multiple of every SIMD width. */
    static final int BLOCK = 256;

    // Reused across stages: a, b, c carry (dz, dy, h), then (u, v), then the bilinear fractions.
    final float[] a = new float[BLOCK];
    final float[] b = new float[BLOCK];
    final float[] c = new float[BLOCK];
    final int[] level = new int[BLOCK];
    final int[] top = new int[BLOCK];
    final int[] bottom = new int[BLOCK];
    final int[] t00 = new int[BLOCK];
    final int[] t01 = new int[BLOCK];
    final int[] t10 = new int[BLOCK];
    final int[] t11 = new int[BLOCK];
    final float[] w00 = new float[BLOCK];
    final float[] w01 = new float[BLOCK];
    final float[] w10 = new float[BLOCK];
    final float[] w11 = new float[BLOCK];
}
