package dev.saccade.gym.eye;

import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.sphere.EquirectFrame;

/**
 * A decoded frame in the form the eye's renderer uses, made once per frame and kept in the
 * {@link FrameSupply}. Interim: holds just the frame until saccade-sphere's per-frame mip chain lands.
 */
public record PreparedFrame(EquirectFrame frame) {

    /** Prepares {@code frame} for rendering. */
    public static PreparedFrame of(EquirectFrame frame) {
        return new PreparedFrame(frame);
    }

    /** Bytes this prepared frame holds. */
    public long bytes() {
        return 4L * frame.width() * frame.height();
    }

    /** A frame supply of prepared frames over {@code source}. */
    public static FrameSupply<PreparedFrame> supply(Demonstrations source, long maxBytes, int readAheadThreads) {
        return new FrameSupply<>(source, PreparedFrame::of, PreparedFrame::bytes, maxBytes, readAheadThreads);
    }
}
