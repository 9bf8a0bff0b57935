package io.jvswitch.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link PacketBatch#bytesOf} and {@link PacketBatch#freeSlots} give the same result for a mask of slots 0..n-1
 * (their counted-loop and bulk-free path) as for any other mask (the bit-by-bit path): the bytes of exactly the
 * masked slots, and exactly the masked frames back in the pool, lowest slot first, the other slots untouched.
 */
class PacketBatchSlotsTest {
    private static final int[] MASKS = {0, 1, 0b111, 0x7fff_ffff, -1, 0b1010, 0b110, 0x8000_0000, 0x5555_5555,
        0xffff_0000};

    @Test
    void bytesOfSumsExactlyTheMaskedSlotsWhateverTheMasksShape() {
        try (FramePool pool = new FramePool(64, 256, 32)) {
            PacketBatch b = full(pool);
            for (int mask : MASKS) {
                long want = 0;
                for (int i = 0; i < PacketBatch.MAX_BURST; i++) {
                    if ((mask & (1 << i)) != 0) {
                        want += b.length[i];
                    }
                }
                assertEquals(want, b.bytesOf(mask), "mask " + Integer.toBinaryString(mask));
            }
        }
    }

    @Test
    void freeSlotsReturnsExactlyTheMaskedFramesLowestSlotFirstWhateverTheMasksShape() {
        for (int mask : MASKS) {
            try (FramePool pool = new FramePool(64, 256, 32)) {
                PacketBatch b = full(pool);
                int before = pool.available();
                b.freeSlots(mask);
                int n = Integer.bitCount(mask);
                assertEquals(before + n, pool.available(), "mask " + Integer.toBinaryString(mask));
                for (int i = PacketBatch.MAX_BURST - 1; i >= 0; i--) {       // LIFO: highest freed slot first
                    if ((mask & (1 << i)) != 0) {
                        assertEquals(b.frame[i], pool.alloc(), "slot " + i + " of " + Integer.toBinaryString(mask));
                    }
                }
                assertEquals(before, pool.available(), "only the masked frames came back");
                assertEquals(PacketBatch.MAX_BURST, b.count, "the slots stay as they are");
            }
        }
    }

    /** A batch of 32 frames of lengths 60, 61, ... 91. */
    private static PacketBatch full(FramePool pool) {
        PacketBatch b = new PacketBatch(pool);
        for (int i = 0; i < PacketBatch.MAX_BURST; i++) {
            b.add(pool.alloc(), pool.headroom(), 60 + i, 1);
        }
        return b;
    }
}
