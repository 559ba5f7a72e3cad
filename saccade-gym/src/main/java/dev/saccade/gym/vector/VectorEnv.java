package dev.saccade.gym.vector;

import dev.saccade.gym.Env;
import dev.saccade.gym.Info;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.space.Space;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * N environments stepped together on a pool of threads, after Gymnasium's vector environments,
 * with automatic resets per {@link AutoresetMode} (default {@link AutoresetMode#SAME_STEP}).
 *
 * <p>Each sub-environment is driven by one thread at a time; sub-environments may share
 * thread-safe resources (a frame cache). Results are in sub-environment order and do not depend
 * on the number of threads: {@link #reset(long)} seeds sub-environment {@code i} with
 * {@code seed + i}, and automatic resets continue each sub-environment's own generator.
 * {@code terminated} and {@code truncated} are kept apart so learners can bootstrap truncated
 * episodes. Not thread-safe itself: one caller drives it.
 */
public final class VectorEnv<O, A> implements AutoCloseable {
    private final List<Env<O, A>> envs;
    private final AutoresetMode mode;
    private final ExecutorService pool;
    private final boolean[] needsReset;
    private boolean closed;

    /** Sub-environments {@code make.apply(0 … n−1)} on {@code threads} threads, SAME_STEP autoreset. */
    public static <O, A> VectorEnv<O, A> of(int n, int threads, IntFunction<? extends Env<O, A>> make) {
        List<Env<O, A>> envs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            envs.add(make.apply(i));
        }
        return new VectorEnv<>(envs, threads, AutoresetMode.SAME_STEP);
    }

    /**
     * @param envs    the sub-environments, all with the same spaces; closed with this
     * @param threads worker threads (1 steps on the caller's thread)
     * @param mode    when ended episodes restart
     */
    public VectorEnv(List<? extends Env<O, A>> envs, int threads, AutoresetMode mode) {
        if (envs.isEmpty()) {
            throw new IllegalArgumentException("a vector env needs at least one environment");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.envs = List.copyOf(envs);
        this.mode = mode;
        this.needsReset = new boolean[envs.size()];
        int workers = Math.min(threads, envs.size());
        this.pool = workers == 1 ? null : Executors.newFixedThreadPool(workers, daemonThreads());
    }

    /** Number of sub-environments. */
    public int size() {
        return envs.size();
    }

    public AutoresetMode autoresetMode() {
        return mode;
    }

    /** The observation space of one sub-environment. */
    public Space<O> singleObservationSpace() {
        return envs.get(0).observationSpace();
    }

    /** The action space of one sub-environment. */
    public Space<A> singleActionSpace() {
        return envs.get(0).actionSpace();
    }

    /** Resets every sub-environment, {@code i} with seed {@code seed + i}. */
    public VectorReset<O> reset(long seed) {
        return resetAll(i -> envs.get(i).reset(OptionalLong.of(seed + i), Options.NONE));
    }

    /** Resets every sub-environment from its own generator. */
    public VectorReset<O> reset() {
        return resetAll(i -> envs.get(i).reset());
    }

    private VectorReset<O> resetAll(IntFunction<Reset<O>> reset) {
        checkOpen();
        List<Reset<O>> resets = runAll(reset);
        Arrays.fill(needsReset, false);
        List<O> obs = new ArrayList<>(resets.size());
        List<Info> infos = new ArrayList<>(resets.size());
        for (Reset<O> r : resets) {
            obs.add(r.observation());
            infos.add(r.info());
        }
        return new VectorReset<>(Collections.unmodifiableList(obs), Collections.unmodifiableList(infos));
    }

    /** Steps sub-environment {@code i} with {@code actions.get(i)}, restarting ended episodes per the mode. */
    public VectorStep<O> step(List<A> actions) {
        checkOpen();
        if (actions.size() != envs.size()) {
            throw new IllegalArgumentException("expected " + envs.size() + " actions, got " + actions.size());
        }
        int n = envs.size();
        List<O> obs = nulls(n);
        List<Info> infos = nulls(n);
        List<O> finalObs = nulls(n);
        List<Info> finalInfos = nulls(n);
        double[] rewards = new double[n];
        boolean[] terminated = new boolean[n];
        boolean[] truncated = new boolean[n];
        runAll(i -> {
            Env<O, A> env = envs.get(i);
            if (needsReset[i]) { // NEXT_STEP: this call only restarts the episode
                needsReset[i] = false;
                Reset<O> r = env.reset();
                obs.set(i, r.observation());
                infos.set(i, r.info());
                return null;
            }
            Step<O> s = env.step(actions.get(i));
            rewards[i] = s.reward();
            terminated[i] = s.terminated();
            truncated[i] = s.truncated();
            if (s.done() && mode == AutoresetMode.SAME_STEP) {
                Reset<O> r = env.reset();
                obs.set(i, r.observation());
                infos.set(i, r.info());
                finalObs.set(i, s.observation());
                finalInfos.set(i, s.info());
            } else {
                obs.set(i, s.observation());
                infos.set(i, s.info());
                needsReset[i] = s.done();
            }
            return null;
        });
        return new VectorStep<>(Collections.unmodifiableList(obs), rewards, terminated, truncated,
                Collections.unmodifiableList(infos), Collections.unmodifiableList(finalObs),
                Collections.unmodifiableList(finalInfos));
    }

    /** Runs {@code task} for every sub-environment index, on the pool if there is one. */
    private <R> List<R> runAll(IntFunction<R> task) {
        int n = envs.size();
        List<R> out = nulls(n);
        if (pool == null) {
            for (int i = 0; i < n; i++) {
                out.set(i, task.apply(i));
            }
            return out;
        }
        List<Future<?>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.add(pool.submit(() -> out.set(index, task.apply(index))));
        }
        RuntimeException failure = null;
        for (Future<?> f : futures) { // wait for all, so no worker still touches an env afterwards
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("interrupted while stepping environments", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    /** A fixed-size list of {@code n} nulls that workers fill at distinct indices. */
    @SuppressWarnings("unchecked")
    private static <T> List<T> nulls(int n) {
        return Arrays.asList((T[]) new Object[n]);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("vector env is closed");
        }
    }

    /** Stops the workers and closes every sub-environment. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pool != null) {
            pool.shutdownNow();
        }
        for (Env<O, A> env : envs) {
            env.close();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "saccade-env-" + count.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }
}
