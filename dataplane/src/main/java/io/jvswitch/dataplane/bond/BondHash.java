package io.jvswitch.dataplane.bond;

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
 * <h2>L4 ({@link BondTable.HashKind#L4}, balance-tcp)</h2> The 5-tuple of OVS's {@code flow_hash_5tuple}: IPv4
 * (or ARP) source and destination, or IPv6 source and destination; the IP protocol; the L4 ports (ICMP
 * type/code) — read from the parsed {@link FlowKey}. Not bit-compatible with OVS (whose balance-tcp buckets
 * come from the NIC's RSS hash and are not shown anywhere): words are rotated, summed and finished with one
 * multiply, like {@code FlowHash}, about a nanosecond. Other frames (neither IPv4, ARP nor IPv6) fall back to
 * the L2 hash, so they still spread by source MAC instead of all landing in one bucket as in OVS.
 * Packets of one transport connection (any TCP flags, TTL, DSCP) always hash the same.
 *
 * <h2>Performance</h2> Static, no allocation, no branches beyond the ethertype test.
 */
public final class BondHash {
    public static final int BUCKETS = 256;
    public static final int BUCKET_MASK = BUCKETS - 1;

    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_ARP = 0x0806;
    private static final int ETH_IPV6 = 0x86dd;

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
     * The L4 (5-tuple) hash of the key at {@code base}; non-IP keys use {@link #l2} of the source MAC and
     * {@code vlan}.
     *
     * @param vlan the VLAN for the L2 fallback; negative: the key's outer VLAN id (0 when untagged)
     */
    public static int l4(long[] key, int base, int basis, int vlan) {
        final long ethWord = key[base + FlowKey.W_ETH_DST];
        final int ethType = (int) ethWord & 0xffff;
        final long l4 = (key[base + FlowKey.W_MPLS_NW] & 0xff00_0000L) << 8 | (key[base + FlowKey.W_L4] & 0xffff_ffffL);
        long h;
        if (ethType == ETH_IPV4 || ethType == ETH_ARP) {
            h = key[base + FlowKey.W_NW_ADDR] + Long.rotateLeft(l4, 23);
        } else if (ethType == ETH_IPV6) {
            h = key[base + FlowKey.W_IPV6_SRC] + Long.rotateLeft(key[base + FlowKey.W_IPV6_SRC + 1], 13)
                    + Long.rotateLeft(key[base + FlowKey.W_IPV6_DST], 26)
                    + Long.rotateLeft(key[base + FlowKey.W_IPV6_DST + 1], 39) + Long.rotateLeft(l4, 23);
        } else {
            return l2(key, base, basis, vlan);
        }
        h ^= (long) basis << 17;
        h ^= h >>> 32;
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) ^ (int) h;
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
    /** {@link #fixedBy} bit: the mask fixes the other inputs of {@link #l4} (ethertype, IP addresses, ports…). */
    public static final int FIXED_L4 = 1 << 3;

    /**
     * Which hash inputs a megaflow with {@code mask} fixes: every packet of such a flow has the same value in
     * them, so its packets all hash alike and the bond output hashes once per flow group instead of once per
     * packet (balance-slb under NORMAL always: its flows match the source MAC and VLAN).
     */
    public static int fixedBy(FlowMask mask) {
        int fixed = FIXED_COMPUTED;
        if (covers(mask, FlowKey.W_ETH_SRC, 0xffff_ffff_ffff_0000L)) {
            fixed |= FIXED_ETH_SRC;
        }
        if (covers(mask, FlowKey.W_VLAN, 0x0fffL << 32)) {
            fixed |= FIXED_VLAN;
        }
        if (covers(mask, FlowKey.W_ETH_DST, 0xffffL) && covers(mask, FlowKey.W_NW_ADDR, -1L)
                && covers(mask, FlowKey.W_MPLS_NW, 0xff00_0000L) && covers(mask, FlowKey.W_L4, 0xffff_ffffL)
                && covers(mask, FlowKey.W_IPV6_SRC, -1L) && covers(mask, FlowKey.W_IPV6_SRC + 1, -1L)
                && covers(mask, FlowKey.W_IPV6_DST, -1L) && covers(mask, FlowKey.W_IPV6_DST + 1, -1L)) {
            fixed |= FIXED_L4;
        }
        return fixed;
    }

    /**
     * True when every packet of a flow with the {@link #fixedBy} bits {@code fixed} hashes alike under the given
     * hash kind and {@code vlan} argument (negative: the key's VLAN).
     */
    public static boolean sameForFlow(int fixed, boolean l4, int vlan) {
        int need = FIXED_ETH_SRC | (vlan < 0 ? FIXED_VLAN : 0) | (l4 ? FIXED_L4 : 0);
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
