package dev.saccade.gym.search;

import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.Direction;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.lens.Lens;
import dev.saccade.sphere.render.Antialias;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.ViewRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Annotation-free search targets from exemplar images (the original's CLIP relevancy, with
 * Saccade's own frozen encoder in place of CLIP): foveal crops are rendered on a coarse grid of
 * directions over the frame, each is embedded ({@link CropFeatures}), and a direction's relevancy
 * to a thing is the best cosine similarity between its crop's features and any of the thing's
 * exemplars' features; the grid's best direction is refined on a finer grid around it. With
 * {@link Settings#centred()} both sides are first centred on the frame's mean crop feature, so what
 * the whole scene shares (table, floor, lighting) does not count; with {@link Settings#contrast()}
 * the other things' similarity is subtracted (the original scores positives against negatives).
 *
 * <p>The target of a search is the most relevant direction for a thing drawn uniformly; it is
 * computed once per frame and kept (thread-safe), so a frame costs one grid of crops however often
 * it is searched. Nothing here reads annotations.
 */
public final class RelevancyTargets implements SearchTargets {
    /**
     * The grid: directions every {@code stepDeg} over the gaze limits' yaw and over pitch in
     * [{@code pitchMinDeg}, {@code pitchMaxDeg}] (within the limits), refined around the best on a
     * 5 × 5 grid of {@code stepDeg / 4}; and how similarity is scored.
     */
    public record Settings(double stepDeg, double pitchMinDeg, double pitchMaxDeg, boolean centred, boolean contrast) {
        /** 10° grid over pitch ±80°, frame-centred cosine, no contrast (measured in docs/EVALUATION.md). */
        public static final Settings DEFAULT = new Settings(10, -80, 80, true, false);

        public Settings {
            if (!(stepDeg > 0 && stepDeg <= 90) || !(pitchMinDeg <= pitchMaxDeg)) {
                throw new IllegalArgumentException("bad relevancy grid: step " + stepDeg + "°, pitch [" + pitchMinDeg + ", " + pitchMaxDeg + "]");
            }
        }

        public Settings withCentred(boolean c) {
            return new Settings(stepDeg, pitchMinDeg, pitchMaxDeg, c, contrast);
        }

        public Settings withContrast(boolean c) {
            return new Settings(stepDeg, pitchMinDeg, pitchMaxDeg, centred, c);
        }
    }

    /** Relevancy of one frame: the coarse grid's directions, each thing's score there, and each thing's best (refined) direction. */
    public record Relevancy(List<Gaze> grid, float[][] scores, List<Gaze> best) {}

    /** Crops embedded per call of the feature extractor. */
    private static final int BATCH = 96;

    private final List<Exemplars> things;
    private final CropFeatures features;
    private final ViewRenderer renderer;
    private final GazeLimits limits;
    private final Settings settings;
    private final List<Gaze> grid;
    private final Map<Long, Gaze[]> cache = new ConcurrentHashMap<>();
    private volatile float[][][] exemplarFeatures; // [thing][image][dim], computed on first use

    /**
     * Targets for {@code things}, embedded by {@code features}, on crops rendered through {@code fovea}
     * (its side must be the feature extractor's image size) within {@code limits}.
     */
    public RelevancyTargets(List<Exemplars> things, CropFeatures features, Lens fovea, GazeLimits limits, Settings settings) {
        this.things = List.copyOf(things);
        if (this.things.isEmpty()) {
            throw new IllegalArgumentException("relevancy needs at least one thing's exemplars");
        }
        if (fovea.width() != features.imageSize() || fovea.height() != features.imageSize()) {
            throw new IllegalArgumentException("the fovea renders " + fovea.width() + "×" + fovea.height() + " crops; the features take "
                    + features.imageSize() + "²");
        }
        for (Exemplars e : this.things) {
            if (e.size() != features.imageSize()) {
                throw new IllegalArgumentException("exemplars of " + e.name() + " are " + e.size() + " px; the features take " + features.imageSize());
            }
        }
        this.features = features;
        this.renderer = new ViewRenderer(fovea, Antialias.PYRAMID_DEFAULT);
        this.limits = limits;
        this.settings = settings;
        this.grid = grid(limits, settings);
    }

    /** The things searched for, in the order of {@link Relevancy#scores()}. */
    public List<String> names() {
        return things.stream().map(Exemplars::name).toList();
    }

    @Override
    public SearchTarget pick(Demonstration demo, int frame, MipChain frozen, SplittableRandom rng) {
        int k = rng.nextInt(things.size());
        Gaze[] best = cache.computeIfAbsent(((long) demo.index() << 32) | (frame & 0xFFFFFFFFL),
                key -> relevancy(frozen).best().toArray(Gaze[]::new));
        Gaze g = best[k];
        return new SearchTarget(new Direction(g.yaw(), g.pitch(), 0), things.get(k).name());
    }

    /** Frames whose relevancy has been computed and kept. */
    public int cachedFrames() {
        return cache.size();
    }

    @Override
    public boolean readsAnnotations() {
        return false;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "exemplar relevancy (%s; %d directions every %.0f°, %s cosine%s)",
                things.stream().map(e -> e.name() + " " + e.count() + " images").collect(Collectors.joining(", ")), grid.size(),
                settings.stepDeg(), settings.centred() ? "frame-centred" : "plain", settings.contrast() ? ", less the other things'" : "");
    }

    /** Scores every grid direction of {@code frame} for every thing and finds each thing's best, refined. */
    public Relevancy relevancy(MipChain frame) {
        float[][][] ex = exemplarFeatures();
        float[][] crops = embed(frame, grid);
        int dim = crops[0].length;
        float[] mean = new float[dim];
        if (settings.centred()) {
            for (float[] c : crops) {
                for (int i = 0; i < dim; i++) {
                    mean[i] += c[i] / crops.length;
                }
            }
        }
        float[][][] centredEx = new float[ex.length][][];
        for (int t = 0; t < ex.length; t++) {
            centredEx[t] = new float[ex[t].length][];
            for (int j = 0; j < ex[t].length; j++) {
                centredEx[t][j] = unit(ex[t][j], mean);
            }
        }
        float[][] scores = score(crops, mean, centredEx);
        List<Gaze> best = new ArrayList<>();
        double fine = settings.stepDeg() / 4;
        for (int t = 0; t < things.size(); t++) {
            int arg = argmax(scores[t]);
            Gaze centre = grid.get(arg);
            List<Gaze> around = new ArrayList<>();
            for (int dy = -2; dy <= 2; dy++) {
                for (int dx = -2; dx <= 2; dx++) {
                    if (dx != 0 || dy != 0) {
                        around.add(limits.clamp(centre.yaw() + Math.toRadians(dx * fine), centre.pitch() + Math.toRadians(dy * fine)));
                    }
                }
            }
            float[] refined = score(embed(frame, around), mean, centredEx)[t];
            int r = argmax(refined);
            best.add(refined[r] > scores[t][arg] ? around.get(r) : centre);
        }
        return new Relevancy(grid, scores, List.copyOf(best));
    }

    private float[][] score(float[][] crops, float[] mean, float[][][] ex) {
        float[][] own = new float[things.size()][crops.length];
        for (int c = 0; c < crops.length; c++) {
            float[] u = unit(crops[c], mean);
            for (int t = 0; t < things.size(); t++) {
                own[t][c] = bestCosine(u, ex[t]);
            }
        }
        if (!settings.contrast() || things.size() == 1) {
            return own;
        }
        float[][] out = new float[things.size()][crops.length];
        for (int t = 0; t < things.size(); t++) {
            for (int c = 0; c < crops.length; c++) {
                float other = -Float.MAX_VALUE;
                for (int o = 0; o < things.size(); o++) {
                    if (o != t) {
                        other = Math.max(other, own[o][c]);
                    }
                }
                out[t][c] = own[t][c] - other;
            }
        }
        return out;
    }

    private static float bestCosine(float[] u, float[][] ex) {
        float best = -Float.MAX_VALUE;
        for (float[] e : ex) {
            float dot = 0;
            for (int i = 0; i < u.length; i++) {
                dot += u[i] * e[i];
            }
            best = Math.max(best, dot);
        }
        return best;
    }

    private static float[] unit(float[] v, float[] mean) {
        float[] out = new float[v.length];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] - mean[i];
            norm += (double) out[i] * out[i];
        }
        float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0;
        for (int i = 0; i < v.length; i++) {
            out[i] *= inv;
        }
        return out;
    }

    private static int argmax(float[] v) {
        int arg = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[arg]) {
                arg = i;
            }
        }
        return arg;
    }

    private float[][][] exemplarFeatures() {
        float[][][] ex = exemplarFeatures;
        if (ex == null) {
            ex = new float[things.size()][][];
            for (int t = 0; t < things.size(); t++) {
                ex[t] = features.features(things.get(t).images(), things.get(t).count());
            }
            exemplarFeatures = ex;
        }
        return ex;
    }

    private float[][] embed(MipChain frame, List<Gaze> directions) {
        ViewRenderer r = renderer.copy();
        int per = r.floats();
        float[][] out = new float[directions.size()][];
        for (int from = 0; from < directions.size(); from += BATCH) {
            int n = Math.min(BATCH, directions.size() - from);
            float[] crops = new float[n * per];
            for (int i = 0; i < n; i++) {
                r.render(frame, directions.get(from + i), crops, i * per);
            }
            float[][] f = features.features(crops, n);
            System.arraycopy(f, 0, out, from, n);
        }
        return out;
    }

    private static List<Gaze> grid(GazeLimits limits, Settings s) {
        double step = Math.toRadians(s.stepDeg());
        double pMin = Math.max(limits.pitchMin(), Math.toRadians(s.pitchMinDeg()));
        double pMax = Math.min(limits.pitchMax(), Math.toRadians(s.pitchMaxDeg()));
        List<Gaze> out = new ArrayList<>();
        for (double p = pMin; p <= pMax + 1e-9; p += step) {
            for (double y = limits.yawMin(); y <= limits.yawMax() + 1e-9; y += step) {
                out.add(limits.clamp(y, p));
            }
        }
        if (out.isEmpty()) {
            out.add(limits.clamp(0, (pMin + pMax) / 2));
        }
        return List.copyOf(out);
    }
}
