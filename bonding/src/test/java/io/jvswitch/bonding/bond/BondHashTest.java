package io.jvswitch.bonding.bond;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvswitch.flowcache.FlowKey;
import org.junit.jupiter.api.Test;

class BondHashTest {
    @Test
    void bondHashMatchesEveryOvsCapturedVector() {
        int checked = 0;
        for (String line : Fixtures.text("hash.txt").split("\n")) {
            String[] lr = line.split(" -> ");
            String[] args = lr[0].split(" ");
            Reply r = BondText.hash(args[0], args.length > 1 ? args[1] : null, args.length > 2 ? args[2] : null);
            assertEquals(lr[1], r.text(), line);
            assertEquals(lr[1].startsWith("invalid"), r.error(), line);
            checked++;
        }
        assertEquals(12, checked);
    }

    @Test
    void referenceVectors() {
        long mac = Macs.parse("50:54:00:00:00:05");
        assertEquals(218, BondHash.slbBucket(mac, 0, 0));
        assertEquals(64, BondHash.slbBucket(mac, 10, 0));
        assertEquals(215, BondHash.slbBucket(mac, 10, 1));
    }

    @Test
    void fiveTupleFromFlowKeyEqualsPrimitiveForm() {
        long[] k = new long[FlowKey.KEY_WORDS];
        k[FlowKey.W_ETH_DST] = 0x0800;
        k[FlowKey.W_MPLS_NW] = 6L << 24;
        k[FlowKey.W_NW_ADDR] = (0x0a000001L << 32) | 0x0a000002L;
        k[FlowKey.W_L4] = (1234L << 16) | 80;
        int viaKey = BondHash.flowHash5Tuple(k, 0, 7);
        assertEquals(BondHash.flowHash5TupleV4(0x0800, 0x0a000001, 0x0a000002, 6, 1234, 80, 7), viaKey);
        // Ports matter for TCP, not for a protocol without ports (OVS adds them only for TCP/UDP/SCTP/ICMP).
        assertEquals(false, viaKey == BondHash.flowHash5TupleV4(0x0800, 0x0a000001, 0x0a000002, 6, 1235, 80, 7));
        assertEquals(BondHash.flowHash5TupleV4(0x0800, 1, 2, 47, 0, 0, 0),
                BondHash.flowHash5TupleV4(0x0800, 1, 2, 47, 5, 6, 0));
        assertEquals(BondHash.flowHash5TupleOther(3), BondHash.flowHash5TupleV4(0x88cc, 1, 2, 6, 5, 6, 3));
    }

    @Test
    void fiveTupleKnownValues() {
        // Hand-computed from lib/hash.h's murmur steps (mhash_add, hash_finish) over the byte-swapped words,
        // pinned so that a change of byte order or word order is caught.
        assertEquals(BondHash.finish(BondHash.add(BondHash.add(BondHash.add(BondHash.add(0,
                Integer.reverseBytes(0x0a000001)), Integer.reverseBytes(0x0a000002)), 17),
                Integer.reverseBytes((53 << 16) | 4000)), 42),
                BondHash.flowHash5TupleV4(0x0800, 0x0a000001, 0x0a000002, 17, 53, 4000, 0));
    }
}
