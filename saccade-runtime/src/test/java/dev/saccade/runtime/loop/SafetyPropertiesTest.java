package dev.saccade.runtime.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Task;
import dev.saccade.runtime.robot.JointCommand;
import dev.saccade.runtime.robot.JointLimits;
import dev.saccade.runtime.sim.SimSettings;
import dev.saccade.runtime.sim.SimWorld;
import dev.saccade.sphere.render.PyramidSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SafetyPropertiesTest {
    private static final SimSettings SMALL = SimSettings.defaults().withWidth(64);

    /** An agent that sends random chunks: sound ones, wild ones, NaN, infinities, wrong sizes, none. */
    static final class ChaoticAgent implements Agent {
        private final long seed;
        private final int chunk;
        private SplittableRandom rng;

        ChaoticAgent(long seed, int chunk) {
            this.seed = seed;
            this.chunk = chunk;
        }

        @Override
        public String name() {
            return "chaos";
        }

        @Override
        public Optional<dev.saccade.sphere.render.PyramidSpec> pyramid() {
            return Optional.empty();
        }

        @Override
        public void reset(Task task, long s) {
            rng = new SplittableRandom(seed);
        }

        @Override
        public AgentAction act(Percept p) {
            int kind = rng.nextInt(10);
            int rows = kind == 9 ? 1 + rng.nextInt(2 * chunk) : chunk;
            int width = kind == 8 ? 6 : 7;
            float[] c = new float[rows * width];
            double spread = kind < 3 ? 0.3 : kind < 6 ? 4 : 50;
            for (int i = 0; i < c.length; i++) {
                int d = i % width;
                double base = d < 6 ? p.proprio()[d] : 0.5;
                c[i] = (float) (base + spread * (2 * rng.nextDouble() - 1));
            }
            if (kind == 7) {
                c[rng.nextInt(c.length)] = rng.nextBoolean() ? Float.NaN : Float.POSITIVE_INFINITY;
            }
            return new AgentAction(rng.nextInt(25), kind == 6 ? null : c);
        }
    }

    /** Every command the loop sent, in order. */
    private static List<JointCommand> run(Aggregation aggregation, Agent agent, long seed, int frames) throws IOException {
        SimWorld world = SimWorld.open(Task.values()[(int) Math.floorMod(seed, 5)], seed, SMALL, PyramidSpec.defaults(16));
        List<JointCommand> sent = new ArrayList<>();
        RuntimeLoop loop = new RuntimeLoop(LoopSettings.defaults().withAggregation(aggregation).withMaxFrames(frames));
        sent.add(new JointCommand(world.robot().state().joints(), world.robot().state().gripper()));
        loop.run(world, agent, seed, (cell, r) -> {
            sent.add(r.command());
            JointLimits l = cell.robot().limits();
            assertTrue(l.contains(cell.robot().state().joints()), "the arm left its range");
        });
        return sent;
    }

    @Property(tries = 40)
    void noCommandLeavesTheJointLimitsOrExceedsTheSpeedLimit(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                                           @ForAll @IntRange(min = 0, max = 2) int aggregation,
                                                           @ForAll @IntRange(min = 1, max = 40) int chunk) throws IOException {
        JointLimits limits = SMALL.joints();
        double period = 1.0 / SimWorld.FPS;
        List<JointCommand> sent = run(Aggregation.values()[aggregation], new ChaoticAgent(seed, chunk), seed, 90);
        for (int f = 1; f < sent.size(); f++) {
            JointCommand c = sent.get(f), before = sent.get(f - 1);
            assertTrue(limits.contains(c.joints()), "frame " + f + " outside the joint limits");
            assertTrue(c.gripper() >= 0 && c.gripper() <= 1);
            for (int j = 0; j < limits.joints(); j++) {
                assertTrue(Double.isFinite(c.joint(j)));
                assertTrue(Math.abs(c.joint(j) - before.joint(j)) <= limits.velocity(j) * period + 1e-12,
                        "frame " + f + " joint " + j + " asks for more than the speed limit");
            }
        }
    }

    /** Replays a fixed list of chunks, one per step. */
    private record Script(List<float[]> chunks) implements Agent {
        @Override
        public String name() {
            return "script";
        }

        @Override
        public Optional<dev.saccade.sphere.render.PyramidSpec> pyramid() {
            return Optional.empty();
        }

        @Override
        public void reset(Task task, long seed) {}

        @Override
        public AgentAction act(Percept p) {
            int step = p.frame() / 2;
            return new AgentAction(0, step < chunks.size() ? chunks.get(step) : null);
        }
    }

    @Test
    void aNanOrOutOfRangeChunkIsRejectedWholeAndChangesNothing() throws IOException {
        SimWorld probe = SimWorld.open(Task.TOWEL_BUCKET, 7, SMALL, PyramidSpec.defaults(16));
        float[] start = probe.robot().state().proprio();
        float[] good = new float[30 * 7];
        for (int i = 0; i < 30; i++) {
            for (int d = 0; d < 7; d++) {
                good[i * 7 + d] = start[d] + (d < 6 ? 0.01f * i : 0);
            }
        }
        float[] nan = good.clone();
        nan[7 * 3 + 2] = Float.NaN;
        float[] wild = good.clone();
        wild[7 * 5 + 2] = 4.0f; // the elbow beyond ±180°
        List<float[]> withBad = new ArrayList<>(List.of(good, nan, wild));
        List<float[]> without = new ArrayList<>();
        without.add(good);
        without.add(null);
        without.add(null);
        SimWorld a = SimWorld.open(Task.TOWEL_BUCKET, 7, SMALL, PyramidSpec.defaults(16));
        SimWorld b = SimWorld.open(Task.TOWEL_BUCKET, 7, SMALL, PyramidSpec.defaults(16));
        RuntimeLoop loop = new RuntimeLoop(LoopSettings.defaults().withMaxFrames(60));
        List<JointCommand> sentA = new ArrayList<>(), sentB = new ArrayList<>();
        EpisodeResult ra = loop.run(a, new Script(withBad), 7, (cell, r) -> sentA.add(r.command()));
        EpisodeResult rb = loop.run(b, new Script(without), 7, (cell, r) -> sentB.add(r.command()));
        assertEquals(2, ra.rejectedChunks());
        assertEquals(0, rb.rejectedChunks());
        assertEquals(sentB.size(), sentA.size());
        for (int f = 0; f < sentA.size(); f++) {
            assertArrayEquals(sentB.get(f).joints(), sentA.get(f).joints(), 0.0, "frame " + f);
        }
        assertTrue(ra.stoppedFrames() > 0, "after the good chunk ran out the watchdog held the arm");
    }
}
