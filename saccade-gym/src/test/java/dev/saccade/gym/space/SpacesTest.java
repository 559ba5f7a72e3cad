package dev.saccade.gym.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SpacesTest {

    @Property(tries = 200)
    void discreteSamplesAreMembers(@ForAll long seed) {
        Discrete d = new Discrete(25);
        Integer v = d.sample(new SplittableRandom(seed));
        assertTrue(d.contains(v) && v >= 0 && v < 25);
    }

    @Test
    void discreteRejectsOutsideAndNull() {
        Discrete d = new Discrete(25);
        assertFalse(d.contains(-1));
        assertFalse(d.contains(25));
        assertFalse(d.contains(null));
        assertTrue(d.contains(24));
        assertThrows(IllegalArgumentException.class, () -> d.require(25, "eye action"));
    }

    @Property(tries = 200)
    void boxSamplesRespectBoundsIncludingHalfAndUnbounded(@ForAll long seed) {
        Box b = new Box(new int[] {4}, new float[] {-1, 0, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY},
                new float[] {1, Float.POSITIVE_INFINITY, 5, Float.POSITIVE_INFINITY});
        float[] v = b.sample(new SplittableRandom(seed));
        assertTrue(b.contains(v));
        assertTrue(v[0] >= -1 && v[0] <= 1 && v[1] >= 0 && v[2] <= 5 && Float.isFinite(v[3]));
    }

    @Test
    void boxRejectsNanWrongLengthAndOutOfBounds() {
        Box b = Box.of(0f, 1f, 2, 3);
        assertEquals(6, b.size());
        assertTrue(b.contains(new float[6]));
        assertFalse(b.contains(new float[5]));
        float[] nan = new float[6];
        nan[3] = Float.NaN;
        assertFalse(b.contains(nan));
        float[] high = new float[6];
        high[5] = 1.0001f;
        assertFalse(b.contains(high));
        assertTrue(b.describe(high).contains("element 5"));
        assertTrue(b.same(new float[] {1, 2}, new float[] {1, 2}));
        assertFalse(b.same(new float[] {1, 2}, new float[] {1, 3}));
    }

    @Test
    void boxRefusesInvertedBounds() {
        assertThrows(IllegalArgumentException.class, () -> new Box(new int[] {1}, new float[] {2}, new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Box.of(0, 1, 0));
    }

    record Pair(float[] vector, int label) {}

    private static Composite<Pair> pairs() {
        return new Composite<>("Pair", List.of(
                new Composite.Field<>("vector", Box.of(-1f, 1f, 3), Pair::vector),
                new Composite.Field<>("label", new Discrete(4), Pair::label)),
                parts -> new Pair((float[]) parts.get(0), (Integer) parts.get(1)));
    }

    @Property(tries = 100)
    void compositeSamplesAreMembersAndEqualToThemselves(@ForAll long seed) {
        Composite<Pair> space = pairs();
        Pair p = space.sample(new SplittableRandom(seed));
        assertTrue(space.contains(p));
        assertTrue(space.same(p, new Pair(p.vector().clone(), p.label())));
    }

    @Test
    void compositeNamesTheFieldThatIsOutside() {
        Composite<Pair> space = pairs();
        Pair bad = new Pair(new float[] {0, 0, 0}, 7);
        assertFalse(space.contains(bad));
        assertTrue(space.describe(bad).contains("label"), space.describe(bad));
        assertFalse(space.contains(null));
        assertFalse(space.same(new Pair(new float[] {0, 0, 0}, 1), new Pair(new float[] {0, 0, 1}, 1)));
    }
}
