package io.jvswitch.vport.afxdp;

import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.vport.netns.NetTopology;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Frame helpers and XDP-state checks for the AF_XDP tests. */
final class XdpFrames {
    static final HexFormat HEX = HexFormat.of();

    private XdpFrames() {
    }

    /** An Ethernet frame of {@code len} bytes: MACs, ethertype, a payload pattern from {@code seed}. */
    static byte[] frame(String dst, String src, int ethertype, int len, int seed) {
        ByteBuffer b = ByteBuffer.allocate(len);
        b.put(HEX.parseHex(dst)).put(HEX.parseHex(src)).putShort((short) ethertype);
        for (int i = b.position(); i < len; i++) {
            b.put((byte) (seed * 31 + i));
        }
        return b.array();
    }

    static void add(PacketBatch batch, byte[] frame) {
        FramePool pool = batch.pool();
        int f = pool.alloc();
        MemorySegment.copy(frame, 0, pool.segment(), ValueLayout.JAVA_BYTE, pool.frameOffset(f) + pool.headroom(),
                frame.length);
        batch.add(f, pool.headroom(), frame.length, 0);
    }

    static byte[] bytes(PacketBatch batch, int i) {
        byte[] f = new byte[batch.length[i]];
        MemorySegment.copy(batch.pool().segment(), ValueLayout.JAVA_BYTE, batch.dataAddress(i), f, 0, f.length);
        return f;
    }

    /** {@code ip -d link show dev IF} (in the root namespace). */
    static String linkDetails(String ifname) throws IOException {
        return NetTopology.run("ip", "-d", "link", "show", "dev", ifname);
    }

    /** Whether {@code ip -d link show} lists an XDP program on the interface (any mode). */
    static boolean hasXdpProgram(String ifname) throws IOException {
        String s = linkDetails(ifname);
        return s.contains("prog/xdp") || s.matches("(?s).*\\sxdp(generic|drv|offload)?\\s.*");
    }
}
