package dev.saccade.learn.encoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.saccade.core.Progress;
import dev.saccade.learn.nn.AdamW;
import dev.saccade.learn.nn.Linear;
import dev.saccade.learn.nn.Params;
import dev.saccade.learn.nn.Rng;
import dev.saccade.learn.nn.Scalar;
import java.util.List;
import java.util.Map;

/**
 * Pretrains a {@link ConvPatchEncoder} to say, in every token, <em>which annotated things are in
 * its patch and where their centre is</em>: for each kind (object, target, gripper) a presence
 * logit and the centre's offset from the patch centre, in patches.
 *
 * <p>Why this objective: the eye's job is to find the object, the target and the gripper and to
 * bring them into the fovea, and the hand's is to act on them; a token that states "the towel is
 * here, 0.3 patch left of my centre" gives both exactly that, at every pyramid level, with labels
 * the dataset annotations already hold (direction and angular radius of each thing). Pixel
 * reconstruction would spend the small encoder's capacity on background texture instead; a
 * contrastive objective needs far more data and compute than a CPU minute. A thing is present in
 * a patch when its disc overlaps the patch, so large near things light up several tokens.
 *
 * <p>The presence loss is a class-balanced logistic loss (mean over present patches plus mean
 * over absent ones, since a thing covers few of the 64 patches); the offset loss is L1 over
 * present patches. A linear head per token reads both; it is dropped after pretraining.
 */
public final class EncoderPretraining implements AutoCloseable {
    /** One annotated thing in one level image: its kind, its centre (column, row) and radius, in pixels. */
    public record Mark(int kind, double column, double row, double radius) {}

    /** One level image ({@code [3][S][S]} floats in [0, 1]) and the things annotated in it. */
    public record Sample(float[] image, List<Mark> marks) {}

    /** Optimisation settings. */
    public record Config(int steps, int batch, double learningRate, double weightDecay, long seed) {
        public static Config defaults() {
            return new Config(2000, 64, 1e-3, 0.01, 1);
        }
    }

    /** Losses of the first and last steps (each the mean over a few steps). */
    public record Report(double firstLoss, double lastLoss, int steps) {}

    /** Per-kind localisation on a data set. */
    public record Metrics(double[] hitRate, double[] meanErrorPixels, double[] falseAlarmRate) {}

    private final ConvPatchEncoder encoder;
    private final int kinds;
    private final Params headParams;
    private final Linear head;

    public EncoderPretraining(ConvPatchEncoder encoder, int kinds, long seed) {
        this.encoder = encoder;
        this.kinds = kinds;
        this.headParams = new Params(encoder.params().manager());
        this.head = new Linear(headParams, "pretrain.head", "encoder", encoder.dim(), 3 * kinds, new Rng(seed), 1.0, true);
    }

    /** Trains encoder and head on {@code data}; {@code progress} may be null. */
    public Report train(List<Sample> data, Config config, Progress progress) {
        Rng rng = new Rng(config.seed());
        List<Params.Param> all = new java.util.ArrayList<>(encoder.params().group("encoder"));
        all.addAll(headParams.group("encoder"));
        AdamW.Settings settings = new AdamW.Settings(0.9, 0.999, 1e-8, config.weightDecay(), 1.0);
        try (AdamW opt = new AdamW(headParams.manager(), Map.of("encoder", all), settings)) {
            int window = Math.max(1, Math.min(20, config.steps() / 10));
            double first = 0;
            double last = 0;
            for (int step = 0; step < config.steps(); step++) {
                int[] idx = new int[Math.min(config.batch(), data.size())];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = rng.nextInt(data.size());
                }
                double loss;
                try (NDManager scope = encoder.params().manager().newSubManager()) {
                    Batch b = batch(scope, data, idx);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray l = loss(scope, b);
                        gc.backward(l);
                        loss = l.getFloat();
                    }
                    double lr = config.learningRate() * 0.5 * (1 + Math.cos(Math.PI * step / config.steps()));
                    opt.step(scope, Map.of("encoder", lr));
                }
                if (step < window) {
                    first += loss / window;
                }
                if (step >= config.steps() - window) {
                    last += loss / window;
                }
                if (progress != null) {
                    progress.advance(1);
                    progress.status(String.format(java.util.Locale.ROOT, "loss %.4f", loss));
                }
            }
            return new Report(first, last, config.steps());
        }
    }

    /** Hit rate (the best-scoring patch's predicted centre falls on the thing), mean error, false alarms. */
    public Metrics evaluate(List<Sample> data) {
        int s = encoder.imageSize();
        int g = encoder.gridSize();
        double patch = (double) s / g;
        double[] hits = new double[kinds];
        double[] err = new double[kinds];
        double[] seen = new double[kinds];
        double[] falseAlarms = new double[kinds];
        double[] absent = new double[kinds];
        for (int from = 0; from < data.size(); from += 64) {
            int n = Math.min(64, data.size() - from);
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = from + i;
            }
            float[] out;
            try (NDManager scope = encoder.params().manager().newSubManager()) {
                Batch b = batch(scope, data, idx);
                headParams.useIn(scope);
                out = head.forward(encoder.forward(b.images)).toFloatArray(); // [n, g*g, 3*kinds]
            }
            for (int i = 0; i < n; i++) {
                Sample sample = data.get(idx[i]);
                for (int k = 0; k < kinds; k++) {
                    int best = 0;
                    float bestLogit = Float.NEGATIVE_INFINITY;
                    for (int c = 0; c < g * g; c++) {
                        float logit = out[(i * g * g + c) * 3 * kinds + 3 * k];
                        if (logit > bestLogit) {
                            bestLogit = logit;
                            best = c;
                        }
                    }
                    Mark mark = visibleMark(sample, k, s);
                    if (mark == null) {
                        absent[k]++;
                        if (bestLogit > 0) {
                            falseAlarms[k]++;
                        }
                        continue;
                    }
                    seen[k]++;
                    int base = (i * g * g + best) * 3 * kinds + 3 * k;
                    double col = ((best % g) + 0.5 + out[base + 1]) * patch;
                    double row = ((best / g) + 0.5 + out[base + 2]) * patch;
                    double e = Math.hypot(col - mark.column(), row - mark.row());
                    err[k] += e;
                    if (bestLogit > 0 && e <= mark.radius() + patch / 2) {
                        hits[k]++;
                    }
                }
            }
        }
        for (int k = 0; k < kinds; k++) {
            hits[k] = seen[k] == 0 ? Double.NaN : hits[k] / seen[k];
            err[k] = seen[k] == 0 ? Double.NaN : err[k] / seen[k];
            falseAlarms[k] = absent[k] == 0 ? Double.NaN : falseAlarms[k] / absent[k];
        }
        return new Metrics(hits, err, falseAlarms);
    }

    /** The mark of kind {@code k} whose centre lies in the image, if any. */
    private static Mark visibleMark(Sample s, int k, int size) {
        for (Mark m : s.marks()) {
            if (m.kind() == k && m.column() >= 0 && m.column() < size && m.row() >= 0 && m.row() < size) {
                return m;
            }
        }
        return null;
    }

    private record Batch(NDArray images, NDArray present, NDArray offsets) {}

    /** Images and per-patch targets: presence [n, g², kinds] and offsets [n, g², kinds, 2]. */
    private Batch batch(NDManager scope, List<Sample> data, int[] idx) {
        int s = encoder.imageSize();
        int g = encoder.gridSize();
        double patch = (double) s / g;
        int pixels = 3 * s * s;
        float[] images = new float[idx.length * pixels];
        float[] present = new float[idx.length * g * g * kinds];
        float[] offsets = new float[idx.length * g * g * kinds * 2];
        for (int i = 0; i < idx.length; i++) {
            Sample sample = data.get(idx[i]);
            if (sample.image().length != pixels) {
                throw new IllegalArgumentException("sample " + idx[i] + " has " + sample.image().length + " values, expected " + pixels);
            }
            System.arraycopy(sample.image(), 0, images, i * pixels, pixels);
            for (Mark m : sample.marks()) {
                for (int c = 0; c < g * g; c++) {
                    double cx = (c % g + 0.5) * patch;
                    double cy = (c / g + 0.5) * patch;
                    double dx = Math.max(Math.abs(m.column() - cx) - patch / 2, 0);
                    double dy = Math.max(Math.abs(m.row() - cy) - patch / 2, 0);
                    if (dx * dx + dy * dy <= m.radius() * m.radius()) {
                        int t = (i * g * g + c) * kinds + m.kind();
                        present[t] = 1f;
                        offsets[2 * t] = (float) ((m.column() - cx) / patch);
                        offsets[2 * t + 1] = (float) ((m.row() - cy) / patch);
                    }
                }
            }
        }
        return new Batch(
                scope.create(images, new Shape(idx.length, 3, s, s)),
                scope.create(present, new Shape(idx.length, g * g, kinds)),
                scope.create(offsets, new Shape(idx.length, g * g, kinds, 2)));
    }

    private NDArray loss(NDManager scope, Batch b) {
        headParams.useIn(scope);
        NDArray out = head.forward(encoder.forward(b.images)); // [n, g², 3·kinds]
        long[] s = out.getShape().getShape();
        NDArray per = out.reshape(s[0], s[1], kinds, 3);
        NDArray logits = per.get("..., 0");
        NDArray offsets = per.get("..., 1:");
        NDArray t = b.present;
        // logistic loss, stable form: max(z, 0) − z·t + log(1 + e^{−|z|})
        NDArray bce = Scalar.maximum(logits, 0).sub(logits.mul(t)).add(logits.abs().neg().exp().add(1f).log());
        NDArray pos = t.sum();
        NDArray neg = t.onesLike().sum().sub(pos);
        NDArray presence = bce.mul(t).sum().div(Scalar.maximum(pos, 1)).add(bce.mul(t.onesLike().sub(t)).sum().div(Scalar.maximum(neg, 1)));
        NDArray l1 = offsets.sub(b.offsets).abs().sum(new int[] {-1}).mul(t).sum().div(Scalar.maximum(pos, 1));
        return presence.add(l1);
    }

    @Override
    public void close() {
        headParams.close();
    }
}
