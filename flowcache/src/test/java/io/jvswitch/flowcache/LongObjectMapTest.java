package io.jvswitch.flowcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongObjectMapTest {
    @Test
    void randomPutsAndRemovesAgreeWithHashMap() {
        LongObjectMap<String> map = new LongObjectMap<>();
        Map<Long, String> model = new HashMap<>();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int step = 0; step < 200_000; step++) {
            long k = rnd.nextInt(2000) - 1000L;   // negative keys too; many collisions in a small table
            if (rnd.nextInt(3) == 0) {
                assertEquals(model.remove(k), map.remove(k));
            } else {
                String v = "v" + step;
                assertEquals(model.put(k, v), map.put(k, v));
            }
            assertEquals(model.size(), map.size());
        }
        for (long k = -1000; k < 1000; k++) {
            assertEquals(model.get(k), map.get(k));
        }
        int seen = 0;
        for (int i = 0; i < map.capacity(); i++) {
            if (map.valueAt(i) != null) {
                seen++;
            }
        }
        assertEquals(model.size(), seen);
        map.clear();
        assertEquals(0, map.size());
        assertNull(map.get(5));
    }
}
