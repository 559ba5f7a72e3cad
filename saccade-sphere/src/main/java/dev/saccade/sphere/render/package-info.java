/**
 * Rendering what the eye sees: a lens becomes a {@link dev.saccade.sphere.render.RayTable}, a frame
 * a {@link dev.saccade.sphere.render.MipChain}, and renderers turn both plus a gaze into CHW float
 * planes or images: one view ({@link dev.saccade.sphere.render.ViewRenderer}), the foveated pyramid
 * ({@link dev.saccade.sphere.render.PyramidRenderer}), or many pyramids across threads
 * ({@link dev.saccade.sphere.render.BatchRenderer}). {@link dev.saccade.sphere.render.ReferenceRenderer}
 * is the slow, obviously correct oracle they are tested and benchmarked against.
 */
package dev.saccade.sphere.render;
