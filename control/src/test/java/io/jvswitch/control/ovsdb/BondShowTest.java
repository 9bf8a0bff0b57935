package io.jvswitch.control.ovsdb;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BondShow} reads Open vSwitch 3.1's own output ({@code src/test/resources/ovs-3.1-bond-interop/}). */
class BondShowTest {
    private static String captured(String name) throws IOException {
        try (InputStream in = BondShowTest.class.getResourceAsStream("/ovs-3.1-bond-interop/" + name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsANegotiatedBalanceTcpBond() throws IOException {
        BondShow.Bond bond = BondShow.bond(captured("balance-tcp_negotiated.bond_show_bond0.txt"));
        assertEquals("negotiated", bond.lacpStatus());
        assertEquals("m1", bond.activeMember());
        assertEquals(Map.of("m1", "enabled", "m2", "enabled"), bond.members());
        assertTrue(bond.allEnabled());

        BondShow.Lacp lacp = BondShow.lacp(captured("balance-tcp_negotiated.lacp_show_bond0.txt"));
        assertEquals("active negotiated", lacp.status());
        assertEquals("02:00:00:00:0a:00", lacp.sysId());
        assertEquals(Map.of("m1", new BondShow.LacpMember("current attached", "02:00:00:00:0b:00"),
                "m2", new BondShow.LacpMember("current attached", "02:00:00:00:0b:00")), lacp.members());
        assertTrue(lacp.negotiatedAllCurrent());
    }

    @Test
    void readsAMemberThatWentDownExpiredThenDefaulted() throws IOException {
        BondShow.Bond bond = BondShow.bond(captured("balance-tcp_m1-down-expired.bond_show_bond0.txt"));
        assertEquals("disabled", bond.members().get("m1"));
        assertEquals("m2", bond.activeMember());
        assertFalse(bond.allEnabled());

        BondShow.Lacp expired = BondShow.lacp(captured("balance-tcp_m1-down-expired.lacp_show_bond0.txt"));
        assertEquals("expired attached", expired.members().get("m1").status());
        assertFalse(expired.negotiatedAllCurrent());
        BondShow.Lacp defaulted = BondShow.lacp(captured("balance-tcp_m1-down-defaulted.lacp_show_bond0.txt"));
        assertEquals(new BondShow.LacpMember("defaulted detached", "00:00:00:00:00:00"),
                defaulted.members().get("m1"));
        assertEquals("current attached", defaulted.members().get("m2").status());
    }

    @Test
    void readsActiveBackupWithoutLacp() throws IOException {
        BondShow.Bond bond = BondShow.bond(captured("active-backup_lacp-off.bond_show_bond0.txt"));
        assertEquals("off", bond.lacpStatus());
        assertEquals("m2", bond.activeMember());
        assertTrue(bond.allEnabled());
        BondShow.Lacp none = BondShow.lacp(captured("active-backup_lacp-off.lacp_show_bond0.txt"));
        assertNull(none.status());
        assertTrue(none.members().isEmpty());
    }
}
