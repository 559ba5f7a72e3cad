package dev.saccade.cli;

import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.Images;
import dev.saccade.sphere.lens.FisheyeLens;
import dev.saccade.sphere.lens.Lens;
import dev.saccade.sphere.lens.PinholeLens;
import dev.saccade.sphere.render.Antialias;
import dev.saccade.sphere.render.Kernel;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidRenderer;
import dev.saccade.sphere.render.PyramidSpec;
import dev.saccade.sphere.render.RayTable;
import dev.saccade.sphere.render.ViewRenderer;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Renders what the eye sees for one gaze on a 360° frame: one pinhole or fisheye view, or the foveated pyramid. */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Render the view of a gaze on an equirectangular 360° image (2:1) and write it as PNG or JPEG.",
            "Without --pyramid: one view of --size × --height pixels, plain bilinear unless --antialias.",
            "With --pyramid: the foveated pyramid (levels of --size², 17.3°/62.3°/116°) side by side,"
                + " fovea on the left, anti-aliased unless --no-antialias.",
        })
final class RenderCommand implements Callable<Integer> {
    enum LensKind { pinhole, fisheye }

    /**
     * One image is rendered once, before the JIT compiles the vector kernel, so the scalar kernel is
     * the faster one here (about 1 s against 3 s for 256², see BENCHMARKS.md); the images agree.
     */
    private static final Kernel ONE_SHOT = Kernel.SCALAR;

    @Option(names = "--equirect", required = true, paramLabel = "FILE", description = "Equirectangular PNG or JPEG, width = 2 × height.")
    Path equirect;

    @Option(names = "--yaw", required = true, paramLabel = "DEG", description = "Longitude of the optical axis, degrees (right positive).")
    double yaw;

    @Option(names = "--pitch", required = true, paramLabel = "DEG", description = "Latitude of the optical axis, degrees in [-90, 90] (up positive).")
    double pitch;

    @Option(names = "--fov", paramLabel = "DEG",
            description = "Horizontal field of view, degrees: in (0, 180) for pinhole, (0, 360] for an ideal equidistant fisheye.")
    Double fov;

    @Option(names = "--size", required = true, paramLabel = "W", description = "View width in pixels (the side of each pyramid level).")
    int size;

    @Option(names = "--height", paramLabel = "H", description = "View height in pixels (default: the width).")
    Integer height;

    @Option(names = "--lens", paramLabel = "KIND", description = "pinhole (default) or fisheye.")
    LensKind lens;

    @Option(names = "--fisheye", paramLabel = "fx,fy,cx,cy,k1,k2,k3,k4",
            description = "Kannala-Brandt (OpenCV fisheye) calibration in pixels of the output image; implies --lens fisheye.")
    String fisheye;

    @Option(names = "--antialias", negatable = true,
            description = "Sample the mip level matched to each pixel's footprint (default: off for one view, on for --pyramid).")
    Boolean antialias;

    @Option(names = "--pyramid", description = "Render the foveated pyramid instead of one view.")
    boolean pyramid;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Output image (.png, .jpg or .jpeg), written atomically.")
    Path out;

    @Override
    public Integer call() throws Exception {
        // Every flag is checked before the input is read, so a bad flag never leaves a file behind.
        Flags.requireFinite("--yaw", yaw);
        Flags.requireFinite("--pitch", pitch);
        if (pitch < -90 || pitch > 90) {
            throw new Flags.BadFlag("--pitch must be in [-90, 90] degrees, got " + pitch);
        }
        Flags.requireRange("--size", size, 1, 8192);
        if (height != null) {
            Flags.requireRange("--height", height, 1, 8192);
        }
        requireImageName(out);
        Flags.requireOutputDirectory("--out", out);
        Gaze gaze = Gaze.ofDegrees(yaw, pitch);
        Antialias aa;
        BufferedImage image;
        if (pyramid) {
            PyramidSpec spec = pyramidSpec();
            aa = antialias == null || antialias ? Antialias.MIP : Antialias.OFF;
            MipChain chain = MipChain.of(EquirectFrame.load(equirect), aa);
            image = new PyramidRenderer(spec, aa, ONE_SHOT).renderImage(chain, gaze);
        } else {
            Lens view = viewLens();
            aa = antialias != null && antialias ? Antialias.MIP : Antialias.OFF;
            MipChain chain = MipChain.of(EquirectFrame.load(equirect), aa);
            image = new ViewRenderer(RayTable.of(view), aa, ONE_SHOT).renderImage(chain, gaze);
        }
        Images.write(image, out);
        System.out.println(out);
        return 0;
    }

    private Lens viewLens() {
        int w = size;
        int h = height == null ? size : height;
        boolean isFisheye = lens == LensKind.fisheye || (lens == null && fisheye != null);
        if (!isFisheye) {
            if (fisheye != null) {
                throw new Flags.BadFlag("--fisheye needs --lens fisheye, not --lens pinhole");
            }
            if (fov == null) {
                throw new Flags.BadFlag("--fov is required for a pinhole view");
            }
            Flags.requireFinite("--fov", fov);
            if (!(fov > 0 && fov < 180)) {
                throw new Flags.BadFlag("--fov must be in (0, 180) degrees for a pinhole lens, got " + fov);
            }
            return new PinholeLens(Math.toRadians(fov), w, h);
        }
        if (fisheye != null && fov != null) {
            throw new Flags.BadFlag("give either --fov (an ideal equidistant fisheye) or --fisheye (a calibration), not both");
        }
        if (fisheye != null) {
            double[] p = parseFisheye(fisheye);
            return new FisheyeLens(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], w, h);
        }
        if (fov == null) {
            throw new Flags.BadFlag("a fisheye view needs --fov or --fisheye");
        }
        Flags.requireFinite("--fov", fov);
        if (!(fov > 0 && fov <= 360)) {
            throw new Flags.BadFlag("--fov must be in (0, 360] degrees for a fisheye lens, got " + fov);
        }
        return FisheyeLens.equidistant(Math.toRadians(fov), w, h);
    }

    private PyramidSpec pyramidSpec() {
        if (height != null && height != size) {
            throw new Flags.BadFlag("--pyramid levels are square: drop --height");
        }
        if (fov != null) {
            throw new Flags.BadFlag("--pyramid uses the levels' own fields of view (17.3°, 62.3°, 116°): drop --fov");
        }
        if (fisheye != null) {
            throw new Flags.BadFlag("--pyramid renders ideal lenses: drop --fisheye");
        }
        return lens == LensKind.fisheye
                ? PyramidSpec.fisheyeDegrees(size, PyramidSpec.DEFAULT_FOVS_DEGREES)
                : PyramidSpec.defaults(size);
    }

    /** Eight comma-separated finite numbers, focal lengths positive. */
    static double[] parseFisheye(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 8) {
            throw new Flags.BadFlag("--fisheye needs 8 numbers fx,fy,cx,cy,k1,k2,k3,k4, got " + parts.length + " in '" + text + "'");
        }
        String[] names = {"fx", "fy", "cx", "cy", "k1", "k2", "k3", "k4"};
        double[] values = new double[8];
        for (int i = 0; i < 8; i++) {
            try {
                values[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new Flags.BadFlag("--fisheye: " + names[i] + " is not a number: '" + parts[i].trim() + "'");
            }
            if (!Double.isFinite(values[i])) {
                throw new Flags.BadFlag("--fisheye: " + names[i] + " must be finite, got " + parts[i].trim());
            }
        }
        if (!(values[0] > 0 && values[1] > 0)) {
            throw new Flags.BadFlag("--fisheye: fx and fy must be positive, got " + values[0] + " and " + values[1]);
        }
        return values;
    }

    static void requireImageName(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"))) {
            throw new Flags.BadFlag("--out must end in .png, .jpg or .jpeg, got '" + file + "'");
        }
    }
}
