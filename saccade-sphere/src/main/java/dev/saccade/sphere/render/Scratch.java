package dev.saccade.sphere.render;

/**
 * The working memory of one renderer's vector kernel: the block being rendered and the per-pixel
 * values its stages pass on to each other. It belongs to one renderer and so to one thread at a
 * time. About 15 KiB of arrays, so a block stays in the L1 cache.
 */
final class Scratch {
    /** Pixels per block; a multiple of every SIMD width. */
    static final int BLOCK = 256;

    // The block: set by VectorKernel.render before the stages run.
    RayTable rays;
    MipChain mips;
    boolean mip;
    float sinP;
    float cosP;
    float uShift;
    /** First pixel of the block in the ray table, and how many pixels it has (a multiple of the lanes). */
    int from;
    int count;
    float[] out;
    /** Where the block's red value of its first pixel goes; green and blue follow one plane apart. */
    int outAt;
    int plane;

    // Per pixel. a, b, c carry (dz, dy, h), then (u, v), then the bilinear fractions.
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

    /** Forgets the caller's arrays once a view is done. */
    void release() {
        rays = null;
        mips = null;
        out = null;
    }
}
