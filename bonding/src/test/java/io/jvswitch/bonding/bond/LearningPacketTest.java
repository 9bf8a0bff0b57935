package io.jvswitch.bonding.bond;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvswitch.bonding.BondMode;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The RARP frame OVS's compose_rarp (+ eth_push_vlan) builds, and the member it goes out on. */
class LearningPacketTest {
    private static final long MAC = 0x5054_0000_0005L;

    @Test
    void untaggedRarp() {
        byte[] f = LearningPacket.rarp(MAC, 0);
        assertArrayEquals(HexFormat.of().parseHex("ffffffffffff" + "505400000005" + "8035"
                + "0001" + "0800" + "06" + "04" + "0003" + "505400000005" + "00000000"
                + "505400000005" + "00000000"), f);
        assertEquals(42, f.length);
    }

    @Test
    void taggedRarp() {
        byte[] f = LearningPacket.rarp(MAC, 10);
        assertArrayEquals(HexFormat.of().parseHex("ffffffffffff" + "505400000005" + "8100000a" + "8035"
                + "0001" + "0800" + "06" + "04" + "0003" + "505400000005" + "00000000"
                + "505400000005" + "00000000"), f);
        assertEquals(46, f.length);
    }

    @Test
    void learningPacketGoesOnTheActiveOrTheHashedMember() {
        Bond ab = new Bond(BondSettings.defaults("bond0", BondMode.ACTIVE_BACKUP), 0);
        ab.addMember(new MemberConfig("p1", 1), true);
        ab.addMember(new MemberConfig("p2", 2), true);
        ab.run(0);
        ab.setActiveMember("p2");
        assertEquals("p2", ab.learningPacketMember(MAC, 0));
        Bond slb = new Bond(BondSettings.defaults("bond0", BondMode.BALANCE_SLB), 0);
        slb.addMember(new MemberConfig("p1", 1), true);
        slb.addMember(new MemberConfig("p2", 2), true);
        slb.run(0);
        slb.migrate("218", "p2");   // hash_mac(50:54:00:00:00:05, 0, 0) & 0xff = 218
        assertEquals("p2", slb.learningPacketMember(MAC, 0));
    }
}
