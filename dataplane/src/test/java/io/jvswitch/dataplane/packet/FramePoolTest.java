package io.jvswitch.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Bulk alloc/free take and return frames in exactly the order of the single-frame calls (LIFO). */
class FramePoolTest {
    @Test
    void bulkAllocMatchesRepeatedSingleAlloc() {
        try (FramePool a = new FramePool(8, 256, 32); FramePool b = new FramePool(8, 256, 32)) {
            a.free(a.alloc());                      // same history in both
            b.free(b.alloc());
            int[] single = new int[10];
            for (int i = 0; i < 5; i++) {
                single[2 + i] = a.alloc();
            }
            int[] bulk = new int[10];
            assertEquals(5, b.alloc(bulk, 2, 5));
            assertArrayEquals(single, bulk);
            assertEquals(a.available(), b.available());
            assertEquals(3, b.alloc(bulk, 0, 10));  // only three left
            assertEquals(0, b.available());
            assertEquals(0, b.alloc(bulk, 0, 1));
        }
    }

    @Test
    void bulkFreeMatchesRepeatedSingleFree() {
        try (FramePool a = new FramePool(8, 256, 32); FramePool b = new FramePool(8, 256, 32)) {
            int[] fa = new int[8];
            int[] fb = new int[8];
            a.alloc(fa, 0, 8);
            b.alloc(fb, 0, 8);
            for (int i = 1; i < 6; i++) {
                a.free(fa[i]);
            }
            b.free(fb, 1, 5);
            assertEquals(a.available(), b.available());
            for (int i = 0; i < 5; i++) {
                assertEquals(a.alloc(), b.alloc());
            }
        }
    }
}
