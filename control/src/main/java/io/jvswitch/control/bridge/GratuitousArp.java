package io.jvswitch.control.bridge;

import io.jvswitch.flowcache.FlowKey;

/**
 * OVS's {@code is_gratuitous_arp} over a flow key, un-wildcarding exactly what it reads: a frame to the broadcast
 * MAC that is an ARP reply, or an ARP request whose sender and target IPv4 addresses are equal (how a VM announces
 * itself after a migration). Read in this order — destination MAC (always in NORMAL's mask), then eth_type, then
 * the opcode ({@code nw_proto}), then sender/target addresses only for a request — so a megaflow built from one
 * packet never gives another packet a different answer, and frames to other destinations gain no match fields.
 */
final class GratuitousArp {
    private static final long BROADCAST = 0xffff_ffff_ffffL;
    private static final int ETH_TYPE_ARP = 0x0806;
    private static final int ARP_OP_REQUEST = 1;
    private static final int ARP_OP_REPLY = 2;
    private static final long MASK_NW_PROTO = 0xffL << 24;

    private GratuitousArp() {
    }

    /** Whether the packet at {@code key[base]} is a gratuitous ARP; ORs the fields read into {@code mask}. */
    static boolean check(long[] key, int base, long[] mask) {
        mask[FlowKey.W_ETH_DST] |= NormalXlate.MASK_MAC;
        if (FlowKey.ethDst(key, base) != BROADCAST) {
            return false;
        }
        mask[FlowKey.W_ETH_DST] |= NormalXlate.MASK_ETH_TYPE;
        if (FlowKey.ethType(key, base) != ETH_TYPE_ARP) {
            return false;
        }
        mask[FlowKey.W_MPLS_NW] |= MASK_NW_PROTO;
        int op = FlowKey.nwProto(key, base);
        if (op == ARP_OP_REPLY) {
            return true;
        }
        if (op != ARP_OP_REQUEST) {
            return false;
        }
        mask[FlowKey.W_NW_ADDR] = -1L;
        return FlowKey.nwSrc(key, base) == FlowKey.nwDst(key, base);
    }
}
