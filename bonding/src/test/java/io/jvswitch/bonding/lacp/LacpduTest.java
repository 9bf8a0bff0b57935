package io.jvswitch.bonding.lacp;

import static io.jvswitch.bonding.lacp.OvsCaptureTextTest.fixture;
import static io.jvswitch.bonding.lacp.OvsCaptureTextTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The codec against OVS's bytes: the reference test vector, and every PDU captured from OVS 3.1 on a1. */
class LacpduTest {
    /** ovs-surface.md §2: first PDU of a fresh bond (bridge MAC aa:bb:cc:dd:ee:00, lacp-time=fast). */
    static final String REFERENCE = "0180c2000002" + "aa55aa550028" + "8809" + "0101"
            + "0114" + "fffe" + "aabbccddee00" + "0002" + "ffff" + "0001" + "bf" + "000000"
            + "0214" + "0000" + "000000000000" + "0000" + "0000" + "0000" + "02" + "000000"
            + "0310" + "0000" + "00".repeat(64);

    @Test
    void buildsTheReferenceFrameByteForByte() {
        LacpInfo actor = new LacpInfo(65534, 0xaabbccddee00L, 2, 65535, 1, 0xbf);
        LacpInfo partner = new LacpInfo(0, 0, 0, 0, 0, LacpStateBits.TIME);
        byte[] frame = Lacpdu.frame(0xaa55aa550028L, actor, partner);
        assertEquals(124, frame.length);
        assertArrayEquals(hex(REFERENCE), frame);
        assertArrayEquals(Arrays.copyOfRange(frame, 14, 124), Lacpdu.pdu(actor, partner));
    }

    @Test
    void parsesTheReferenceFrame() {
        byte[] f = hex(REFERENCE);
        LacpduParse p = Lacpdu.parseFrame(f, 0, f.length);
        assertEquals(LacpduParse.Kind.LACP, p.kind());
        assertEquals(new LacpInfo(65534, 0xaabbccddee00L, 2, 65535, 1, 0xbf), p.actor());
        assertEquals(new LacpInfo(0, 0, 0, 0, 0, 2), p.partner());
        assertEquals(1, p.version());
        assertEquals(" activity timeout aggregation synchronized collecting distributing expired",
                LacpStateBits.format(p.actor().state()));
    }

    @Test
    void everyCapturedOvsPduParsesAndRebuildsToTheSameBytes() throws IOException {
        List<String> lines = fixture("a1-pdus.txt").lines().toList();
        assertTrue(lines.size() >= 20);
        int lacp = 0;
        for (String line : lines) {
            byte[] f = hex(line.split(" ")[1]);
            LacpduParse p = Lacpdu.parseFrame(f, 0, f.length);
            if (p.kind() == LacpduParse.Kind.MARKER) {
                continue; // the injected Marker PDU
            }
            if (f.length < Lacpdu.FRAME_LEN) {
                assertEquals(LacpduParse.Kind.MALFORMED, p.kind(), line);
                continue; // the injected truncated PDU
            }
            if (p.kind() == LacpduParse.Kind.MALFORMED) {
                assertTrue(p.reason().startsWith("actor TLV"), p.reason()); // the injected bad-TLV PDU
                continue;
            }
            lacp++;
            long src = 0;
            for (int i = 6; i < 12; i++) {
                src = src << 8 | (f[i] & 0xff);
            }
            assertArrayEquals(f, Lacpdu.frame(src, p.actor(), p.partner()), line);
        }
        assertTrue(lacp >= 20, "LACPDUs seen: " + lacp);
    }

    @Test
    void capturedNegotiationSequenceShowsOvsStateBits() throws IOException {
        List<String> lines = fixture("a1-pdus.txt").lines().toList();
        byte[] first = hex(lines.get(0).split(" ")[1]);
        byte[] third = hex(lines.get(2).split(" ")[1]);
        LacpduParse p1 = Lacpdu.parseFrame(first, 0, first.length);
        LacpduParse p3 = Lacpdu.parseFrame(third, 0, third.length);
        assertEquals(0xbf, p1.actor().state()); // expired, collecting/distributing before negotiation
        assertEquals(LacpStateBits.TIME, p1.partner().state());
        assertEquals(0x3f, p3.actor().state()); // current after hearing b1
        assertEquals(0xaabbccddee01L, p3.partner().sysId());
        assertEquals(11, p3.partner().portId());
    }

    @Test
    void ownPdusRoundTripForManyInfos() {
        Random r = new Random(6);
        for (int i = 0; i < 1000; i++) {
            LacpInfo a = new LacpInfo(r.nextInt(), r.nextLong(), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt());
            LacpInfo b = new LacpInfo(r.nextInt(), r.nextLong(), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt());
            long mac = r.nextLong() & 0xffff_ffff_ffffL;
            byte[] f = Lacpdu.frame(mac, a, b);
            LacpduParse p = Lacpdu.parseFrame(f, 0, f.length);
            assertEquals(a, p.actor());
            assertEquals(b, p.partner());
            byte[] pdu = Lacpdu.pdu(a, b);
            byte[] padded = new byte[pdu.length + 10];
            System.arraycopy(pdu, 0, padded, 5, pdu.length);
            assertEquals(a, Lacpdu.parsePdu(padded, 5, pdu.length).actor());
        }
    }

    @Test
    void vlanTaggedSlowProtocolsFrameIsFoundAsOvsFlowExtractionFindsIt() {
        byte[] plain = hex(REFERENCE);
        byte[] tagged = new byte[plain.length + 4];
        System.arraycopy(plain, 0, tagged, 0, 12);
        tagged[12] = (byte) 0x81;
        tagged[14] = 0x00;
        tagged[15] = 0x0a;
        System.arraycopy(plain, 12, tagged, 16, plain.length - 12);
        assertEquals(LacpduParse.Kind.LACP, Lacpdu.parseFrame(tagged, 0, tagged.length).kind());
    }

    @Test
    void versionAndCollectorTlvAreNotCheckedAsInOvs() {
        byte[] f = hex(REFERENCE);
        f[15] = 2; // version
        f[14 + 42] = 9; // collector type
        f[14 + 43] = 1; // collector length
        LacpduParse p = Lacpdu.parseFrame(f, 0, f.length);
        assertEquals(LacpduParse.Kind.LACP, p.kind());
        assertEquals(2, p.version());
    }
}
