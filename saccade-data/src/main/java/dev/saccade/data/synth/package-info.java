/**
 * The synthetic 360° demonstration engine: a ray-cast workspace with a UR5e, a table arc and the
 * five tasks' props, seen by a fixed 360° camera, and a scripted expert that performs the task.
 *
 * <p>Start at {@link dev.saccade.data.synth.EpisodeGenerator#generate}: it returns a
 * {@link dev.saccade.data.synth.SyntheticEpisode} with the per-frame arrays a dataset stores and
 * frames rendered on demand ({@link dev.saccade.data.synth.EpisodeRenderer} per thread, or
 * {@link dev.saccade.data.synth.FrameStream} for all frames in order on several threads).
 *
 * <p>Inside, by concern:
 * <ul>
 *   <li>the world: {@code SceneSampler} draws room, table, lights and placements; {@code PropKind},
 *       {@code Prop} and {@code Part} are the table objects; {@code ArmModel} draws the arm;
 *       {@link dev.saccade.data.synth.Camera360} is where the camera stands;</li>
 *   <li>the demonstration: {@code ScriptedExpert} plans and simulates it into a {@code Motion};
 *       {@link dev.saccade.data.synth.Outcome} and {@link dev.saccade.data.synth.KeyFrames} describe it;</li>
 *   <li>ray casting: the shapes ({@code Box}, {@code Cylinder}, {@code Capsule}, {@code Ball},
 *       {@code Cup}, {@code TableArc}, {@code Plane}), {@code Material} and {@code Pattern} for
 *       looks, {@code Tracer} for shading and shadows, {@code Backdrop} for the static scene,
 *       {@code RayGrid} and {@code Cones} for culling.</li>
 * </ul>
 * Conventions and the scene's numbers are in docs/DATASET.md ("Synthetic scenes").
 */
package dev.saccade.data.synth;
