package dev.saccade.sphere.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.sphere.EquirectFrame;
import org.junit.jupiter.api.Test;

class MipChainTest {
    @Test
    void levelsHalveUntilTheHeightIsOdd() {
        MipChain full = MipChain.of(EquirectFrame.black(64));
        assertEquals(7, full.levels());           // 64, 32, 16, 8, 4, 2, 1
        assertEquals(2, full.width(6));
        assertEquals(1, full.height(6));
        assertTrue(full.isComplete());
        MipChain odd = MipChain.of(EquirectFrame.black(20));
        assertEquals(3, odd.levels());            // 20, 10, 5
        assertTrue(odd.isComplete());
        MipChain one = MipChain.of(EquirectFrame.black(64), Antialias.OFF);
        assertEquals(1, one.levels());
        assertFalse(one.isComplete());
        assertEquals(4L * (128 + 2) * (64 + 2), one.bytes());
    }

    @Test
    void eachTexelIsTheRoundedMeanOfTheFourBelowIt() {
        EquirectFrame frame = Frames.noise(16, 9);
        MipChain chain = MipChain.of(frame);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                int[] q = {frame.rgb(2 * x, 2 * y), frame.rgb(2 * x + 1, 2 * y), frame.rgb(2 * x, 2 * y + 1), frame.rgb(2 * x + 1, 2 * y + 1)};
                int expected = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    int sum = 0;
                    for (int p : q) {
                        sum += (p >> shift) & 255;
                    }
                    expected |= ((sum + 2) / 4) << shift;
                }
                assertEquals(expected, chain.rgb(1, x, y), "texel (" + x + ", " + y + ")");
            }
        }
        assertEquals(frame.rgb(5, 7), chain.rgb(0, 5, 7));
        EquirectFrame level1 = chain.level(1);
        assertEquals(16, level1.width());
        assertEquals(chain.rgb(1, 3, 4), level1.rgb(3, 4));
    }

    @Test
    void levelMatchesTheTexelToThePixelFootprint() {
        MipChain chain = MipChain.of(EquirectFrame.black(1024));   // 2048 wide: texel 2π/2048 rad
        double texel = 2 * Math.PI / 2048;
        assertEquals(0, chain.levelFor(texel, 1));
        assertEquals(0, chain.levelFor(1.9 * texel, 1), "a pixel may span up to two texels");
        assertEquals(1, chain.levelFor(2.1 * texel, 1));
        assertEquals(2, chain.levelFor(4 * texel, 1));
        assertEquals(3, chain.levelFor(4 * texel, 0.5), "longitude texels shrink by cos(lat)");
        assertEquals(0, chain.levelFor(0.1 * texel, 1), "never below the frame");
        assertEquals(chain.levels() - 1, chain.levelFor(texel, 0), "at the pole: the coarsest level");
    }
}
