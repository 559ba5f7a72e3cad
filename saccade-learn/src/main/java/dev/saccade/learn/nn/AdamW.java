package dev.saccade.learn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.saccade.core.InputException;
import dev.saccade.learn.io.HostTensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW with one parameter group per agent (the original trains the hand and the eye with two
 * AdamW optimisers, reference/eyerobot.md §5): each group has its own learning rate per step, its
 * own step count, and its gradients clipped to a maximum global norm before the update. Written here
 * rather than taken from DJL because DJL's optimisers have one group, clip element-wise, and keep
 * their moments where a checkpoint cannot reach them.
 *
 * <p>The update is PyTorch's {@code torch.optim.AdamW}: decoupled weight decay
 * {@code p ← p·(1 − lr·wd)}, then {@code p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε)}.
 */
public final class AdamW implements AutoCloseable {
    /** Hyperparameters shared by all groups. */
    public record Settings(double beta1, double beta2, double eps, double weightDecay, double maxGradNorm) {}

    private final Settings settings;
    private final NDManager manager;
    private final Map<String, List<Params.Param>> groups;
    private final Map<String, NDArray> exp = new LinkedHashMap<>();
    private final Map<String, NDArray> expSq = new LinkedHashMap<>();
    private final Map<String, Long> steps = new LinkedHashMap<>();

    /** An optimiser for the trainable weights of {@code params} in the named groups. */
    public AdamW(Params params, List<String> groupNames, Settings settings) {
        this(params.manager(), byGroup(params, groupNames), settings);
    }

    /** An optimiser for explicit groups of weights; its moments live in a scope under {@code owner}. */
    public AdamW(NDManager owner, Map<String, List<Params.Param>> groups, Settings settings) {
        this.settings = settings;
        this.groups = new LinkedHashMap<>(groups);
        this.manager = owner.newSubManager();
        for (Map.Entry<String, List<Params.Param>> g : groups.entrySet()) {
            steps.put(g.getKey(), 0L);
            for (Params.Param p : g.getValue()) {
                Shape s = p.array().getShape();
                exp.put(p.name(), manager.zeros(s));
                expSq.put(p.name(), manager.zeros(s));
            }
        }
    }

    private static Map<String, List<Params.Param>> byGroup(Params params, List<String> names) {
        Map<String, List<Params.Param>> out = new LinkedHashMap<>();
        for (String g : names) {
            out.put(g, params.group(g));
        }
        return out;
    }

    public List<String> groups() {
        return List.copyOf(groups.keySet());
    }

    /**
     * Applies one update to each group named in {@code lr} (with that learning rate) from the
     * gradients collected since the last step, then zeroes every group's gradients; groups not named
     * are left as they are (their step counts and moments too), so a step that trained only one
     * agent moves only that agent. Every temporary lives in {@code scope}. Returns each updated
     * group's gradient norm before clipping; a group whose gradient is not finite is skipped (its
     * norm is reported as NaN).
     */
    public Map<String, Double> step(NDManager scope, Map<String, Double> lr) {
        Map<String, Double> norms = new LinkedHashMap<>();
        for (List<Params.Param> ps : groups.values()) {
            for (Params.Param p : ps) {
                if (p.array().getManager() != scope) {
                    p.array().tempAttach(scope);
                }
            }
        }
        for (NDArray a : exp.values()) {
            a.tempAttach(scope);
        }
        for (NDArray a : expSq.values()) {
            a.tempAttach(scope);
        }
        for (Map.Entry<String, List<Params.Param>> e : groups.entrySet()) {
            String g = e.getKey();
            if (!lr.containsKey(g)) {
                continue;
            }
            List<Params.Param> ps = e.getValue();
            NDArray[] grads = new NDArray[ps.size()];
            NDArray total = scope.zeros(new Shape());
            for (int i = 0; i < grads.length; i++) {
                grads[i] = ps.get(i).array().getGradient();
                total = total.add(grads[i].square().sum());
            }
            double norm = Math.sqrt(total.getFloat());
            norms.put(g, Double.isFinite(norm) ? norm : Double.NaN);
            if (Double.isFinite(norm)) {
                update(g, ps, grads, norm, lr.get(g));
            }
        }
        zeroGradients();
        return norms;
    }

    private void update(String group, List<Params.Param> ps, NDArray[] grads, double norm, double lr) {
        double clip = Math.min(1.0, settings.maxGradNorm() / (norm + 1e-6));
        long t = steps.merge(group, 1L, Long::sum);
        double b1 = settings.beta1();
        double b2 = settings.beta2();
        double bias1 = 1 - Math.pow(b1, t);
        double bias2 = 1 - Math.pow(b2, t);
        for (int i = 0; i < grads.length; i++) {
            NDArray p = ps.get(i).array();
            NDArray m = exp.get(ps.get(i).name());
            NDArray v = expSq.get(ps.get(i).name());
            NDArray g = Scalar.mul(grads[i], clip);
            m.muli((float) b1).addi(Scalar.mul(g, 1 - b1));
            v.muli((float) b2).addi(Scalar.mul(g.square(), 1 - b2));
            NDArray denom = Scalar.div(v.sqrt(), Math.sqrt(bias2)).add((float) settings.eps());
            p.muli((float) (1 - lr * settings.weightDecay()));
            p.subi(Scalar.mul(m.div(denom), lr / bias1));
        }
    }

    /** Clears the gradients of every trained weight (PyTorch accumulates them otherwise). */
    public void zeroGradients() {
        for (List<Params.Param> ps : groups.values()) {
            for (Params.Param p : ps) {
                JniUtils.zeroGrad((PtNDArray) p.array());
            }
        }
    }

    /** Zeroes the moments of the named weights (a part of the model re-initialised mid-run). */
    public void resetMoments(java.util.function.Predicate<String> names) {
        for (String name : exp.keySet()) {
            if (names.test(name)) {
                Params.overwrite(exp.get(name), new float[(int) exp.get(name).size()]);
                Params.overwrite(expSq.get(name), new float[(int) expSq.get(name).size()]);
            }
        }
    }

    /** Steps taken by each group. */
    public Map<String, Long> steps() {
        return new LinkedHashMap<>(steps);
    }

    /** The first and second moments, named {@code <weight>.exp_avg} and {@code <weight>.exp_avg_sq} as in PyTorch. */
    public Map<String, HostTensor> moments() {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (String name : exp.keySet()) {
            NDArray m = exp.get(name);
            out.put(name + ".exp_avg", new HostTensor(m.getShape().getShape(), m.toFloatArray()));
            NDArray v = expSq.get(name);
            out.put(name + ".exp_avg_sq", new HostTensor(v.getShape().getShape(), v.toFloatArray()));
        }
        return out;
    }

    /** Restores moments and step counts saved by {@link #moments()} and {@link #steps()}. */
    public void load(Map<String, HostTensor> moments, Map<String, Long> groupSteps, Path source) {
        for (String name : exp.keySet()) {
            restore(exp.get(name), moments.get(name + ".exp_avg"), name + ".exp_avg", source);
            restore(expSq.get(name), moments.get(name + ".exp_avg_sq"), name + ".exp_avg_sq", source);
        }
        for (String g : groups.keySet()) {
            Long s = groupSteps.get(g);
            if (s == null) {
                throw new InputException(source, "optimiser group '" + g + "' has no step count");
            }
            steps.put(g, s);
        }
    }

    private static void restore(NDArray target, HostTensor t, String name, Path source) {
        if (t == null) {
            throw new InputException(source, "optimiser tensor '" + name + "' is missing");
        }
        if (!java.util.Arrays.equals(target.getShape().getShape(), t.shape())) {
            throw new InputException(source, "optimiser tensor '" + name + "' has shape " + java.util.Arrays.toString(t.shape()));
        }
        Params.overwrite(target, t.data());
    }

    @Override
    public void close() {
        manager.close();
    }
}
