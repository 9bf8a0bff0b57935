package io.jvswitch.flowcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.ToLongFunction;

import org.junit.jupiter.api.Test;

/** Pins the key layout and proves every setter writes only its own bits. */
class FlowKeyLayoutTest {
    private static final int BASE = 5;

    @Test
    void flowFieldsVersionIsPinned() {
        assertEquals(1, FlowKey.FLOW_FIELDS_VERSION,
                "FlowKey's layout changed. Update, together and in the same change: the parser "
                        + "(dataplane ...parse.PacketParser and helpers), FlowHash, every mask builder (FlowMask and "
                        + "its users), OvsFlowFormat and their tests; then bump this pinned value.");
        assertEquals(16, FlowKey.KEY_WORDS);
    }

    /** A setter applied to a key, and the getter that must read back what it wrote. */
    private record Field(String name, Setter set, ToLongFunction<long[]> get, long mask) {
    }

    @FunctionalInterface
    private interface Setter {
        void set(long[] k, long v);
    }

    private static final Field[] FIELDS = {
        new Field("in_port", (k, v) -> FlowKey.setInPort(k, BASE, (int) v),
            k -> FlowKey.inPort(k, BASE) & 0xffffffffL, 0xffffffffL),
        new Field("recirc_id", (k, v) -> FlowKey.setRecircId(k, BASE, (int) v),
            k -> FlowKey.recircId(k, BASE) & 0xffffffffL, 0xffffffffL),
        new Field("dp_hash", (k, v) -> FlowKey.setDpHash(k, BASE, (int) v),
            k -> FlowKey.dpHash(k, BASE) & 0xffffffffL, 0xffffffffL),
        new Field("nd_reserved", (k, v) -> FlowKey.setNdReserved(k, BASE, (int) v),
            k -> FlowKey.ndReserved(k, BASE) & 0xffffffffL, 0xffffffffL),
        new Field("eth_type", (k, v) -> FlowKey.setEthType(k, BASE, (int) v), k -> FlowKey.ethType(k, BASE), 0xffff),
        new Field("vlan0", (k, v) -> FlowKey.setVlan(k, BASE, 0, (int) (v >>> 16), (int) v),
            k -> FlowKey.vlan(k, BASE, 0) & 0xffffffffL, 0xffffffffL),
        new Field("vlan1", (k, v) -> FlowKey.setVlan(k, BASE, 1, (int) (v >>> 16), (int) v),
            k -> FlowKey.vlan(k, BASE, 1) & 0xffffffffL, 0xffffffffL),
        new Field("mpls_lse0", (k, v) -> FlowKey.setMplsLse(k, BASE, 0, (int) v),
            k -> FlowKey.mplsLse(k, BASE, 0) & 0xffffffffL, 0xffffffffL),
        new Field("mpls_lse1", (k, v) -> FlowKey.setMplsLse(k, BASE, 1, (int) v),
            k -> FlowKey.mplsLse(k, BASE, 1) & 0xffffffffL, 0xffffffffL),
        new Field("mpls_lse2", (k, v) -> FlowKey.setMplsLse(k, BASE, 2, (int) v),
            k -> FlowKey.mplsLse(k, BASE, 2) & 0xffffffffL, 0xffffffffL),
        new Field("nw proto/tos/ttl/frag", (k, v) -> FlowKey.setNw(k, BASE, (int) (v >>> 24), (int) (v >>> 16),
            (int) (v >>> 8), (int) v), k -> ((long) FlowKey.nwProto(k, BASE) << 24) | (FlowKey.nwTos(k, BASE) << 16)
            | (FlowKey.nwTtl(k, BASE) << 8) | FlowKey.nwFrag(k, BASE), 0xffffffffL),
        new Field("ipv6_label", (k, v) -> FlowKey.setIpv6Label(k, BASE, (int) v), k -> FlowKey.ipv6Label(k, BASE),
            0xfffff),
        new Field("tp", (k, v) -> FlowKey.setTp(k, BASE, (int) (v >>> 16), (int) v),
            k -> ((long) FlowKey.tpSrc(k, BASE) << 16) | FlowKey.tpDst(k, BASE), 0xffffffffL),
        new Field("tcp_flags", (k, v) -> FlowKey.setTcpFlags(k, BASE, (int) v), k -> FlowKey.tcpFlags(k, BASE),
            0xfff),
        new Field("arp_sha", (k, v) -> FlowKey.setArpSha(k, BASE, v), k -> FlowKey.arpSha(k, BASE),
            0xffffffffffffL),
        new Field("arp_tha", (k, v) -> FlowKey.setArpTha(k, BASE, v), k -> FlowKey.arpTha(k, BASE),
            0xffffffffffffL),
        new Field("nd_options_type", (k, v) -> FlowKey.setNdOptionsType(k, BASE, (int) v),
            k -> FlowKey.ndOptionsType(k, BASE), 0xff),
    };

    @Test
    void everySetterRoundTripsAndLeavesEveryOtherFieldAlone() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int iter = 0; iter < 200; iter++) {
            long[] k = new long[FlowKey.KEY_WORDS + 2 * BASE];
            for (int i = 0; i < k.length; i++) {
                k[i] = rnd.nextLong();
            }
            for (Field f : FIELDS) {
                f.set().set(k, rnd.nextLong() & f.mask());      // bring every field to a valid random value
            }
            for (Field f : FIELDS) {
                long[] before = k.clone();
                long v = rnd.nextLong() & f.mask();
                f.set().set(k, v);
                assertEquals(v, f.get().applyAsLong(k), f.name() + " round trip");
                for (Field other : FIELDS) {
                    if (other != f) {
                        assertEquals(other.get().applyAsLong(before), other.get().applyAsLong(k),
                                "setting " + f.name() + " clobbered " + other.name());
                    }
                }
                for (int i = 0; i < BASE; i++) {
                    assertEquals(before[i], k[i], f.name() + " wrote before the key");
                    assertEquals(before[k.length - 1 - i], k[k.length - 1 - i], f.name() + " wrote after the key");
                }
            }
        }
    }

    @Test
    void wideSettersFillTheirWholeWords() {
        long[] k = new long[FlowKey.KEY_WORDS];
        FlowKey.setEth(k, 0, 0x0a0000000001L, 0x0a0000000002L, 0x86dd);
        assertEquals(0x0a0000000001L, FlowKey.ethDst(k, 0));
        assertEquals(0x0a0000000002L, FlowKey.ethSrc(k, 0));
        assertEquals(0x86dd, FlowKey.ethType(k, 0));
        FlowKey.setNwAddrs(k, 0, 0xc0a80001, 0x0a010203);
        assertEquals(0xc0a80001, FlowKey.nwSrc(k, 0));
        assertEquals(0x0a010203, FlowKey.nwDst(k, 0));
        FlowKey.setIpv6(k, 0, 1L, 2L, 3L, 4L);
        assertEquals(1L, k[FlowKey.W_IPV6_SRC]);
        assertEquals(4L, k[FlowKey.W_IPV6_DST + 1]);
        FlowKey.setNdTarget(k, 0, 5L, 6L);
        assertEquals(5L, k[FlowKey.W_ND_TARGET]);
        assertEquals(6L, k[FlowKey.W_ND_TARGET + 1]);
        assertEquals(0x86dd, FlowKey.ethType(k, 0));
    }
}
