package io.jvswitch.pcap.gen;

import java.nio.ByteBuffer;

/**
 * TCP header (RFC 9293 3.1) with options padded to 32 bits and the checksum over the IP pseudo-header.
 * <pre>
 * | src port 16 | dst port 16 | sequence 32 | acknowledgment 32 |
 * | data offset 4 | res 3 | NS | CWR ECE URG ACK PSH RST SYN FIN | window 16 |
 * | checksum 16 | urgent pointer 16 | options ... |
 * </pre>
 */
public final class Tcp extends Layer {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;
    /** ECN nonce sum (RFC 3540, historic), the low bit of byte 12. */
    public static final int NS = 0x100;
    public static final int PROTO = 6;

    private final int srcPort;
    private final int dstPort;
    private long seq;
    private long ack;
    private int flags;
    private int window = 65535;
    private int urgent;
    private byte[] options = new byte[0];

    private Tcp(int srcPort, int dstPort) {
        this.srcPort = srcPort;
        this.dstPort = dstPort;
    }

    public static Tcp of(int srcPort, int dstPort) {
        return new Tcp(srcPort, dstPort);
    }

    public Tcp seq(long value) {
        seq = value;
        return this;
    }

    public Tcp ack(long value) {
        ack = value;
        return this;
    }

    /** Flag bits, {@link #FIN} ... {@link #NS}. */
    public Tcp flags(int value) {
        flags = value;
        return this;
    }

    public Tcp window(int value) {
        window = value;
        return this;
    }

    public Tcp urgent(int value) {
        urgent = value;
        return this;
    }

    /** Option bytes; zero-padded (End of Option List) to a multiple of 4. */
    public Tcp options(byte... value) {
        options = value.clone();
        return this;
    }

    /** MSS, SACK permitted, timestamps and window scale, as a Linux SYN carries them. */
    public static byte[] synOptions(int mss, int tsVal) {
        return ByteBuffer.allocate(20).put((byte) 2).put((byte) 4).putShort((short) mss)
                .put((byte) 4).put((byte) 2).put((byte) 8).put((byte) 10).putInt(tsVal).putInt(0)
                .put((byte) 1).put((byte) 3).put((byte) 3).put((byte) 7).array();
    }

    @Override
    int ipProto() {
        return PROTO;
    }

    @Override
    byte[] encode(byte[] inner, Frame frame, int index) {
        int hl = 20 + (options.length + 3) / 4 * 4;
        byte[] b = new byte[hl + inner.length];
        ByteBuffer.wrap(b).putShort((short) srcPort).putShort((short) dstPort).putInt((int) seq).putInt((int) ack)
                .put((byte) ((hl / 4) << 4 | (flags >>> 8 & 1))).put((byte) flags).putShort((short) window)
                .putShort((short) 0).putShort((short) urgent).put(options).position(hl).put(inner);
        Checksum.put(b, 16, Checksum.of(frame.pseudoHeaderSum(index, PROTO, b.length), b, 0, b.length));
        return b;
    }
}
