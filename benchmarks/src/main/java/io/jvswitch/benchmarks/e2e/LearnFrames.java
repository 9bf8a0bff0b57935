package io.jvswitch.benchmarks.e2e;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.jvswitch.ffi.Errno;
import io.jvswitch.ffi.LibC;
import io.jvswitch.ffi.NativeException;
import io.jvswitch.ffi.linux.Packet;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Set;

/**
 * Sends a few broadcast frames <em>from</em> the benchmark frames' destination MAC ({@link BenchFrame#DST_MAC}) out
 * of the sink interface, so that learning switches (Linux bridge, OVS and jvswitch NORMAL) know which port that MAC
 * is on before traffic starts; the sink's own MAC differs, so the benchmark frames are then dropped as "other host".
 * Ethertype 0x88b5 (IEEE local experimental), 60 bytes. Run inside the sink's namespace.
 */
public final class LearnFrames {
    private static final String USAGE = "usage: LearnFrames --dev IFNAME [--count 3]";
    private static final int ETHERTYPE = 0x88b5;

    private LearnFrames() {
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv, Set.of("--dev", "--count"), USAGE);
        try {
            send(a.get("--dev", null), a.getInt("--count", 3));
        } catch (NativeException e) {
            System.err.println("learnframes: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Sends {@code count} learning frames out of {@code dev} (in the caller's network namespace). */
    public static void send(String dev, int count) throws NativeException, InterruptedException {
        int ifindex = LibC.ifNameToIndex(dev);
        if (ifindex <= 0) {
            throw new NativeException("if_nametoindex(" + dev + ")", ifindex < 0 ? -ifindex : Errno.ENODEV);
        }
        int fd = LibC.socket(LibC.AF_PACKET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 0); // protocol 0: receives nothing
        if (fd < 0) {
            throw new NativeException("socket(AF_PACKET)", -fd);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(60);
            for (int i = 0; i < 6; i++) {
                frame.set(JAVA_BYTE, i, (byte) 0xff);
            }
            MemorySegment.copy(BenchFrame.DST_MAC, 0, frame, JAVA_BYTE, 6, 6);
            frame.set(JAVA_BYTE, 12, (byte) (ETHERTYPE >> 8));
            frame.set(JAVA_BYTE, 13, (byte) ETHERTYPE);
            MemorySegment sll = arena.allocate(Packet.SOCKADDR_LL);
            sll.set(JAVA_SHORT, Packet.OFF_SLL_FAMILY, (short) LibC.AF_PACKET);
            sll.set(JAVA_SHORT, Packet.OFF_SLL_PROTOCOL, (short) LibC.htons(ETHERTYPE));
            sll.set(JAVA_INT, Packet.OFF_SLL_IFINDEX, ifindex);
            sll.set(JAVA_BYTE, Packet.OFF_SLL_HALEN, (byte) 6);
            for (int i = 0; i < count; i++) {
                long r = LibC.sendto(fd, frame, frame.byteSize(), 0, sll, (int) Packet.SIZEOF_SOCKADDR_LL);
                if (r < 0) {
                    throw new NativeException("sendto(" + dev + ")", (int) -r);
                }
                Thread.sleep(20);
            }
        } finally {
            LibC.close(fd);
        }
    }
}
