package dev.saccade.learn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PpoTest {
    @Test
    void gaeOfATerminalEpisodeMatchesHandComputation() {
        // δ2 = 2 − 1.0 = 1.0                A2 = 1.0
        // δ1 = 0 + 0.99·1.0 − 0.2 = 0.79    A1 = 0.79 + 0.99·0.95·1.0 = 1.7305
        // δ0 = 1 + 0.99·0.2 − 0.5 = 0.698   A0 = 0.698 + 0.9405·1.7305 = 2.32553525
        float[] adv = Ppo.advantages(new float[] {1, 0, 2}, new float[] {0.5f, 0.2f, 1.0f}, 3, true, 99f, 0.99, 0.95);
        assertArrayEquals(new float[] {2.32553525f, 1.7305f, 1.0f}, adv, 1e-5f);
    }

    @Test
    void gaeOfACutEpisodeBootstrapsFromTheLastObservation() {
        // δ2 = 2 + 0.99·0.4 − 1.0 = 1.396   A2 = 1.396
        // A1 = 0.79 + 0.9405·1.396 = 2.102938
        // A0 = 0.698 + 0.9405·2.102938 = 2.675813189
        float[] adv = Ppo.advantages(new float[] {1, 0, 2}, new float[] {0.5f, 0.2f, 1.0f}, 3, false, 0.4f, 0.99, 0.95);
        assertArrayEquals(new float[] {2.675813189f, 2.102938f, 1.396f}, adv, 1e-5f);
    }

    @Test
    void gaeWithLambdaOneIsTheDiscountedReturnMinusTheValue() {
        float[] r = {1, 2, 3, 4};
        float[] v = {0.1f, -0.2f, 0.3f, 0.0f};
        float[] adv = Ppo.advantages(r, v, 4, true, 0, 0.9, 1.0);
        double ret = 0;
        for (int t = 3; t >= 0; t--) {
            ret = r[t] + 0.9 * ret;
            assertEquals(ret - v[t], adv[t], 1e-5);
        }
    }

    @Property(tries = 50)
    void gaeWithLambdaZeroIsTheOneStepTdError(@ForAll @Size(min = 1, max = 20) List<@FloatRange(min = -1000, max = 1000) Float> valueList,
                                              @ForAll @FloatRange(min = -5, max = 5) float bootstrap) {
        int n = valueList.size();
        float[] values = new float[n];
        float[] rewards = new float[n];
        for (int t = 0; t < n; t++) {
            values[t] = valueList.get(t);
            rewards[t] = (t % 3) - 1;
        }
        float[] adv = Ppo.advantages(rewards, values, n, false, bootstrap, 0.97, 0.0);
        for (int t = 0; t < n; t++) {
            double next = t + 1 < n ? values[t + 1] : bootstrap;
            assertEquals(rewards[t] + 0.97 * next - values[t], adv[t], 1e-3);
        }
    }

    @Test
    void clippedSurrogateMatchesHandComputation() {
        // ratio 1.5, A  1: max(−1.5, −1.2) = −1.2   (gain capped at 1 + ε)
        // ratio 0.5, A  1: max(−0.5, −0.8) = −0.5   (a worse action is not clipped from below)
        // ratio 1.1, A −2: max( 2.2,  2.2) =  2.2
        // ratio 0.7, A −1: max( 0.7,  0.8) =  0.8   (penalty kept at 1 − ε)
        // masked out: ratio 3, A 5
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logRatio = m.create(new float[] {(float) Math.log(1.5), (float) Math.log(0.5), (float) Math.log(1.1),
                (float) Math.log(0.7), (float) Math.log(3)});
            NDArray adv = m.create(new float[] {1, 1, -2, -1, 5});
            NDArray mask = m.create(new float[] {1, 1, 1, 1, 0});
            assertEquals((-1.2 - 0.5 + 2.2 + 0.8) / 4, dev.saccade.learn.policy.EyeLoss.policyLoss(logRatio, adv, mask, 0.2).getFloat(), 1e-6);
        }
    }

    @Test
    void valueLossEntropyAndApproxKlMatchHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray mask = m.create(new float[] {1, 1, 0});
            // 0.5 · mean((1 − 0)², (2 − 4)²) = 0.5 · 2.5
            assertEquals(1.25, dev.saccade.learn.policy.EyeLoss.valueLoss(m.create(new float[] {1, 2, 9}), m.create(new float[] {0, 4, 0}), mask).getFloat(), 1e-6);
            // uniform over 4: entropy ln 4; certain: 0
            NDArray logp = m.create(new float[] {0.25f, 0.25f, 0.25f, 0.25f, 1, 1e-30f, 1e-30f, 1e-30f}, new ai.djl.ndarray.types.Shape(2, 4)).log();
            assertArrayEquals(new float[] {(float) Math.log(4), 0f}, dev.saccade.learn.policy.EyeLoss.entropy(logp).toFloatArray(), 1e-5f);
            // k3: (e^x − 1) − x for x = ln 2 and 0
            NDArray lr = m.create(new float[] {(float) Math.log(2), 0f, 7f});
            assertEquals((1 - Math.log(2)) / 2, dev.saccade.learn.policy.EyeLoss.approxKl(lr, mask).getFloat(), 1e-6);
        }
    }

    @Test
    void advantagesNormaliseToZeroMeanUnitStd() {
        float[] a = {1, 2, 3, 4, 99};
        Ppo.normalize(a, 4);
        assertArrayEquals(new float[] {-1.161895f, -0.387298f, 0.387298f, 1.161895f, 99}, a, 1e-5f);
    }
}
