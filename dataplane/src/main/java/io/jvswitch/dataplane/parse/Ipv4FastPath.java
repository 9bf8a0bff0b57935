package io.jvswitch.dataplane.parse;

import io.jvswitch.flowcache.FlowHash;
import io.jvswitch.flowcache.FlowKey;

import java.lang.foreign.MemorySegment;

/**
 * The parser's fast path for the common frame: untagged Ethernet II, IPv4 without options, not a fragment,
 * UDP or TCP with a complete header. It reads the first 40 bytes as five big-endian words, checks every
 * condition under which the general parser ({@link PacketParser}) would do anything else, and writes all
 * 16 key words at once (no clear, no read-modify-write setters).
 *
 * <h2>Contract</h2> {@link #parse} either returns the same value and writes the same key as
 * {@code PacketParser.parseGeneral} would for that frame, or returns 0 and writes nothing (the caller
 * then runs the general parser). {@code Ipv4FastPathTest} checks this on every catalog frame, each of
 * their truncations and random frames. Reads stay inside {@code [a, a + len)}: nothing is read before
 * {@code len >= 42} is known, TCP's control word (bytes 46..47) only once {@code len >= 54} is implied.
 *
 * <pre>
 *  word at  0: eth dst(48)            | eth src 0..15
 *  word at  8: eth src 16..47         | type(16) | ver/ihl(8) | tos(8)
 *  word at 16: total length(16) | id(16) | flags/frag offset(16) | ttl(8) | proto(8)
 *  word at 24: checksum(16) | src(32) | dst 0..15
 *  word at 32: dst 16..31(16) | L4 src port(16) | L4 dst port(16) | (UDP length / TCP seq)
 * </pre>
 */
final class Ipv4FastPath {
    /** Ethernet + IPv4 (IHL 5) + UDP. */
    static final int MIN_LEN = 42;
    private static final int L3_L4_OFFSETS = (34 << 16) | 14;
    private static final long MAC_HI = 0xffffffffffff0000L;

    private Ipv4FastPath() {
    }

    /**
     * Parses {@code s[a, a + len)} (len &gt;= {@link #MIN_LEN}) into the key at {@code k[b..]} with word 0
     * (in_port, recirc_id) set to {@code w0}. Returns {@code (34 << 16) | 14}, or 0 when the frame is not
     * the fast-path case and nothing was written.
     */
    static int parse(MemorySegment s, long a, int len, long[] k, int b, long w0) {
        return parse(s, a, len, k, b, w0, null, 0);
    }

    /**
     * {@link #parse}, and on success also {@code hashes[hi] = }{@link FlowHash#packet} of the key, computed from
     * the words while they are in registers ({@code hashes} may be null: no hash).
     */
    static int parse(MemorySegment s, long a, int len, long[] k, int b, long w0, int[] hashes, int hi) {
        final long l1 = s.get(Wire.BE64, a + 8);
        if (((l1 >>> 8) & 0xffff0fL) != 0x080005L) {
            return 0;                                       // not IPv4 with IHL 5 right after the MACs
        }
        final long l2 = s.get(Wire.BE64, a + 16);
        final int totLen = (int) (l2 >>> 48);
        final int size = len - 14;
        if (totLen < 20 || totLen > size || size - totLen > 0xffff || (l2 & 0x3fff0000L) != 0) {
            return 0;                                       // bad lengths, or a fragment
        }
        final int proto = (int) l2 & 0xff;
        final int l4Size = totLen - 20;
        long flags = 0;
        if (proto == EtherTypes.IPPROTO_UDP) {
            if (l4Size < 8) {
                return 0;
            }
        } else if (proto == EtherTypes.IPPROTO_TCP) {
            if (l4Size < 20) {
                return 0;
            }
            final int ctl = Wire.u16(s, a + 46);
            final int hdrLen = (ctl >>> 12) * 4;
            if (hdrLen < 20 || l4Size < hdrLen) {
                return 0;
            }
            flags = ctl & 0x0fff;
        } else {
            return 0;
        }
        final long l0 = s.get(Wire.BE64, a);
        final long l3 = s.get(Wire.BE64, a + 24);
        final long l4 = s.get(Wire.BE64, a + 32);
        final long ethDst = (l0 & MAC_HI) | EtherTypes.IPV4;
        final long ethSrc = (l0 << 48) | ((l1 >>> 32) << 16);
        // proto << 24 | tos << 16 | ttl << 8, frag 0
        final long nw = ((long) proto << 24) | ((l1 & 0xff) << 16) | (l2 & 0xff00);
        final long addrs = (l3 << 16) | (l4 >>> 48);
        final long ports = (l4 >>> 16) & 0xffffffffL;
        k[b + FlowKey.W_IN_PORT] = w0;
        k[b + FlowKey.W_DP_HASH] = 0;
        k[b + FlowKey.W_ETH_DST] = ethDst;
        k[b + FlowKey.W_ETH_SRC] = ethSrc;
        k[b + FlowKey.W_VLAN] = 0;
        k[b + FlowKey.W_MPLS_NW] = nw;
        k[b + FlowKey.W_NW_ADDR] = addrs;
        k[b + FlowKey.W_IPV6_SRC] = 0;
        k[b + FlowKey.W_IPV6_SRC + 1] = 0;
        k[b + FlowKey.W_IPV6_DST] = 0;
        k[b + FlowKey.W_IPV6_DST + 1] = 0;
        k[b + FlowKey.W_L4] = ports;
        k[b + FlowKey.W_ARP_SHA] = flags;
        k[b + FlowKey.W_ARP_THA] = 0;
        k[b + FlowKey.W_ND_TARGET] = 0;
        k[b + FlowKey.W_ND_TARGET + 1] = 0;
        if (hashes != null) {
            // The packet hash of an untagged IPv4 key: in_port, protocol, addresses, ports (the other words
            // it reads are zero and contribute nothing: FlowHash.word(i, 0) == 0).
            hashes[hi] = FlowHash.finish(FlowHash.word(FlowKey.W_IN_PORT, w0)
                    + FlowHash.word(FlowKey.W_MPLS_NW, (long) proto << 24) + FlowHash.word(FlowKey.W_NW_ADDR, addrs)
                    + FlowHash.word(FlowKey.W_L4, ports));
        }
        return L3_L4_OFFSETS;
    }

    /**
     * {@link FlowHash#packet} of a key written by {@link #parse}: only its possibly non-zero words are hashed,
     * which gives the same value because a zero word contributes nothing.
     */
    static int hash(long[] k, int b) {
        return FlowHash.finish(FlowHash.word(FlowKey.W_IN_PORT, k[b + FlowKey.W_IN_PORT])
                + FlowHash.word(FlowKey.W_MPLS_NW, k[b + FlowKey.W_MPLS_NW] & FlowHash.NW_PROTO)
                + FlowHash.word(FlowKey.W_NW_ADDR, k[b + FlowKey.W_NW_ADDR])
                + FlowHash.word(FlowKey.W_L4, k[b + FlowKey.W_L4]));
    }
}
