package io.jvswitch.bonding.bond;

import io.jvswitch.flowcache.FlowKey;

/**
 * The bucket hashes of OVS bonds: {@code hash_mac} (balance-slb) and {@code flow_hash_5tuple} (balance-tcp).
 *
 * <h2>Design</h2> OVS 3.1 as Debian builds it (no SSE4.2, so {@code lib/hash.h}'s murmur variant, not CRC32):
 * {@code hash_mac(mac, vlan, basis) = hash_finish(hash_add64(basis, vlan << 48 | mac), 8)} and
 * {@code flow_hash_5tuple} adds the IPv4 (or ARP) addresses or the IPv6 addresses, {@code nw_proto} and, for
 * TCP/UDP/SCTP/ICMP/ICMPv6, both L4 ports as one 32-bit word, then {@code hash_finish(h, 42)}. OVS feeds the
 * network-order fields as the little-endian host reads them from memory; the methods here take the values
 * (addresses as big-endian numbers, ports, ICMP type/code) and do the same byte swaps, so the buckets equal
 * OVS's ({@code bond/hash} vectors in the tests). Bucket = hash &amp; 0xff. Stateless, allocation-free.
 */
public final class BondHash {
    /** OVS {@code BOND_BUCKETS}. */
    public static final int BUCKETS = 256;
    /** OVS {@code BOND_MASK}. */
    public static final int MASK = 0xff;

    private static final int ETH_TYPE_IP = 0x0800;
    private static final int ETH_TYPE_ARP = 0x0806;
    private static final int ETH_TYPE_IPV6 = 0x86dd;

    private BondHash() {
    }

    /**
     * OVS {@code hash_mac(mac, vlan, basis)}: {@code mac} is the 48-bit address (first octet highest). The
     * datapath's own ({@link io.jvswitch.dataplane.bond.BondHash#l2}), so {@code bond/hash}, rebalancing and the
     * PMDs' bucket choice agree by construction.
     */
    public static int hashMac(long mac, int vlan, int basis) {
        return io.jvswitch.dataplane.bond.BondHash.l2(mac, vlan, basis);
    }

    /** The balance-slb bucket of {@code mac} on {@code vlan} ({@code bond/hash}). */
    public static int slbBucket(long mac, int vlan, int basis) {
        return hashMac(mac, vlan, basis) & MASK;
    }

    /**
     * OVS {@code flow_hash_5tuple} for IPv4 or ARP ({@code ethType} 0x0800 / 0x0806): addresses as big-endian
     * numbers (10.0.0.1 = 0x0a000001), {@code nwProto} (ARP: the opcode), L4 ports (ICMP: type, code).
     */
    public static int flowHash5TupleV4(int ethType, int nwSrc, int nwDst, int nwProto, int tpSrc, int tpDst,
                                       int basis) {
        if (ethType != ETH_TYPE_IP && ethType != ETH_TYPE_ARP) {
            return finish(basis, 42);
        }
        int h = add(basis, Integer.reverseBytes(nwSrc));
        h = add(h, Integer.reverseBytes(nwDst));
        return protoAndPorts(h, nwProto, tpSrc, tpDst);
    }

    /** OVS {@code flow_hash_5tuple} for IPv6: each address as two big-endian halves (high, low). */
    public static int flowHash5TupleV6(long srcHi, long srcLo, long dstHi, long dstLo, int nwProto, int tpSrc,
                                       int tpDst, int basis) {
        int h = add64(basis, Long.reverseBytes(srcHi));
        h = add64(h, Long.reverseBytes(srcLo));
        h = add64(h, Long.reverseBytes(dstHi));
        h = add64(h, Long.reverseBytes(dstLo));
        return protoAndPorts(h, nwProto, tpSrc, tpDst);
    }

    /** OVS {@code flow_hash_5tuple} of a flow that is neither IPv4, ARP nor IPv6. */
    public static int flowHash5TupleOther(int basis) {
        return finish(basis, 42);
    }

    /** OVS {@code flow_hash_5tuple} of the flowcache key at {@code k[b..]} (see {@link FlowKey}). */
    public static int flowHash5Tuple(long[] k, int b, int basis) {
        int ethType = FlowKey.ethType(k, b);
        if (ethType == ETH_TYPE_IPV6) {
            return flowHash5TupleV6(k[b + FlowKey.W_IPV6_SRC], k[b + FlowKey.W_IPV6_SRC + 1],
                    k[b + FlowKey.W_IPV6_DST], k[b + FlowKey.W_IPV6_DST + 1], FlowKey.nwProto(k, b),
                    FlowKey.tpSrc(k, b), FlowKey.tpDst(k, b), basis);
        }
        return flowHash5TupleV4(ethType, FlowKey.nwSrc(k, b), FlowKey.nwDst(k, b), FlowKey.nwProto(k, b),
                FlowKey.tpSrc(k, b), FlowKey.tpDst(k, b), basis);
    }

    /** The balance-tcp bucket of the flowcache key at {@code k[b..]}. */
    public static int tcpBucket(long[] k, int b, int basis) {
        return flowHash5Tuple(k, b, basis) & MASK;
    }

    private static int protoAndPorts(int h, int nwProto, int tpSrc, int tpDst) {
        int proto = nwProto & 0xff;
        h = add(h, proto);
        if (proto == 6 || proto == 17 || proto == 132 || proto == 1 || proto == 58) {
            h = add(h, Integer.reverseBytes(((tpSrc & 0xffff) << 16) | (tpDst & 0xffff)));
        }
        return finish(h, 42);
    }

    // lib/hash.h murmur variant: mhash_add, hash_add64, hash_finish.
    static int add(int hash, int data) {
        if (data != 0) {
            data *= 0xcc9e2d51;
            data = Integer.rotateLeft(data, 15);
            data *= 0x1b873593;
            hash ^= data;
        }
        hash = Integer.rotateLeft(hash, 13);
        return hash * 5 + 0xe6546b64;
    }

    static int add64(int hash, long data) {
        return add(add(hash, (int) data), (int) (data >>> 32));
    }

    static int finish(int hash, int fin) {
        int h = hash ^ fin;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
