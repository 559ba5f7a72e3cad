package dev.saccade.data.synth;

/** The nearest surface found so far along one ray; a mutable scratch object, one per thread. */
final class Hit {
    /** Distance along the (unit) ray direction. */
    double t;
    /** Unit surface normal in the base frame, pointing out of the solid. */
    double nx, ny, nz;
    /** Coordinates of the hit in the shape's own frame, so textures stick to moving objects. */
    double u, v, w;
    /** The shape hit. */
    Shape shape;

    void set(double t, double nx, double ny, double nz, double u, double v, double w, Shape shape) {
        this.t = t;
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.u = u;
        this.v = v;
        this.w = w;
        this.shape = shape;
    }
}
