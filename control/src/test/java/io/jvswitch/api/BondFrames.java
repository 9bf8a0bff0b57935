package io.jvswitch.api;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Frames for the bond tests of the embedding API, and what came out of a switch's in-memory ports: everything
 * drained so far is kept per port, so a test can wait for one frame on one port and then ask whether another port
 * got it too.
 */
final class BondFrames {
    private final VirtualSwitch sw;
    private final Map<String, List<byte[]>> seen = new HashMap<>();

    BondFrames(VirtualSwitch sw) {
        this.sw = sw;
    }

    /** A broadcast IPv4/UDP frame from {@code src}, told apart from the others by {@code id} (its UDP ports). */
    static byte[] broadcast(long src, int id) {
        ByteBuffer b = ByteBuffer.allocate(60);
        b.putShort((short) 0xffff).putInt(0xffffffff).putShort((short) (src >>> 32)).putInt((int) src);
        b.putShort((short) 0x0800).put((byte) 0x45).put((byte) 0).putShort((short) 46).putInt(0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).putInt(0x0a000001).putInt(0x0affffff)
                .putShort((short) id).putShort((short) id).putShort((short) 26);
        return b.array();
    }

    /** Waits (5 s at most) until in-memory port {@code port} has sent {@code frame}. */
    void await(String port, byte[] frame) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!has(port, frame)) {
            if (System.nanoTime() > deadline) {
                fail(port + " did not send the frame; it sent " + seen.getOrDefault(port, List.of()).size()
                        + " other frame(s)");
            }
            Thread.sleep(10);
        }
    }

    /** Whether in-memory port {@code port} has sent {@code frame} (until now). */
    boolean has(String port, byte[] frame) {
        List<byte[]> all = seen.computeIfAbsent(port, p -> new ArrayList<>());
        all.addAll(sw.drainTransmitted(port));
        return all.stream().anyMatch(f -> Arrays.equals(f, frame));
    }
}
