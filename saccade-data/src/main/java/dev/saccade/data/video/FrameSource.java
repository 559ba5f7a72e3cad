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

    /**
     * The work of this source's video decoders so far, summed over all of them (each request's work
     * is counted when it returns); zero for a source that decodes no video itself.
     */
    default VideoDecoder.Stats decoderStats() {
        return VideoDecoder.Stats.ZERO;
    }

    /** Releases decoders and files. */
    @Override
    void close();
}
