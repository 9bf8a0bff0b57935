package io.jvswitch.dataplane.bond;

import io.jvswitch.flowcache.FlowHash;
import io.jvswitch.flowcache.FlowKey;
import io.jvswitch.flowcache.FlowMask;

/**
 * The bond bucket hashes: which of a bond's {@value #BUCKETS} buckets a packet belongs to. The datapath computes
 * them per packet inside the bond output action; the control plane calls the same functions for
 * {@code bond/hash}, {@code bond/show} load lines and rebalancing, so both always agree on a packet's bucket.
 *
 * <h2>L2 ({@link BondTable.HashKind#L2}, balance-slb)</h2> OVS's {@code hash_mac(dl_src, vlan, basis)}
 * ({@code lib/packets.h}) in its portable murmur form ({@code lib/hash.h}: {@code hash_uint64_basis} =
 * {@code mhash_finish(hash_add64(basis, x) ^ 8)}, {@code x = vlan << 48 | mac}), the form Debian's non-SSE4.2
 * build uses; bucket = hash &amp; 0xff. So bucket numbers equal those of Debian's OVS 3.1
 * ({@code bond/hash 50:54:00:00:00:05} → 218; with VLAN 10 → 64; VLAN 10 basis 1 → 215).
 *
 * <h2>L4 ({@link BondTable.HashKind#L4}, balance-tcp)</h2> As OVS's {@code lb_output} action, whose bucket is
 * the packet's RSS hash {@code & 0xff}: the packet hash the parser already computed for the EMC
 * ({@link FlowHash#packet}: for IPv4/IPv6 in_port, VLAN ids, protocol, addresses and L4 ports; other frames their
 * whole key), taken as it is under the default basis 0 and re-hashed with a non-zero
 * {@code bond-hash-basis} (as OVS's {@code hash(l4(basis))} re-hashes the RSS hash with it), so that changing the
 * basis changes which connections share a bucket ({@link #l4(int, int)}). So the datapath hashes nothing per
 * packet, and packets of one transport connection (any TCP flags, TTL, DSCP) always land in one bucket. Not
 * bit-compatible with OVS, whose balance-tcp buckets come from the NIC's RSS hash and are not shown anywhere.
 *
 * <h2>Performance</h2> Static, no allocation; L4: nothing per packet under basis 0 (the bond loop tests the basis
 * once and C2 unswitches the loop on it; {@code BondStageBenchmark} on the development VM, ns/packet: bond of 4
 * 4.2 -> 3.5-3.9, bond of 2 3.6-3.7 -> 3.0-3.2), one xor and one multiply per packet otherwise.
 */
public final class BondHash {
    public static final int BUCKETS = 256;
    public static final int BUCKET_MASK = BUCKETS - 1;

    private BondHash() {
    }

    /**
     * OVS {@code hash_mac}: the hash of a 48-bit MAC (first octet most significant) and a 12-bit VLAN id.
     *
     * @param vlan the bridge-internal VLAN (0 for none), as OVS's balance-slb uses
     */
    public static int l2(long mac48, int vlan, int basis) {
        long x = ((long) (vlan & 0xffff) << 48) | (mac48 & 0xffff_ffff_ffffL);
        int h = mhashAdd(mhashAdd(basis, (int) x), (int) (x >>> 32));
        return mhashFinish(h ^ 8);
    }

    /**
     * The balance-tcp hash of a packet whose {@link FlowHash#packet} hash is {@code packetHash}; its low 8 bits
     * are the bucket. Basis 0 (OVS's default): the packet hash itself, as {@code lb_output}. Any other basis
     * re-hashes it, changing which connections share a bucket, not only the bucket numbers.
     */
    public static int l4(int packetHash, int basis) {
        if (basis == 0) {
            return packetHash;
        }
        final int x = (packetHash ^ basis) * 0x9E3779B1;
        return x ^ (x >>> 24);
    }

    /** {@link #l4(int, int)} of the key at {@code base} (the parser's hash recomputed). */
    public static int l4(long[] key, int base, int basis) {
        return l4(FlowHash.packet(key, base), basis);
    }

    /** {@link #l2} of the key's source MAC; {@code vlan} negative: the key's outer VLAN id (0 when untagged). */
    public static int l2(long[] key, int base, int basis, int vlan) {
        int v = vlan >= 0 ? vlan : (int) (key[base + FlowKey.W_VLAN] >>> 32) & 0x0fff;
        return l2(key[base + FlowKey.W_ETH_SRC] >>> 16, v, basis);
    }

    /** {@link #fixedBy} bit: always set, so a computed value is never 0. */
    public static final int FIXED_COMPUTED = 1;
    /** {@link #fixedBy} bit: the mask fixes the source MAC. */
    public static final int FIXED_ETH_SRC = 1 << 1;
    /** {@link #fixedBy} bit: the mask fixes the outer VLAN id. */
    public static final int FIXED_VLAN = 1 << 2;
    /**
     * {@link #fixedBy} bit: the flow is IPv4 or IPv6 and its mask fixes every input of its packet hash
     * (in_port/recirc_id, VLAN ids, protocol, addresses, L4 ports), so all its packets have one {@link #l4}.
     */
    public static final int FIXED_L4 = 1 << 3;

    /**
     * Which hash inputs the megaflow with {@code mask} and masked key {@code maskedKey} fixes: every packet of
     * such a flow has the same value in them, so its packets all hash alike and the bond output hashes once per
     * flow group instead of once per packet (balance-slb under NORMAL always: its flows match the source MAC
     * and VLAN).
     */
    public static int fixedBy(FlowMask mask, long[] maskedKey) {
        int fixed = FIXED_COMPUTED;
        if (covers(mask, FlowKey.W_ETH_SRC, 0xffff_ffff_ffff_0000L)) {
            fixed |= FIXED_ETH_SRC;
        }
        if (covers(mask, FlowKey.W_VLAN, 0x0fffL << 32)) {
            fixed |= FIXED_VLAN;
        }
        final int ethType = (int) maskedKey[FlowKey.W_ETH_DST] & 0xffff;
        if (FlowHash.hashesConnection(ethType) && covers(mask, FlowKey.W_ETH_DST, 0xffffL)
                && covers(mask, FlowKey.W_IN_PORT, -1L) && covers(mask, FlowKey.W_VLAN, FlowHash.VLAN_IDS)
                && covers(mask, FlowKey.W_MPLS_NW, FlowHash.NW_PROTO) && covers(mask, FlowKey.W_NW_ADDR, -1L)
                && covers(mask, FlowKey.W_IPV6_SRC, -1L) && covers(mask, FlowKey.W_IPV6_SRC + 1, -1L)
                && covers(mask, FlowKey.W_IPV6_DST, -1L) && covers(mask, FlowKey.W_IPV6_DST + 1, -1L)
                && covers(mask, FlowKey.W_L4, FlowHash.L4_PORTS)) {
            fixed |= FIXED_L4;
        }
        return fixed;
    }

    /**
     * True when every packet of a flow with the {@link #fixedBy} bits {@code fixed} hashes alike under the given
     * hash kind and {@code vlan} argument (negative: the key's VLAN).
     */
    public static boolean sameForFlow(int fixed, boolean l4, int vlan) {
        int need = l4 ? FIXED_L4 : FIXED_ETH_SRC | (vlan < 0 ? FIXED_VLAN : 0);
        return (fixed & need) == need;
    }

    private static boolean covers(FlowMask mask, int word, long bits) {
        return (mask.word(word) & bits) == bits;
    }

    /** The bucket of a hash. */
    public static int bucket(int hash) {
        return hash & BUCKET_MASK;
    }

    // murmur3 steps as in OVS lib/hash.h (mhash_add, mhash_finish); a zero data word leaves the hash unchanged
    private static int mhashAdd(int hash, int data) {
        if (data != 0) {
            data *= 0xcc9e2d51;
            data = Integer.rotateLeft(data, 15);
            data *= 0x1b873593;
            hash ^= data;
        }
        hash = Integer.rotateLeft(hash, 13);
        return hash * 5 + 0xe6546b64;
    }

    private static int mhashFinish(int hash) {
        hash ^= hash >>> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >>> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >>> 16;
        return hash;
    }
}
