package io.jvswitch.bonding.lacp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replays the OVS 3.1 capture (see {@code ovs-3.1-lacp/README.md}: the same bonds, ports, MACs, priorities and
 * member registration order, the same events) on the virtual clock and compares {@code lacp/show} and
 * {@code lacp/show-stats} with OVS's output line by line. PDU counts that depend on wall-clock phase (when OVS's
 * snapshot fell between two periodic PDUs) are compared by format only; every other line is exact.
 */
class OvsCaptureTextTest {
    private final LacpLab lab = new LacpLab();
    private Lacp bond0;
    private Lacp bond2;
    private LacpLab.End a1;
    private LacpLab.End b2;

    static String fixture(String name) throws IOException {
        try (InputStream in = OvsCaptureTextTest.class.getResourceAsStream("/ovs-3.1-lacp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static long mac(int x, int y) {
        return 0x0200_0000_0000L | (long) x << 8 | y;
    }

    @BeforeEach
    void capturedTopology() {
        bond0 = lab.port("bond0", true, true, 0xaabbccddee00L, 65534, false);
        Lacp bond1 = lab.port("bond1", true, true, 0xaabbccddee01L, 65534, false);
        bond2 = lab.port("bond2", true, false, 0xaabbccddee00L, 100, true);
        Lacp bond3 = lab.port("bond3", false, false, 0xaabbccddee00L, 65534, false);
        a1 = lab.member(bond0, LacpMemberSettings.of("a1", 1, mac(0x0a, 1)));
        LacpLab.End a2 = lab.member(bond0, LacpMemberSettings.of("a2", 2, mac(0x0a, 2)));
        LacpLab.End b1 = lab.member(bond1, LacpMemberSettings.of("b1", 11, mac(0x0b, 1)));
        b2 = lab.member(bond1, LacpMemberSettings.of("b2", 12, mac(0x0b, 2)));
        lab.member(bond2, new LacpMemberSettings("c2", 500, 65535, 0, mac(0x0c, 2)));
        lab.member(bond2, new LacpMemberSettings("c1", 21, 7, 99, mac(0x0c, 1)));
        lab.member(bond3, LacpMemberSettings.of("e1", 31, mac(0x0e, 1)));
        lab.member(bond3, LacpMemberSettings.of("e2", 32, mac(0x0e, 2)));
        lab.connect(a1, b1);
        lab.connect(a2, b2);
    }

    /** Exact comparison, except the values of "TX PDUs"/"RX PDUs" lines (phase-dependent) when {@code loose}. */
    static void assertSameLines(String expected, String actual, boolean loose) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        assertEquals(e.size(), a.size(), () -> "line count\n--- expected\n" + expected + "--- actual\n" + actual);
        for (int i = 0; i < e.size(); i++) {
            String el = e.get(i);
            String al = a.get(i);
            if (loose && (el.startsWith("  TX PDUs: ") || el.startsWith("  RX PDUs: "))) {
                assertTrue(al.matches("  [TR]X PDUs: [0-9]+") && al.startsWith(el.substring(0, 11)),
                        "line " + (i + 1) + ": " + al);
            } else {
                assertEquals(el, al, "line " + (i + 1) + "\n--- actual\n" + actual);
            }
        }
        assertTrue(actual.endsWith("\n") && !actual.endsWith("\n\n"), "ends with exactly one newline");
    }

    @Test
    void freshActivePartnerlessBondIsExpiredAttachedAndNegotiatedForThreeSeconds() throws IOException {
        lab.advanceTo(1000);
        assertSameLines(fixture("lacp-show-bond2-expired.txt"), LacpText.show(bond2), false);
    }

    @Test
    void negotiatedShowOfAllPortsMatchesOvs() throws IOException {
        lab.advanceTo(6000);
        assertSameLines(fixture("lacp-show-negotiated.txt"), LacpText.show(lab.ports), false);
        assertSameLines(fixture("lacp-show-stats-negotiated.txt"), LacpText.showStats(lab.ports), true);
    }

    @Test
    void defaultedFallbackAndPassiveBondsMatchOvsIncludingCounters() throws IOException {
        lab.advanceTo(6000);
        assertSameLines(fixture("lacp-show-bond2-defaulted.txt"), LacpText.show(bond2), false);
        assertSameLines(fixture("lacp-show-bond3-passive.txt"), LacpText.show(lab.ports.get(3)), false);
        assertSameLines(fixture("lacp-show-stats-bond2.txt"), LacpText.showStats(bond2), false);
        assertSameLines(fixture("lacp-show-stats-bond3.txt"), LacpText.showStats(lab.ports.get(3)), false);
    }

    @Test
    void injectedMarkerTruncatedAndBadTlvAreCountedAsOvsCountsThem() throws IOException {
        lab.advanceTo(6000);
        byte[] hdr = hex("0180c2000002" + "02000000ffff" + "8809");
        byte[] marker = concat(hdr, hex("02010110" + "0001aabbccddeeff000000010000" + "0000"), new byte[90]);
        byte[] trunc = concat(hdr, hex("01010114"), new byte[20]);
        byte[] badTlv = concat(hdr, hex("01010113"), new byte[106]);
        for (byte[] f : List.of(marker, trunc, badTlv)) {
            bond0.receive(a1.member(), f, 0, f.length, lab.now);
        }
        lab.advanceTo(7000);
        assertSameLines(fixture("lacp-show-stats-injected.txt"), LacpText.showStats(bond0), true);
    }

    @Test
    void carrierLossExpiresThenDefaultsAndRecoveryRejoinsAsInOvs() throws IOException {
        lab.advanceTo(7000);
        lab.setLink(b2, false);
        lab.advanceTo(7500);
        assertSameLines(fixture("lacp-show-bond0-carrier-down.txt"), LacpText.show(bond0), false);
        lab.advanceTo(14500);
        assertSameLines(fixture("lacp-show-bond0-carrier-down-later.txt"), LacpText.show(bond0), false);
        String stats = LacpText.showStats(bond0);
        assertSameLines(fixture("lacp-show-stats-carrier-down.txt").replace("RX Bad PDUs: 2", "RX Bad PDUs: 0")
                .replace("RX Marker Request PDUs: 1", "RX Marker Request PDUs: 0"), stats, true);
        lab.setLink(b2, true);
        lab.advanceTo(18500);
        assertSameLines(fixture("lacp-show-bond0-carrier-back.txt"), LacpText.show(bond0), false);
        assertSameLines(fixture("lacp-show-stats-carrier-back.txt").replace("RX Bad PDUs: 2", "RX Bad PDUs: 0")
                .replace("RX Marker Request PDUs: 1", "RX Marker Request PDUs: 0"), LacpText.showStats(bond0), true);
    }

    @Test
    void unknownPortErrorIsOvsText() throws IOException {
        assertEquals(fixture("lacp-show-nosuch.txt").lines().findFirst().orElseThrow(), LacpText.NO_SUCH_LACP);
    }

    static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
