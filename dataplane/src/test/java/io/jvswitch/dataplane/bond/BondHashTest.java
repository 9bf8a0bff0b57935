package io.jvswitch.dataplane.bond;

import io.jvswitch.flowcache.FlowHash;
import io.jvswitch.flowcache.FlowKey;
import io.jvswitch.flowcache.FlowMask;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BondHashTest {
    private static final long MAC = 0x505400000005L;

    private static long[] ipv4Key(int src, int dst, int proto, int sport, int dport) {
        long[] k = new long[FlowKey.KEY_WORDS];
        FlowKey.setInPort(k, 0, 1);
        FlowKey.setEth(k, 0, 0x020000000002L, 0x020000000001L, 0x0800);
        FlowKey.setNw(k, 0, proto, 0, 64, 0);
        FlowKey.setNwAddrs(k, 0, src, dst);
        FlowKey.setTp(k, 0, sport, dport);
        return k;
    }

    @Test
    void l2HashGivesTheBucketsOfDebiansOvsBondHash() {
        // ovs-appctl bond/hash on Debian's OVS 3.1 (murmur build), see reference/ovs-surface.md §2
        assertEquals(218, BondHash.bucket(BondHash.l2(MAC, 0, 0)));
        assertEquals(64, BondHash.bucket(BondHash.l2(MAC, 10, 0)));
        assertEquals(215, BondHash.bucket(BondHash.l2(MAC, 10, 1)));
    }

    @Test
    void l2HashOfAKeyReadsSourceMacAndTheGivenOrTheOuterVlan() {
        long[] k = ipv4Key(1, 2, 17, 3, 4);
        FlowKey.setEth(k, 0, 0x0a0000000001L, MAC, 0x0800);
        assertEquals(BondHash.l2(MAC, 0, 0), BondHash.l2(k, 0, 0, -1), "untagged: VLAN 0");
        assertEquals(BondHash.l2(MAC, 10, 0), BondHash.l2(k, 0, 0, 10), "explicit (bridge-internal) VLAN");
        FlowKey.setVlan(k, 0, 0, 0x8100, FlowKey.VLAN_CFI | 10);
        assertEquals(BondHash.l2(MAC, 10, 0), BondHash.l2(k, 0, 0, -1), "the packet's outer VID");
    }

    @Test
    void l4HashSpreadsManyFiveTuplesEvenlyOverTheBuckets() {
        int[] perBucket = new int[BondHash.BUCKETS];
        int n = 0;
        for (int ip = 0; ip < 100; ip++) {
            for (int port = 0; port < 256; port++) {
                long[] k = ipv4Key(0x0a000000 + ip, 0x0b000001, 6, 1024 + port, 80);
                perBucket[BondHash.bucket(BondHash.l4(k, 0, 0))]++;
                n++;
            }
        }
        int mean = n / BondHash.BUCKETS;             // 100
        for (int b = 0; b < BondHash.BUCKETS; b++) {
            assertTrue(perBucket[b] > mean / 2 && perBucket[b] < mean * 2,
                    "bucket " + b + " holds " + perBucket[b] + " of " + n + " flows (mean " + mean + ")");
        }
    }

    @Test
    void l4HashSpreadsIpv6FlowsToo() {
        Set<Integer> buckets = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            long[] k = new long[FlowKey.KEY_WORDS];
            FlowKey.setEth(k, 0, 2, 1, 0x86dd);
            FlowKey.setNw(k, 0, 17, 0, 64, 0);
            FlowKey.setIpv6(k, 0, 0x20010db800000000L, i, 0x20010db800000000L, 1);
            FlowKey.setTp(k, 0, 5000 + i % 7, 53);
            buckets.add(BondHash.bucket(BondHash.l4(k, 0, 0)));
        }
        assertTrue(buckets.size() > 240, "2000 IPv6 flows reach " + buckets.size() + " of 256 buckets");
    }

    @Test
    void l4HashIsStablePerConnectionWhateverElseTheKeyCarries() {
        long[] a = ipv4Key(0x0a000001, 0x0a000002, 6, 33000, 443);
        long[] b = a.clone();
        FlowKey.setTcpFlags(b, 0, 0x012);                         // SYN|ACK vs none
        FlowKey.setNw(b, 0, 6, 0xb8, 3, 0);                       // other DSCP and TTL
        FlowKey.setEth(b, 0, 0x0a0000000009L, 0x0a0000000008L, 0x0800);
        assertEquals(BondHash.l4(a, 0, 0), BondHash.l4(b, 0, 0));
        long[] c = ipv4Key(0x0a000001, 0x0a000002, 6, 33001, 443);
        long[] d = ipv4Key(0x0a000001, 0x0a000002, 17, 33000, 443);
        long[] e = a.clone();
        FlowKey.setInPort(e, 0, 7);
        assertNotEquals(BondHash.l4(a, 0, 0), BondHash.l4(c, 0, 0), "another source port");
        assertNotEquals(BondHash.l4(a, 0, 0), BondHash.l4(d, 0, 0), "another protocol");
        assertNotEquals(BondHash.l4(a, 0, 0), BondHash.l4(e, 0, 0), "another ingress port");
    }

    @Test
    void l4HashIsTheParsersPacketHashUnderBasisZeroAndReHashedUnderAnother() {
        long[] k = ipv4Key(0x0a000001, 0x0a000002, 6, 33000, 443);
        assertEquals(FlowHash.packet(k, 0), BondHash.l4(k, 0, 0), "basis 0: the packet hash, as OVS lb_output");
        assertEquals(FlowHash.packet(k, 0) & 0xff, BondHash.bucket(BondHash.l4(FlowHash.packet(k, 0), 0)));
        assertNotEquals(FlowHash.packet(k, 0), BondHash.l4(k, 0, 5), "basis 5: re-hashed");
        assertEquals(BondHash.l4(FlowHash.packet(k, 0), 5), BondHash.l4(k, 0, 5));
        long[] lldp = new long[FlowKey.KEY_WORDS];
        FlowKey.setEth(lldp, 0, 0x0180c200000eL, MAC, 0x88cc);
        assertEquals(FlowHash.hash(lldp, 0), FlowHash.packet(lldp, 0), "a non-IP frame: its whole key");
        assertEquals(BondHash.l4(FlowHash.hash(lldp, 0), 5), BondHash.l4(lldp, 0, 5));
    }

    @Test
    void theBasisReshufflesBuckets() {
        int moved = 0;
        for (int i = 0; i < 256; i++) {
            long[] k = ipv4Key(0x0a000000 + i, 0x0b000001, 17, 4000, 4789);
            if (BondHash.bucket(BondHash.l4(k, 0, 0)) != BondHash.bucket(BondHash.l4(k, 0, 1))) {
                moved++;
            }
        }
        assertTrue(moved > 200, moved + " of 256 flows changed bucket with basis 1");
    }

    @Test
    void tableBucketOfUsesItsKindAndBasis() {
        long[] k = ipv4Key(0x0a000001, 0x0a000002, 6, 1, 2);
        int h = FlowHash.packet(k, 0);
        BondTable l4 = BondTable.single(BondTable.HashKind.L4, 3, 2);
        BondTable l2 = BondTable.single(BondTable.HashKind.L2, 3, 2);
        assertEquals(BondHash.bucket(BondHash.l4(k, 0, 3)), l4.bucketOf(k, 0, h, -1));
        assertEquals(BondHash.bucket(BondHash.l2(k, 0, 3, -1)), l2.bucketOf(k, 0, h, -1));
    }

    @Test
    void fixedByTellsWhichHashInputsAMaskFixes() {
        long[] ip = ipv4Key(0x0a000001, 0x0a000002, 6, 1, 2);
        long[] w = new long[FlowKey.KEY_WORDS];
        w[FlowKey.W_IN_PORT] = -1L;
        assertEquals(BondHash.FIXED_COMPUTED, BondHash.fixedBy(FlowMask.of(w), ip), "in_port only: nothing fixed");
        w[FlowKey.W_ETH_SRC] = -1L;
        w[FlowKey.W_VLAN] = -1L;
        int l2 = BondHash.fixedBy(FlowMask.of(w), ip);
        assertEquals(BondHash.FIXED_COMPUTED | BondHash.FIXED_ETH_SRC | BondHash.FIXED_VLAN, l2, "NORMAL's mask");
        assertTrue(BondHash.sameForFlow(l2, false, -1), "balance-slb: one hash per flow");
        assertTrue(BondHash.sameForFlow(l2, false, 10));
        assertFalse(BondHash.sameForFlow(l2, true, -1), "balance-tcp needs the 5-tuple fixed");
        int exact = BondHash.fixedBy(FlowMask.exact(), ip);
        assertTrue(BondHash.sameForFlow(exact, true, -1));
        long[] lldp = new long[FlowKey.KEY_WORDS];
        FlowKey.setEth(lldp, 0, 0x0180c200000eL, MAC, 0x88cc);
        assertFalse(BondHash.sameForFlow(BondHash.fixedBy(FlowMask.exact(), lldp), true, -1),
                "a non-IP flow: balance-tcp hashes each packet's whole key");
        long[] noInPort = FlowMask.exact().words().clone();
        noInPort[FlowKey.W_IN_PORT] = 0;
        assertFalse(BondHash.sameForFlow(BondHash.fixedBy(FlowMask.of(noInPort), ip), true, -1),
                "in_port is hashed, so it must be fixed");
        w[FlowKey.W_VLAN] = 0;
        int noVlan = BondHash.fixedBy(FlowMask.of(w), ip);
        assertFalse(BondHash.sameForFlow(noVlan, false, -1), "the key's VLAN is hashed but not fixed");
        assertTrue(BondHash.sameForFlow(noVlan, false, 10), "the action's VLAN is fixed by the action");
        assertFalse(BondHash.sameForFlow(0, false, 10), "0: unknown, hash every packet");
    }

    @Test
    void tablesIndexTheirDistinctMembersAndGiveDropBucketsTheirOwnIndex() {
        int[] ports = new int[BondHash.BUCKETS];
        for (int b = 0; b < ports.length; b++) {
            ports[b] = b % 4 == 3 ? BondTable.DROP : 7 + b % 4 * 3;      // 7, 10, 13, drop
        }
        BondTable t = BondTable.of(BondTable.HashKind.L4, 0, ports);
        assertEquals(3, t.memberCount());
        for (int b = 0; b < ports.length; b++) {
            int k = t.memberIndex(b);
            if (ports[b] == BondTable.DROP) {
                assertEquals(3, k, "bucket " + b);
            } else {
                assertEquals(ports[b], t.member(k), "bucket " + b);
            }
        }
        BondTable none = BondTable.single(BondTable.HashKind.L2, 0, BondTable.DROP);
        assertEquals(0, none.memberCount());
        assertEquals(0, none.memberIndex(200));
    }
}
