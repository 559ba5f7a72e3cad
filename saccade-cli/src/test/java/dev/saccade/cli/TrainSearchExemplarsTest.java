package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.video.VideoSettings;
import dev.saccade.gym.demo.ToyDemonstrations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code saccade train-search --exemplars}: annotation-free visual search, and the exemplar tool. */
class TrainSearchExemplarsTest {
    @TempDir
    Path dir;

    private Path tinyConfig() throws IOException {
        return TrainCommandTest.tinyConfig(dir);
    }

    @Test
    void exemplarSearchTrainsOnDemonstrationsWhoseAnnotationsThrowWhenRead() throws IOException {
        // Exemplars come from another dataset (its annotations may be read: it is not the training data).
        Path other = dir.resolve("other");
        ToyDemonstrations.generate(2, 32, 9).writeDataset(other, new VideoSettings(2, 4.0, 1));
        Path ex = dir.resolve("ex");
        CliRun crop = CliRun.of("exemplars", "crop", "--dataset", other.toString(), "--out", ex.toString(), "--count", "2");
        assertEquals(0, crop.exitCode(), crop.err());
        assertTrue(Files.isRegularFile(ex.resolve("object/object-001.png")) && Files.isRegularFile(ex.resolve("target/target-001.png")));

        // The training demonstrations withhold their annotations (any read throws), so finishing proves none was read.
        Path run = dir.resolve("search");
        CliRun search = CliRun.of("train-search", "--toy", "2", "--config", tinyConfig().toString(), "--steps", "200",
                "--max-iterations", "1", "--pretrain-steps", "4", "--exemplars", ex.toString(), "--out", run.toString());
        assertEquals(0, search.exitCode(), search.err());
        assertTrue(search.out().contains("annotations: withheld from training (search targets from exemplar images"), search.out());
        assertTrue(search.out().contains("search targets: exemplar relevancy (object 2 images, target 2 images"), search.out());
        assertEquals(ex.toAbsolutePath().normalize().toString(), Files.readString(run.resolve(SearchTargetSetup.REMEMBERED)).strip());

        // Without exemplars the target is the annotated one: a labelled ablation, said so.
        CliRun annotated = CliRun.of("train-search", "--toy", "2", "--config", tinyConfig().toString(), "--steps", "200",
                "--max-iterations", "1", "--pretrain-steps", "0", "--out", dir.resolve("annotated").toString());
        assertEquals(0, annotated.exitCode(), annotated.err());
        assertTrue(annotated.out().contains("annotations: read in training, a labelled ablation (the visual-search reward"), annotated.out());

        // Evaluation only: how near the annotated things the relevancy targets fall.
        Path held = dir.resolve("held");
        ToyDemonstrations.generate(2, 32, 11).writeDataset(held, new VideoSettings(2, 4.0, 1));
        CliRun check = CliRun.of("exemplars", "check", "--run", run.toString(), "--dataset", held.toString(), "--exemplars", ex.toString(),
                "--frames", "2", "--step", "20");
        assertEquals(0, check.exitCode(), check.err());
        assertTrue(check.out().contains("within 10°") && check.out().lines().anyMatch(l -> l.startsWith("object ")), check.out());
    }

    @Test
    void badExemplarsExitOneNamingTheFileWithNothingWritten() throws IOException {
        Path run = dir.resolve("run");
        CliRun missing = CliRun.of("train-search", "--toy", "2", "--exemplars", dir.resolve("nowhere").toString(), "--out", run.toString());
        assertEquals(Main.EXIT_DATA, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("nowhere") && missing.err().contains("no such exemplar directory"), missing.err());

        Files.createDirectories(dir.resolve("empty"));
        CliRun empty = CliRun.of("train-search", "--toy", "2", "--exemplars", dir.resolve("empty").toString(), "--out", run.toString());
        assertEquals(Main.EXIT_DATA, empty.exitCode(), empty.err());
        assertTrue(empty.err().contains("holds no PNG or JPEG images"), empty.err());

        Files.createDirectories(dir.resolve("broken"));
        Files.write(dir.resolve("broken/towel.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        CliRun broken = CliRun.of("train-search", "--toy", "2", "--exemplars", dir.resolve("broken").toString(), "--out", run.toString());
        assertEquals(Main.EXIT_DATA, broken.exitCode(), broken.err());
        assertTrue(broken.err().contains("towel.png"), broken.err());
        assertFalse(Files.exists(run), "nothing written");

        CliRun badFlag = CliRun.of("exemplars", "check", "--dataset", dir.toString(), "--exemplars", dir.toString());
        assertEquals(Main.EXIT_USAGE, badFlag.exitCode(), badFlag.err());
        assertTrue(badFlag.err().contains("give one of --run or --encoder"), badFlag.err());
    }
}
