package io.jvswitch.bonding.lacp;

import static io.jvswitch.bonding.lacp.LacpduTest.REFERENCE;
import static io.jvswitch.bonding.lacp.OvsCaptureTextTest.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Malformed input is counted as "RX Bad PDUs" (and as "RX PDUs", as OVS counts them) and never throws: every
 * truncation length, wrong subtype, wrong TLV types and lengths, garbage, bad bounds, and a random fuzz loop.
 */
class LacpduMalformedTest {
    private static final String M = "m1";

    private static Lacp lacpWithMember() {
        Lacp l = new Lacp(new LacpSettings("bond0", true, true, 0x0200_0000_0001L, 65534, false));
        l.registerMember(LacpMemberSettings.of(M, 1, 0x0200_0000_0011L), 0);
        l.setCarrier(M, true, 0);
        return l;
    }

    @Test
    void everyTruncationIsMalformedAndCounted() {
        byte[] f = hex(REFERENCE);
        Lacp l = lacpWithMember();
        for (int len = 0; len < f.length; len++) {
            LacpduParse p = Lacpdu.parseFrame(f, 0, len);
            assertEquals(LacpduParse.Kind.MALFORMED, p.kind(), "length " + len);
            assertNotNull(p.reason());
            assertFalse(l.receive(M, f, 0, len, 10));
        }
        assertEquals(f.length, l.stats(M).rxBadPdus());
        assertEquals(f.length, l.stats(M).rxPdus());
        assertEquals(MemberStatus.EXPIRED, l.memberStatus(M)); // nothing was accepted
    }

    @Test
    void wrongSubtypeTlvTypesAndLengthsAreMalformed() {
        int[][] edits = {
            {14, 0}, {14, 3}, {14, 10}, {14, 0xff}, // subtype
            {16, 0}, {16, 2}, {17, 19}, {17, 21}, {17, 0}, // actor TLV type/length
            {36, 1}, {36, 3}, {37, 19}, {37, 0xff}, // partner TLV type/length
        };
        Lacp l = lacpWithMember();
        for (int[] e : edits) {
            byte[] f = hex(REFERENCE);
            f[e[0]] = (byte) e[1];
            assertEquals(LacpduParse.Kind.MALFORMED, Lacpdu.parseFrame(f, 0, f.length).kind(), e[0] + "=" + e[1]);
            l.receive(M, f, 0, f.length, 10);
        }
        assertEquals(edits.length, l.stats(M).rxBadPdus());
    }

    @Test
    void markerIsCountedAsMarkerNotBad() {
        byte[] f = hex(REFERENCE);
        f[14] = Lacpdu.SUBTYPE_MARKER;
        Lacp l = lacpWithMember();
        assertEquals(LacpduParse.Kind.MARKER, Lacpdu.parseFrame(f, 0, f.length).kind());
        l.receive(M, f, 0, f.length, 10);
        assertEquals(1, l.stats(M).rxMarkerPdus());
        assertEquals(0, l.stats(M).rxBadPdus());
        assertEquals(1, l.stats(M).rxPdus());
    }

    @Test
    void wrongEthertypeAndBadBoundsAreMalformed() {
        byte[] f = hex(REFERENCE);
        f[13] = 0x0a;
        assertEquals(LacpduParse.Kind.MALFORMED, Lacpdu.parseFrame(f, 0, f.length).kind());
        byte[] g = hex(REFERENCE);
        assertEquals(LacpduParse.Kind.MALFORMED, Lacpdu.parseFrame(null, 0, 10).kind());
        assertEquals(LacpduParse.Kind.MALFORMED, Lacpdu.parseFrame(g, -1, 10).kind());
        assertEquals(LacpduParse.Kind.MALFORMED, Lacpdu.parseFrame(g, 0, g.length + 1).kind());
        assertEquals(LacpduParse.Kind.MALFORMED, Lacpdu.parseFrame(g, g.length + 1, 0).kind());
        assertEquals(LacpduParse.Kind.MALFORMED, Lacpdu.parseFrame(g, 10, Integer.MAX_VALUE).kind());
        assertEquals(LacpduParse.Kind.MALFORMED, Lacpdu.parseFrame(g, 0, -5).kind());
        assertEquals(LacpduParse.Kind.MALFORMED, Lacpdu.parsePdu(g, Integer.MAX_VALUE, 110).kind());
        Lacp l = lacpWithMember();
        assertFalse(l.receive(M, null, 0, 0, 1));
        assertFalse(l.receive(M, g, 100, 100, 1));
        assertFalse(l.receive("unknown", g, 0, g.length, 1));
        assertFalse(l.receive(null, g, 0, g.length, 1));
        assertEquals(2, l.stats(M).rxBadPdus());
    }

    @Test
    void randomGarbageAndMutationsNeverThrow() {
        Random r = new Random(0x8809);
        Lacp l = lacpWithMember();
        byte[] ref = hex(REFERENCE);
        long n = 0;
        for (int i = 0; i < 20000; i++) {
            byte[] f;
            if (r.nextBoolean()) {
                f = new byte[r.nextInt(200)];
                r.nextBytes(f);
            } else {
                f = ref.clone();
                for (int k = r.nextInt(4); k >= 0; k--) {
                    f[r.nextInt(f.length)] = (byte) r.nextInt(256);
                }
            }
            int off = r.nextInt(f.length + 3) - 1;
            int len = r.nextInt(f.length + 3) - 1;
            LacpduParse p = Lacpdu.parseFrame(f, off, len);
            assertNotNull(p.kind());
            l.receive(M, f, off, len, i);
            l.run(i, (m, frame) -> { });
            n++;
        }
        assertEquals(n, l.stats(M).rxPdus());
    }
}
