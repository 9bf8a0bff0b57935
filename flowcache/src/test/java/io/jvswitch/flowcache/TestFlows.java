package io.jvswitch.flowcache;

/** Builders for test keys, masks and megaflows. */
final class TestFlows {
    static final int KW = FlowKey.KEY_WORDS;
    static final int ETH_IPV4 = 0x0800;
    static final int TCP = 6;

    private TestFlows() {
    }

    /** Room for {@code n} keys. */
    static long[] keys(int n) {
        return new long[n * KW];
    }

    /** Writes an IPv4/TCP key into {@code k} at slot {@code i}. */
    static void tcp(long[] k, int i, int inPort, int nwSrc, int nwDst, int tpSrc, int tpDst) {
        final int b = i * KW;
        FlowKey.clear(k, b);
        FlowKey.setInPort(k, b, inPort);
        FlowKey.setEth(k, b, 0x0200_0000_0001L, 0x0200_0000_0002L, ETH_IPV4);
        FlowKey.setNw(k, b, TCP, 0, 64, 0);
        FlowKey.setNwAddrs(k, b, nwSrc, nwDst);
        FlowKey.setTp(k, b, tpSrc, tpDst);
    }

    /** A one-key array holding an IPv4/TCP key. */
    static long[] tcpKey(int inPort, int nwSrc, int nwDst, int tpSrc, int tpDst) {
        long[] k = keys(1);
        tcp(k, 0, inPort, nwSrc, nwDst, tpSrc, tpDst);
        return k;
    }

    /** Mask matching eth_type, nw_src /srcBits, nw_dst /dstBits and, when {@code ports}, both L4 ports. */
    static FlowMask ipMask(int srcBits, int dstBits, boolean ports) {
        long[] w = new long[KW];
        w[FlowKey.W_ETH_DST] = 0xffffL;
        w[FlowKey.W_NW_ADDR] = (prefix(srcBits) << 32) | prefix(dstBits);
        if (ports) {
            w[FlowKey.W_L4] = 0xffff_ffffL;
        }
        return FlowMask.of(w);
    }

    /** {@link #ipMask} that also matches in_port exactly. */
    static FlowMask ipMaskWithInPort(int srcBits, int dstBits, boolean ports) {
        long[] w = ipMask(srcBits, dstBits, ports).words().clone();
        w[FlowKey.W_IN_PORT] = 0xffff_ffff_0000_0000L;
        return FlowMask.of(w);
    }

    private static long prefix(int bits) {
        return bits == 0 ? 0 : (0xffff_ffffL << (32 - bits)) & 0xffff_ffffL;
    }

    static Megaflow flow(long id, long[] key, int slot, FlowMask mask) {
        return new Megaflow(id, key, slot * KW, mask, new int[] {(int) id}, 0L);
    }

    static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }
}
