package dev.saccade.sphere.render;

/** Runs the render loop on the kernel a renderer was built with. */
final class ViewKernel {
    private ViewKernel() {}

    /**
     * Renders pixels {@code [from, to)} of the view of {@code rays} at gaze {@code (yaw, pitch)} into
     * CHW planes from {@code out[offset]} (see {@link ScalarKernel#render}).
     */
    static void render(Kernel kernel, Scratch scratch, RayTable rays, MipChain mips, Antialias antialias,
                       double yaw, double pitch, float[] out, int offset, int from, int to) {
        if (kernel == Kernel.VECTOR) {
            VectorKernel.render(rays, mips, antialias, yaw, pitch, out, offset, from, to, scratch);
        } else {
            ScalarKernel.render(rays, mips, antialias, yaw, pitch, out, offset, from, to);
        }
    }
}
