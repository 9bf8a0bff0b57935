package io.jvswitch.flowcache;

/**
 * Hashing of flow keys, computed once per packet ({@link #packet}, for the EMC and balance-tcp) and once per
 * subtable probe (the masked words only, for the megaflow classifier).
 *
 * <h2>The packet hash</h2> Like OVS's RSS hash (which its EMC and its {@code lb_output} action both use), the
 * hash of an IPv4 or IPv6 packet covers its connection only: in_port/recirc_id, the VLAN ids, the IP protocol,
 * the addresses and the L4 ports — not MACs, TTL, DSCP, TCP flags or the IPv6 flow label. So every packet of a
 * transport connection entering at one port hashes alike, and a bond can spread packets by this hash without
 * computing another one. Keys of one connection that differ elsewhere (TCP flags) share an EMC line pair, as
 * in OVS; every hit still compares the whole key. Other frames hash their whole key.
 *
 * <h2>Design</h2> Each word is rotated by a distinct per-position amount ({@link #word}) and the results are
 * summed; the sum goes through an xorshift-multiply and is folded to 32 bits ({@link #finish}). The avalanche
 * comes from the finish alone, so the per-word cost is one rotate and one add:
 * <ul>
 *   <li>The words are independent (no 16-long dependency chain of multiplies, which cost ~50 ns per key
 *       on this machine), and there is no multiply per word at all.</li>
 *   <li>{@code word(i, 0) == 0}: a zero word adds nothing, so hashing only the non-zero words of a key
 *       gives exactly the same value as hashing all of them. The parser's fast path uses that (an
 *       Ethernet/IPv4/UDP key has 7 non-zero words of 16); equal keys always hash equal.</li>
 *   <li>Keys that differ in one word never collide before the 32-bit fold (rotation is a bijection);
 *       keys differing in several words collide only if their rotated differences cancel exactly, which
 *       natural traffic (addresses, ports, tags counting up) does not do.</li>
 * </ul>
 * The EMC takes two 13-bit candidate indexes from the low and high halves of the result, like OVS's two
 * hash segments. Not a keyed hash: like OVS's EMC hash it does not resist crafted collisions; that costs
 * cache efficiency, never correctness (every hit compares the full key).
 *
 * <h2>Performance</h2> 16 words: 16 rotates and adds, then 1 multiply (an IP packet hash: 9); no allocation.
 */
public final class FlowHash {
    private FlowHash() {
    }

    /** Word masks of the {@link #packet} hash of an IP key: the VLAN ids, the protocol, the L4 ports. */
    public static final long VLAN_IDS = 0x0000_0fff_0000_0fffL;
    public static final long NW_PROTO = 0xff00_0000L;
    public static final long L4_PORTS = 0xffff_ffffL;

    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86dd;

    /** True when {@link #packet} hashes a key of this ethertype by its connection words (IPv4, IPv6). */
    public static boolean hashesConnection(int ethType) {
        return ethType == ETH_IPV4 || ethType == ETH_IPV6;
    }

    /**
     * The packet hash of the key at {@code base} (see the class comment): an IPv4/IPv6 key's connection words,
     * any other key's {@link #hash}.
     */
    public static int packet(long[] k, int base) {
        final int ethType = (int) k[base + FlowKey.W_ETH_DST] & 0xffff;
        if (!hashesConnection(ethType)) {
            return hash(k, base);
        }
        return finish(word(FlowKey.W_IN_PORT, k[base + FlowKey.W_IN_PORT])
                + word(FlowKey.W_VLAN, k[base + FlowKey.W_VLAN] & VLAN_IDS)
                + word(FlowKey.W_MPLS_NW, k[base + FlowKey.W_MPLS_NW] & NW_PROTO)
                + word(FlowKey.W_NW_ADDR, k[base + FlowKey.W_NW_ADDR])
                + word(FlowKey.W_IPV6_SRC, k[base + FlowKey.W_IPV6_SRC])
                + word(FlowKey.W_IPV6_SRC + 1, k[base + FlowKey.W_IPV6_SRC + 1])
                + word(FlowKey.W_IPV6_DST, k[base + FlowKey.W_IPV6_DST])
                + word(FlowKey.W_IPV6_DST + 1, k[base + FlowKey.W_IPV6_DST + 1])
                + word(FlowKey.W_L4, k[base + FlowKey.W_L4] & L4_PORTS));
    }

    /** Hash of the whole key at {@code base}. */
    public static int hash(long[] k, int base) {
        long a = 0;
        long b = 0;
        for (int i = 0; i < FlowKey.KEY_WORDS; i += 2) {
            a += word(i, k[base + i]);
            b += word(i + 1, k[base + i + 1]);
        }
        return finish(a + b);
    }

    /** Hash of the key under a mask, reading only the mask's significant words. */
    public static int hashMasked(long[] k, int base, FlowMask mask) {
        long h = 0;
        final long[] m = mask.words();
        final int[] idx = mask.significantWords();
        for (int j = 0; j < idx.length; j++) {
            final int w = idx[j];
            h += word(w, k[base + w] & m[w]);
        }
        return finish(h);
    }

    /** Hash of an already masked key (same value as {@link #hashMasked} of the unmasked key). */
    public static int hashOfMaskedKey(long[] maskedKey, int base, FlowMask mask) {
        long h = 0;
        final int[] idx = mask.significantWords();
        for (int j = 0; j < idx.length; j++) {
            h += word(idx[j], maskedKey[base + idx[j]]);
        }
        return finish(h);
    }

    /**
     * The contribution of key word {@code index} holding {@code w}; {@code word(index, 0) == 0}. A key's
     * {@link #hash} is {@code finish(sum of word(i, k[i]))} over its words, in any order.
     */
    public static long word(int index, long w) {
        return Long.rotateLeft(w, index * 13);
    }

    /**
     * Folds a sum of {@link #word} contributions into the 32-bit hash: xorshift, one multiply by the golden
     * ratio, then the high half xor the low half (every output bit depends on every input bit).
     */
    public static int finish(long h) {
        h ^= h >>> 32;
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) ^ (int) h;
    }
}
