package io.jvswitch.benchmarks.e2e;

import io.jvswitch.ffi.Errno;
import io.jvswitch.ffi.LibC;
import io.jvswitch.ffi.NativeException;

import java.lang.foreign.Arena;
import java.util.Set;

/**
 * The kernel forwarding ceiling of the end-to-end benchmark: XDP on {@code --from} redirecting every frame to
 * {@code --to} ({@code bpf_redirect(ifindex, 0)}), attached through a BPF link, so the program goes away when this
 * process ends however it ends. Runs until SIGTERM/SIGINT, or for {@code --seconds}. On veth the frames go to the
 * peer of {@code --to} by {@code ndo_xdp_xmit}, which needs NAPI on that peer (GRO on).
 *
 * <p>Run inside the namespace that owns both devices:
 * {@code ip netns exec sw java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar
 * io.jvswitch.benchmarks.e2e.XdpRedirect --from s0 --to s1}. Prints one {@code attached} line.
 */
public final class XdpRedirect {
    private static final String USAGE = "usage: XdpRedirect --from IFNAME --to IFNAME [--seconds forever]";

    private XdpRedirect() {
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv, Set.of("--from", "--to", "--seconds"), USAGE);
        String from = a.get("--from", null);
        String to = a.get("--to", null);
        double seconds = a.getDouble("--seconds", -1);
        try (Arena arena = Arena.ofShared()) {
            int link = attach(arena, from, to);
            System.out.printf("xdpredirect: attached %s -> %s (BPF link fd %d)%n", from, to, link);
            System.out.flush();
            if (seconds < 0) {
                Thread.currentThread().join();
            }
            Thread.sleep((long) (seconds * 1000));
            LibC.close(link);
        } catch (NativeException e) {
            System.err.println("xdpredirect: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Loads and attaches the redirect; returns the link fd (closing it, or exiting, detaches the program). */
    public static int attach(Arena arena, String from, String to) throws NativeException {
        int fromIndex = index(from);
        int toIndex = index(to);
        int prog = XdpPrograms.redirect(arena, toIndex);
        try {
            return XdpPrograms.attach(arena, prog, fromIndex);
        } finally {
            LibC.close(prog); // the link holds the program
        }
    }

    private static int index(String dev) throws NativeException {
        int i = LibC.ifNameToIndex(dev);
        if (i <= 0) {
            throw new NativeException("if_nametoindex(" + dev + ")", i < 0 ? -i : Errno.ENODEV);
        }
        return i;
    }
}
