package dev.saccade.learn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.learn.policy.PolicyConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdateProfileTest {
    @Test
    void everyPartIsTimedAndItsShareIsAgainstTheSameRepetitionsPeak() {
        PolicyConfig c = PolicyConfig.defaults();
        UpdateProfile.Settings s = new UpdateProfile.Settings(c, 1, 3, 2, new int[] {1}, 2, 5);
        List<UpdateProfile.Result> results = UpdateProfile.run(s);
        assertEquals(1, results.size());
        UpdateProfile.Result r = results.get(0);
        assertEquals(1, r.threads());
        for (UpdateProfile.Part p : UpdateProfile.Part.values()) {
            assertEquals(2, r.millis()[p.ordinal()].length, p.name());
            for (int rep = 0; rep < 2; rep++) {
                assertTrue(r.millis()[p.ordinal()][rep] > 0, p + " repetition " + rep);
                assertTrue(r.cpuMillis()[p.ordinal()][rep] >= 0, p + " repetition " + rep);
            }
        }
        assertEquals(Flops.eyeForward(c, 1, 3), UpdateProfile.flops(UpdateProfile.Part.EYE_FORWARD, s));
        assertEquals(2 * Flops.handForward(c, 2), UpdateProfile.flops(UpdateProfile.Part.HAND_BACKWARD, s));
        assertEquals(0, UpdateProfile.flops(UpdateProfile.Part.EYE_OPTIMISER, s));
        assertEquals(1.0, r.shareOfPeak(UpdateProfile.Part.PEAK, UpdateProfile.PEAK_FLOPS), 1e-12);
        // The median of two per-repetition ratios is their mean.
        long f = UpdateProfile.flops(UpdateProfile.Part.HAND_FORWARD, s);
        double[][] ms = r.millis();
        double expected = 0;
        for (int rep = 0; rep < 2; rep++) {
            expected += (f / ms[UpdateProfile.Part.HAND_FORWARD.ordinal()][rep])
                    / (UpdateProfile.PEAK_FLOPS / ms[UpdateProfile.Part.PEAK.ordinal()][rep]) / 2;
        }
        assertEquals(expected, r.shareOfPeak(UpdateProfile.Part.HAND_FORWARD, f), 1e-12 * expected);
    }
}
