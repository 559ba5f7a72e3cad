package dev.saccade.runtime.loop;

/** Sees every frame of a run before the cell advances past it (recording, status lines). */
@FunctionalInterface
public interface FrameListener {
    void onFrame(Cell cell, FrameRecord record) throws java.io.IOException;

    FrameListener NONE = (cell, record) -> {};
}
