package dev.saccade.learn.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.saccade.learn.nn.Attention;
import dev.saccade.learn.nn.Init;
import dev.saccade.learn.nn.Mlp;
import dev.saccade.learn.nn.ParallelBlock;
import dev.saccade.learn.nn.Params;
import dev.saccade.learn.nn.Rng;
import dev.saccade.learn.nn.Rope;

/**
 * The hand transformer (ACT-style): for the current step only, the tokens [proprio, gaze, task,
 * 30 learned action slots] attend to each other and to the step's image tokens; the joint head
 * turns each slot into one frame of the normalised relative chunk. Slot k sits at time k + 1, the
 * rest at time 0, as the original places action slots in the future. (The original's joint head
 * reads the target token and the first 29 slots through an off-by-one; here it reads the 30 slots.)
 */
final class HandTransformer {
    private static final int LEADING = 3; // proprio, gaze, task

    private final PolicyConfig c;
    private final Rope rope;
    private final float[][] imagePositions;
    private final float[][] tokenPositions;
    private final NDArray slots;
    private final ImageAdapter adapter;
    private final ParallelBlock[] blocks;
    private final Mlp joint;

    HandTransformer(Params params, PolicyConfig c, Rope rope, Rng rng) {
        this.c = c;
        this.rope = rope;
        this.imagePositions = ImagePositions.of(c);
        this.tokenPositions = new float[LEADING + c.chunk()][];
        for (int i = 0; i < tokenPositions.length; i++) {
            tokenPositions[i] = new float[] {Math.max(0, i - LEADING + 1), 0, 0};
        }
        String g = "hand";
        this.slots = params.add("hand.action_slots", g, Init.normal(rng, 0.02, c.chunk(), c.width()), true);
        this.adapter = new ImageAdapter(params, "hand.image", g, c, rng);
        this.blocks = new ParallelBlock[c.handBlocks()];
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = new ParallelBlock(params, "hand.blocks." + b, g, c.width(), c.heads(), c.mlpRatio(), rng);
        }
        this.joint = new Mlp(params, "hand.joint_head", g, new int[] {c.width(), c.headHidden(), c.headHidden() / 2, c.joints()}, 0.1, true, rng);
    }

    /** The normalised relative chunk {@code [n, chunk, joints]}. */
    NDArray chunk(NDManager scope, Inputs in, Fort.Embedded e) {
        long n = in.count();
        NDArray img = adapter.forward(scope, in.tokens());
        NDArray x = NDArrays.concat(new NDList(
                e.proprio().expandDims(1),
                e.gaze().expandDims(1),
                e.task().expandDims(1),
                scope.zeros(new Shape(n, c.chunk(), c.width())).add(slots)), 1);
        Rope.Tables time = rope.tables(scope, tokenPositions);
        Rope.Tables space = rope.tables(scope, imagePositions);
        for (ParallelBlock b : blocks) {
            ParallelBlock.Projected p = b.project(x);
            ParallelBlock.KeyValue kv = b.keysValues(img);
            NDArray keys = NDArrays.concat(new NDList(b.keys(kv.k(), space), b.keys(p.k(), time)), 2);
            NDArray values = NDArrays.concat(new NDList(kv.v(), p.v()), 2);
            NDArray attended = Attention.dot(b.queries(p.q(), time), keys).softmax(-1).matMul(values);
            x = b.finish(x, attended, p.mlp());
        }
        return joint.forward(x.get(":, {}:", LEADING));
    }
}
