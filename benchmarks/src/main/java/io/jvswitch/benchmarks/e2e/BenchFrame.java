package io.jvswitch.benchmarks.e2e;

/**
 * The end-to-end benchmark's frame (docs/benchmarks.md, "End-to-end on veth"): 64 bytes as handed to the driver
 * (veth has no FCS), IPv4/UDP from 02:b0:00:00:00:01 to 02:b0:00:00:00:02, 198.18.0.1 -> 198.19.0.1 (RFC 2544's
 * benchmark range), TTL 1, UDP source port {@value #BASE_SPORT} (the generator program rewrites it per frame for
 * more flows), destination port 9, UDP checksum 0 (none), 22 zero bytes of payload.
 */
public final class BenchFrame {
    public static final int LENGTH = 64;
    public static final int BASE_SPORT = 1024;
    /** Offset of the UDP source port (Ethernet 14 + IPv4 20). */
    public static final int OFF_UDP_SPORT = 34;
    /** Offset of the UDP checksum. */
    public static final int OFF_UDP_CSUM = 40;
    /** The frames' source MAC; the sink sends learning frames from {@link #DST_MAC}. */
    public static final byte[] SRC_MAC = {0x02, (byte) 0xb0, 0, 0, 0, 1};
    public static final byte[] DST_MAC = {0x02, (byte) 0xb0, 0, 0, 0, 2};

    private BenchFrame() {
    }

    /** A fresh copy of the frame. */
    public static byte[] udp() {
        byte[] f = new byte[LENGTH];
        System.arraycopy(DST_MAC, 0, f, 0, 6);
        System.arraycopy(SRC_MAC, 0, f, 6, 6);
        f[12] = 0x08; // IPv4
        f[13] = 0x00;
        int ip = 14;
        f[ip] = 0x45;
        int totalLength = LENGTH - ip;
        f[ip + 2] = (byte) (totalLength >> 8);
        f[ip + 3] = (byte) totalLength;
        f[ip + 8] = 1; // TTL
        f[ip + 9] = 17; // UDP
        byte[] src = {(byte) 198, 18, 0, 1};
        byte[] dst = {(byte) 198, 19, 0, 1};
        System.arraycopy(src, 0, f, ip + 12, 4);
        System.arraycopy(dst, 0, f, ip + 16, 4);
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += (f[ip + i] & 0xff) << 8 | f[ip + i + 1] & 0xff;
        }
        while (sum > 0xffff) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        int csum = ~sum & 0xffff;
        f[ip + 10] = (byte) (csum >> 8);
        f[ip + 11] = (byte) csum;
        int udp = ip + 20;
        f[udp] = (byte) (BASE_SPORT >> 8);
        f[udp + 1] = (byte) BASE_SPORT;
        f[udp + 3] = 9;
        int udpLength = LENGTH - udp;
        f[udp + 4] = (byte) (udpLength >> 8);
        f[udp + 5] = (byte) udpLength;
        return f;
    }
}
