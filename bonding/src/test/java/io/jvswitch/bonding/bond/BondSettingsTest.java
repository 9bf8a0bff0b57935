package io.jvswitch.bonding.bond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.bonding.BondMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OVS's port_configure_bond defaults and warnings. */
class BondSettingsTest {
    @Test
    void defaultsAndTheDefaultModeWarning() {
        List<String> w = new ArrayList<>();
        BondSettings s = BondSettings.fromOvs("bond0", null, -5, 0, Map.of(), false, null, w);
        assertEquals(BondMode.ACTIVE_BACKUP, s.mode());
        assertEquals(0, s.updelayMs());
        assertEquals(10_000, s.rebalanceIntervalMs());
        assertEquals(0, s.hashBasis());
        assertEquals(0, s.activeMemberMac());
        assertFalse(s.lacpFallbackAb());
        assertEquals(List.of("port bond0: Using the default bond_mode active-backup. Note that in previous versions,"
                + " the default bond_mode was balance-slb"), w);
    }

    @Test
    void unknownModeAndDetectModeWarn() {
        List<String> w = new ArrayList<>();
        BondSettings s = BondSettings.fromOvs("b", "Balance-TCP", 0, 0, Map.of("bond-detect-mode", "arp"), false,
                null, w);
        assertEquals(BondMode.ACTIVE_BACKUP, s.mode());
        assertEquals(List.of("port b: unknown bond_mode Balance-TCP, defaulting to active-backup",
                "port b: unsupported bond-detect-mode arp, defaulting to carrier"), w);
    }

    @Test
    void otherConfigKeys() {
        List<String> w = new ArrayList<>();
        BondSettings s = BondSettings.fromOvs("b", "balance-slb", 100, 200,
                Map.of("bond-rebalance-interval", "5", "bond-hash-basis", "-1", "bond-primary", "p2",
                        "all-members-active", "TRUE", "bond-detect-mode", "miimon"),
                false, "aa:55:aa:55:00:0f", w);
        assertTrue(w.isEmpty());
        assertEquals(1000, s.rebalanceIntervalMs(), "1..999 -> 1000");
        assertEquals("4294967295", Integer.toUnsignedString(s.hashBasis()));
        assertNull(s.primary(), "bond-primary only for active-backup or lacp-fallback-ab");
        assertTrue(s.allMembersActive());
        assertEquals(200, s.miimonIntervalMs());
        assertEquals(0xaa55_aa55_000fL, s.activeMemberMac());
        assertEquals(100, s.updelayMs());
        assertEquals(200, s.downdelayMs());

        BondSettings t = BondSettings.fromOvs("b", "balance-tcp", 0, 0,
                Map.of("bond-rebalance-interval", "0", "lacp-fallback-ab", "true", "bond-primary", "p2",
                        "lb-output-action", "true", "bond-hash-basis", "x"), true, "garbage", w);
        assertEquals(0, t.rebalanceIntervalMs());
        assertEquals("p2", t.primary());
        assertTrue(t.lbOutputAction());
        assertEquals(0, t.hashBasis(), "unparsable -> default");
        assertEquals(0, t.activeMemberMac());
    }
}
