package dev.saccade.data.synth;

import dev.saccade.data.robot.Pose;
import java.util.List;

/**
 * One episode's world: everything that never moves (room, table, robot base, targets, distractors)
 * as shapes, the lights, and the placed task props. The manipulated object is kept apart because
 * it moves; for {@code estop-press} object and target are the same prop and only its button moves.
 */
final class Scene {
    /** A prop standing somewhere. */
    record Placed(Prop prop, Pose pose, Label label) {}

    final List<Shape> statics;
    final Lighting lighting;
    final Placed object;
    final Placed target;
    final List<Placed> distractors;

    Scene(List<Shape> statics, Lighting lighting, Placed object, Placed target, List<Placed> distractors) {
        this.statics = List.copyOf(statics);
        this.lighting = lighting;
        this.object = object;
        this.target = target;
        this.distractors = List.copyOf(distractors);
    }

    /** True when the object and the target are one prop (the e-stop). */
    boolean pressTask() {
        return object == target;
    }
}
