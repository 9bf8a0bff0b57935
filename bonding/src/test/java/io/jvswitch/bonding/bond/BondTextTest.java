package io.jvswitch.bonding.bond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.bonding.BondMode;
import io.jvswitch.bonding.LacpStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our bond/show, bond/list and bond/hash against OVS 3.1's own output for the same configuration and state
 * (fixtures captured by {@code ovs-3.1-bond/capture.sh}), line by line.
 */
class BondTextTest {
    private static BondSettings settings(String name, BondMode mode, Map<String, String> oc, int up, int down,
                                         boolean lacp) {
        List<String> warnings = new ArrayList<>();
        return BondSettings.fromOvs(name, mode.ovsName(), up, down, oc, lacp, null, warnings);
    }

    private static Bond bond(BondSettings s, Map<String, Long> macs) {
        Bond b = new Bond(s, 0);
        macs.forEach((n, mac) -> b.addMember(new MemberConfig(n, mac), true));
        return b;
    }

    private static void assertLines(String expected, String actual) {
        assertEquals(List.of(expected.split("\n", -1)), List.of(actual.split("\n", -1)));
    }

    @Test
    void activeBackupWithPrimaryThenDowndelayThenMissingPrimary() {
        BondSettings s = settings("bond0", BondMode.ACTIVE_BACKUP, Map.of("bond-primary", "p2"), 500, 1000, false);
        Bond b = bond(s, Fixtures.macs("ab.macs"));
        b.run(0);
        assertEquals("p2", b.activeMember());
        assertLines(Fixtures.text("ab.show"), BondText.show(b, 0));
        assertLines(Fixtures.text("ab.list"), BondText.list(List.of(b)));

        b.setCarrier("p1", false);
        b.run(0);
        assertLines(Fixtures.text("ab-downdelay.show"), BondText.show(b, 250));

        b.reconfigure(settings("bond0", BondMode.ACTIVE_BACKUP, Map.of("bond-primary", "p9"), 500, 1000, false), 250);
        b.run(250);
        assertLines(Fixtures.text("ab-noprimary.show"), BondText.show(b, 250));
    }

    @Test
    void balanceSlbWithLoad() {
        Bond b = bond(settings("bond0", BondMode.BALANCE_SLB, Map.of(), 0, 0, false), Fixtures.macs("slb.macs"));
        b.setDatapathInfo(1, false);   // OVS allocates a recirculation id for every non-AB bond (bond/list)
        b.run(0);
        assertEquals("p1", b.activeMember());
        int h05 = b.slbBucket(Macs.parse("50:54:00:00:00:05"), 0);
        int h10 = b.slbBucket(Macs.parse("50:54:00:00:00:10"), 0);
        assertEquals(218, h05);
        assertEquals(29, h10);
        // OVS assigned the buckets as traffic arrived: 29 to p1, 218 to p2.
        assertEquals("migrated", b.migrate("29", "p1").text());
        assertEquals("migrated", b.migrate("218", "p2").text());
        b.account(h05, 15_000);
        b.account(h10, 15_000);
        assertLines(Fixtures.text("slb.show"), BondText.show(b, 10_000 - 6446));
        assertLines(Fixtures.text("slb.list"), BondText.list(List.of(b)));
    }

    @Test
    void balanceTcpWithoutLacp() {
        Map<String, Long> macs = Fixtures.macs("tcp-nolacp.macs");
        Bond b = bond(settings("bond0", BondMode.BALANCE_TCP, Map.of("bond-hash-basis", "7"), 0, 0, false), macs);
        b.setDatapathInfo(2, false);
        b.run(0);
        assertEquals("done", b.setActiveMember("p2").text());   // OVS's hash order made p2 the first member
        b.run(0);
        assertLines(Fixtures.text("tcp-nolacp.show"), BondText.show(b, 10_000 - 8949));
    }

    @Test
    void balanceTcpLacpWithoutPartnerShowsBothDisabled() {
        BondSettings s = settings("bond2", BondMode.BALANCE_TCP,
                Map.of("lacp-fallback-ab", "true", "bond-primary", "p4"), 0, 0, true);
        Bond b = bond(s, Fixtures.macs("tcp-lacp-nopartner.macs"));
        b.setLacp(new TestLacp(LacpStatus.NEGOTIATED));
        b.setDatapathInfo(1, false);
        b.run(0);
        assertEquals(null, b.activeMember());
        assertLines(Fixtures.text("tcp-lacp-nopartner.show"), BondText.show(b, 10_000 - 8948));
    }

    @Test
    void balanceTcpNegotiated() {
        Map<String, Long> macs = Fixtures.macs("tcp-lacp.macs");
        Bond b = bond(settings("bond0", BondMode.BALANCE_TCP, Map.of("lacp-time", "fast"), 0, 0, true), macs);
        b.setLacp(new TestLacp(LacpStatus.NEGOTIATED, "p0", "p1"));
        b.setDatapathInfo(1, false);
        b.run(0);
        assertEquals("p0", b.activeMember());
        assertLines(Fixtures.text("tcp-lacp.show"), BondText.show(b, 10_000 - 8986));

        Bond b1 = bond(settings("bond1", BondMode.BALANCE_TCP, Map.of(), 0, 0, true),
                Map.of("p2", 2L, "p3", 3L).entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue,
                                (x, y) -> x, java.util.LinkedHashMap::new)));
        b1.setDatapathInfo(2, false);
        assertLines(Fixtures.text("tcp-lacp.list"), BondText.list(List.of(b1, b)));
    }

    @Test
    void hashErrorsAreErrorReplies() {
        assertTrue(BondText.hash("x", null, null).error());
        assertEquals("invalid vlan", BondText.hash("50:54:00:00:00:05", "-1", null).text());
        assertFalse(BondText.hash("50:54:00:00:00:05", "4095", "4294967295").error());
        assertEquals("invalid basis", BondText.hash("50:54:00:00:00:05", "1", "4294967296").text());
    }
}
