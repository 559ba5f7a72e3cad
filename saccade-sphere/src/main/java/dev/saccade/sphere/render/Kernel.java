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
    /** SIMD lanes through {@code jdk.incubator.vector}, in blocks of {@link Scratch#BLOCK} pixels. */
    VECTOR;

    private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("saccade.render.scalar");

    /** The fastest kernel this JVM can run (set {@code -Dsaccade.render.scalar=true} to force {@link #SCALAR}). */
    public static Kernel best() {
        return VECTOR_API ? VECTOR : SCALAR;
    }

    /** True if this JVM can run this kernel. */
    public boolean isAvailable() {
        return this == SCALAR || ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    Kernel requireAvailable() {
        if (!isAvailable()) {
            throw new IllegalStateException("the vector render kernel needs the JVM flag --add-modules jdk.incubator.vector");
        }
        return this;
    }
}
