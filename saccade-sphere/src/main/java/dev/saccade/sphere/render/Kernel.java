package dev.saccade.sphere.render;

/**
 * Which implementation of the render loop a renderer runs. Both compute the same thing (DESIGN.md §3
 * geometry, bilinear taps, optional mip level) with the same float arithmetic and agree to within
 * float rounding; they differ only in speed.
 *
 * <p>{@link #VECTOR} uses the JDK's incubating Vector API and is about ten times faster once
 * warm (see BENCHMARKS.md); it needs the JVM flag {@code --add-modules jdk.incubator.vector}, which
 * the {@code saccade} launcher and this module's tests pass. Without the flag {@link #best()} falls
 * back to {@link #SCALAR}, so code that renders works on any JVM. Until HotSpot's top tier has
 * compiled it (a few seconds of rendering), the vector kernel is several times slower than the
 * scalar one, because the interpreter and C1 box every vector: use {@link #SCALAR} for a one-off
 * image and {@link #best()} for anything that renders many views.
 */
public enum Kernel {
    /** Plain Java, one pixel at a time. Runs everywhere. */
    SCALAR,
    /** SIMD lanes through {@code jdk.incubator.vector}, in blocks of 256 pixels. */
    VECTOR;

    private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final Kernel BEST = VECTOR_API && !Boolean.getBoolean("saccade.render.scalar")
            && VectorKernel.isFastHere() ? VECTOR : SCALAR;

    /**
     * The fastest kernel this JVM can run: {@link #VECTOR} where the Vector API is enabled on an x86
     * CPU with at least 256-bit vectors (JDK 17 compiles its gathers to AVX2/AVX-512 instructions
     * only there, and emulates them slowly elsewhere), else {@link #SCALAR}. Set
     * {@code -Dsaccade.render.scalar=true} to force {@link #SCALAR}.
     */
    public static Kernel best() {
        return BEST;
    }

    /** True if this JVM can run this kernel. */
    public boolean isAvailable() {
        return this == SCALAR || VECTOR_API;
    }

    Kernel requireAvailable() {
        if (!isAvailable()) {
            throw new IllegalStateException("the vector render kernel needs the JVM flag --add-modules jdk.incubator.vector");
        }
        return this;
    }
}
