package io.jvswitch.dataplane.parse;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/** Builds frame byte arrays field by field, in network byte order, for parser tests and test captures. */
public final class FrameBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static FrameBuilder frame() {
        return new FrameBuilder();
    }

    /** Starts an Ethernet header: dst, src (the type comes next, e.g. with {@link #u16}). */
    public static FrameBuilder eth(String dst, String src) {
        return new FrameBuilder().mac(dst).mac(src);
    }

    public FrameBuilder u8(int v) {
        out.write(v);
        return this;
    }

    public FrameBuilder u16(int v) {
        return u8(v >>> 8).u8(v);
    }

    public FrameBuilder u32(int v) {
        return u16(v >>> 16).u16(v);
    }

    public FrameBuilder bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public FrameBuilder zeros(int n) {
        return bytes(new byte[n]);
    }

    public FrameBuilder hex(String h) {
        return bytes(HexFormat.of().parseHex(h.replace(" ", "").replace(":", "")));
    }

    public FrameBuilder mac(String m) {
        return hex(m);
    }

    /** An IPv4 or IPv6 address in its wire form. */
    public FrameBuilder ip(String addr) {
        return bytes(addr(addr));
    }

    public int size() {
        return out.size();
    }

    public byte[] build() {
        return out.toByteArray();
    }

    /** Wire form of an IPv4 or IPv6 literal (an IPv4-mapped IPv6 literal stays 16 bytes). */
    public static byte[] addr(String addr) {
        try {
            byte[] a = InetAddress.getByName(addr).getAddress();
            if (a.length == 4 && addr.contains(":")) {
                byte[] m = new byte[16];
                m[10] = (byte) 0xff;
                m[11] = (byte) 0xff;
                System.arraycopy(a, 0, m, 12, 4);
                return m;
            }
            return a;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(addr, e);
        }
    }
}
