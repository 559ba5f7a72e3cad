package dev.saccade.data.video;

import dev.saccade.sphere.EquirectFrame;

/**
 * The 360° frames of a dataset's episodes, by (episode, frame): what environments render views from.
 *
 * <p>Implementations are thread-safe unless they say otherwise, and return frames that may be
 * shared with a cache: never modify their pixels.
 */
public interface FrameSource extends AutoCloseable {
    /** Width of every frame. */
    int width();

    /** Height of every frame (width / 2). */
    int height();

    /** Number of episodes. */
    int episodes();

    /** Number of frames of {@code episode}. */
    int length(int episode);

    /** Frame {@code frame} of {@code episode}. */
    EquirectFrame frame(int episode, int frame);

    /** Releases decoders and files. */
    @Override
    void close();
}
