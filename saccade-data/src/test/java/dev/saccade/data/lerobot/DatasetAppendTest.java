package dev.saccade.data.lerobot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Features;
import dev.saccade.data.Task;
import dev.saccade.data.video.FrameCache;
import dev.saccade.data.video.FrameSource;
import dev.saccade.data.video.VideoSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetAppendTest {
    @TempDir
    Path tmp;

    /** 256×128 noise encodes to about 27 KB a frame, so a 40-frame episode fills a 1 MB file by itself. */
    static DatasetSpec bigFramesSmallFiles() {
        return DatasetSpec.saccade(30, 256, 128, false).withVideo(new VideoSettings(2, 24, 1)).withFileLimits(2, 1, 1);
    }

    @Test
    void appendingAddsEpisodesAcrossFilesAndChunksWithoutTouchingOldFiles() throws Exception {
        Path dir = tmp.resolve("ds");
        DatasetSpec spec = bigFramesSmallFiles();
        List<List<Map<String, float[]>>> written = new ArrayList<>();
        try (DatasetWriter w = DatasetWriter.create(dir, spec)) {
            written.add(Demo.noiseEpisode(w, Task.TOWEL_BUCKET.instruction(), 40, 1));
            written.add(Demo.noiseEpisode(w, Task.ESTOP_PRESS.instruction(), 38, 2));
            w.finish();
        }
        Path firstVideo = dir.resolve("videos/" + Features.PANO + "/chunk-000/file-000.mp4");
        Object inode = Files.getAttribute(firstVideo, "unix:ino");
        Path lastVideo = dir.resolve("videos/" + Features.PANO + "/chunk-000/file-001.mp4");
        Object lastInode = Files.getAttribute(lastVideo, "unix:ino");
        try (DatasetWriter w = DatasetWriter.append(dir, spec)) {
            assertEquals(2, w.baseEpisodes());
            written.add(Demo.noiseEpisode(w, Task.ESTOP_PRESS.instruction(), 37, 3));
            written.add(Demo.noiseEpisode(w, Task.BRUSH_TRAY.instruction(), 41, 4));
            w.finish();
        }
        assertEquals(inode, Files.getAttribute(firstVideo, "unix:ino"), "a full video file of the old dataset is linked, not rewritten");
        assertEquals(lastInode, Files.getAttribute(lastVideo, "unix:ino"), "so is its last one when the next episode does not fit");
        assertEquals(List.of(), DatasetCheck.check(dir));
        try (LeRobotDataset ds = LeRobotDataset.open(dir); FrameSource frames = ds.frames(FrameCache.ofMegabytes(8))) {
            assertEquals(4, ds.episodes());
            assertEquals(156, ds.frames());
            assertEquals(List.of(Task.TOWEL_BUCKET.instruction(), Task.ESTOP_PRESS.instruction(), Task.BRUSH_TRAY.instruction()), ds.tasks());
            assertTrue(ds.episodeMetas().stream().map(EpisodeMeta::videoFile).distinct().count() >= 3, "several video files");
            assertTrue(Files.exists(dir.resolve("videos/" + Features.PANO + "/chunk-001/file-000.mp4")), "chunks_size 2 starts chunk 1");
            for (int e = 0; e < 4; e++) {
                Episode ep = ds.read(e);
                assertEquals(written.get(e).size(), ep.length());
                for (int t = 0; t < ep.length(); t++) {
                    assertArrayEquals(written.get(e).get(t).get(Features.STATE), ep.state()[t], 0f);
                    assertArrayEquals(written.get(e).get(t).get(Features.ACTION), ep.action()[t], 0f);
                }
                try (LeRobotDataset.FrameStream s = ds.stream(e)) {
                    int[] first = s.next().pixels();
                    assertArrayEquals(first, frames.frame(e, 0).pixels(), "episode " + e + " frame 0");
                }
            }
            assertEquals(1, ds.read(2).taskIndex(), "a task seen before keeps its index");
            assertEquals(2, ds.read(3).taskIndex());
        }
    }
}
