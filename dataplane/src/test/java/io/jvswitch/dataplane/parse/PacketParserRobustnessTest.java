package io.jvswitch.dataplane.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.flowcache.FlowKey;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** No input can make the parser throw or read outside the frame; results are deterministic. */
class PacketParserRobustnessTest {
    private static final int RUNT = -(DropReason.RUNT_FRAME.ordinal() + 1);

    @Test
    void everyTruncationOfEveryCatalogFrameAtTheEndOfTheSegmentParsesWithoutThrowing() {
        for (TestFrames.Named f : TestFrames.all()) {
            byte[] b = f.bytes();
            for (int len = 0; len <= b.length; len++) {
                Parsed p = Parsed.prefix(b, len);
                if (len < 14) {
                    assertEquals(RUNT, p.result, f.name() + " cut at " + len);
                } else {
                    assertTrue(p.result >= 0, f.name() + " cut at " + len);
                    assertTrue(p.l3() >= 14 && p.l3() <= len, f.name() + " l3 inside the frame at " + len);
                    assertTrue(p.l4() == 0 || (p.l4() > p.l3() && p.l4() <= len), f.name() + " l4 at " + len);
                }
            }
        }
    }

    @Test
    void transportOffsetBeyond0x7fffIsReportedAbsentButTheKeyIsComplete() {
        byte[] l4 = TestFrames.udp(1111, 2222, 0);
        for (int i = 0; i < 16; i++) {
            l4 = TestFrames.ext(i == 0 ? 17 : 60, 255, l4);       // 16 destination-options headers of 2048 bytes
        }
        Parsed p = Parsed.of(TestFrames.ipv6(60, l4));
        assertTrue(p.result >= 0);
        assertEquals(0, p.l4(), "54 + 16 * 2048 does not fit the batch's short offsets");
        assertEquals(14, p.l3());
        assertEquals(17, FlowKey.nwProto(p.k, p.b));
        assertEquals(2222, FlowKey.tpDst(p.k, p.b));
    }

    @Test
    void randomBytesNeverThrowAndParseTheSameTwice() {
        SplittableRandom rnd = new SplittableRandom(42);
        int[] types = {0x0800, 0x86dd, 0x0806, 0x8035, 0x8100, 0x88a8, 0x8847, 0x8848, 0x0020, 0x05dc};
        long[] k1 = new long[FlowKey.KEY_WORDS];
        long[] k2 = new long[FlowKey.KEY_WORDS];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(256);
            for (int i = 0; i < 200_000; i++) {
                int len = rnd.nextInt(257);
                long addr = 256 - len;
                for (int j = 0; j < len; j++) {
                    seg.set(ValueLayout.JAVA_BYTE, addr + j, (byte) rnd.nextInt(256));
                }
                if (len >= 14) {
                    seg.set(Wire.BE16, addr + 12, (short) types[rnd.nextInt(types.length)]);
                }
                if (len >= 15 && rnd.nextBoolean()) {
                    seg.set(ValueLayout.JAVA_BYTE, addr + 14, (byte) (rnd.nextBoolean() ? 0x45 : 0x60));
                }
                int r1 = PacketParser.parse(seg, addr, len, k1, 0);
                int r2 = PacketParser.parse(seg, addr, len, k2, 0);
                assertEquals(r1, r2);
                assertTrue(FlowKey.equals(k1, 0, k2, 0));
                assertTrue(len < 14 ? r1 == RUNT : r1 >= 0);
            }
        }
    }
}
