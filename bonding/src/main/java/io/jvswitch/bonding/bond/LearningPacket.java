package io.jvswitch.bonding.bond;

/**
 * The learning packet OVS sends on a bond for each MAC learned elsewhere after a failover
 * ({@code lib/packets.c} {@code compose_rarp} + {@code eth_push_vlan}): a 42-byte RARP from {@code mac} to
 * broadcast (ethertype 0x8035; hardware Ethernet, protocol IPv4, op 3 "reverse request", sender and target
 * hardware address {@code mac}, both IPv4 addresses 0), with an 802.1Q tag (TPID 0x8100, TCI = VLAN, PCP 0)
 * when {@code vlan} is not 0 (46 bytes). No padding: OVS sends it unpadded too.
 */
public final class LearningPacket {
    private LearningPacket() {
    }

    /** The frame for {@code mac} (48 bits) on {@code vlan} (0 = untagged). */
    public static byte[] rarp(long mac, int vlan) {
        int tag = vlan != 0 ? 4 : 0;
        byte[] f = new byte[42 + tag];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) 0xff;
        }
        putMac(f, 6, mac);
        int p = 12;
        if (tag != 0) {
            f[p++] = (byte) 0x81;
            f[p++] = 0x00;
            int tci = vlan & 0xefff;      // eth_push_vlan clears the CFI bit
            f[p++] = (byte) (tci >>> 8);
            f[p++] = (byte) tci;
        }
        f[p++] = (byte) 0x80;
        f[p++] = 0x35;                    // ETH_TYPE_RARP
        f[p++] = 0x00;
        f[p++] = 0x01;                    // ARP_HRD_ETHERNET
        f[p++] = 0x08;
        f[p++] = 0x00;                    // ARP_PRO_IP
        f[p++] = 6;
        f[p++] = 4;
        f[p++] = 0x00;
        f[p++] = 0x03;                    // ARP_OP_RARP
        putMac(f, p, mac);                // sha; spa = 0
        putMac(f, p + 10, mac);           // tha; tpa = 0
        return f;
    }

    private static void putMac(byte[] f, int off, long mac) {
        for (int i = 0; i < 6; i++) {
            f[off + i] = (byte) (mac >>> (40 - 8 * i));
        }
    }
}
