package dev.saccade.learn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.saccade.learn.policy.Fort;
import dev.saccade.learn.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {
    /** Resident memory of this process in MB (Linux). */
    private static double rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    @Test
    void trainingAndActingLeaveNoNativeArraysBehind() throws IOException {
        try (NDManager root = NDManager.newBaseManager();
             BcRl t = BcRlTest.trainer(root, BcRlTest.smallRun(2, 4, 6, 1_000_000, 2, 0))) {
            LookWorld world = new LookWorld(t.policy().config(), 4, 6);
            for (int i = 0; i < 3; i++) {
                t.iterate(world);
            }
            int arrays = root.getManagedArrays().size();
            double rss = rssMb();
            for (int i = 0; i < 25; i++) {
                t.iterate(world);
                assertEquals(arrays, root.getManagedArrays().size(), "live native arrays after iteration " + i);
            }
            try (Policy p = new Policy(t.model(), t.policy().encoder(), t.policy().stats(), 1, false)) {
                var obs = world.reset(3);
                int before = root.getManagedArrays().size();
                for (int i = 0; i < 300; i++) {
                    p.act(obs.get(i % 4).observation(), false);
                }
                assertEquals(before, root.getManagedArrays().size(), "live native arrays after 300 policy steps");
            }
            double growth = rssMb() - rss;
            System.out.printf("RSS growth over 25 iterations and 300 policy steps: %.1f MB%n", growth);
            assertTrue(growth < 150, "resident memory grew by " + growth + " MB");
            assertTrue(t.model().params().count() > 0 && t.model() instanceof Fort);
        }
    }
}
