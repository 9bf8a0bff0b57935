package io.jvswitch.dataplane.slowpath;

import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.flowcache.FlowKey;
import io.jvswitch.flowcache.FlowMask;
import io.jvswitch.flowcache.Megaflow;

/**
 * The slow-path verdict of an upcall: "the control plane handles this packet itself; install nothing"
 * (OVS: a {@code userspace(slow_path(lacp))} translation). An {@code UpcallHandler} returns
 * {@link #verdict(int)}; the PMD then copies the frame (with its in_port and the reason) into the datapath's
 * {@link SlowPathQueue}, frees it, and installs no flow — so the next such packet is an upcall again.
 *
 * <p>For traffic that must reach the control plane even while the upcall budget is spent (LACPDUs during a
 * new-flow storm), install a megaflow instead whose action list is {@code Actions.builder().slowPath(reason)}:
 * its packets hit the cache and go to the same queue without an upcall.
 *
 * <h2>Design</h2> The verdicts are preallocated sentinel {@link Megaflow}s (negative ids, never installed,
 * compared by identity), so the upcall SPI keeps its signature.
 */
public final class SlowPath {
    /** Reasons, after OVS's {@code enum slow_path_reason}. */
    public static final int LACP = 1;
    public static final int STP = 2;
    public static final int BFD = 3;
    public static final int CFM = 4;
    public static final int LLDP = 5;
    public static final int CONTROLLER = 6;
    public static final int MAX_REASON = 15;

    private static final Megaflow[] VERDICTS = new Megaflow[MAX_REASON + 1];

    static {
        for (int r = 1; r <= MAX_REASON; r++) {
            VERDICTS[r] = new Megaflow(-r, new long[FlowKey.KEY_WORDS], 0, FlowMask.exact(),
                    Actions.builder().slowPath(r).build(), 0);
        }
    }

    private SlowPath() {
    }

    /** The upcall result meaning "send this packet to the slow-path queue with {@code reason}, install nothing". */
    public static Megaflow verdict(int reason) {
        if (reason < 1 || reason > MAX_REASON) {
            throw new IllegalArgumentException("slow path reason " + reason);
        }
        return VERDICTS[reason];
    }

    /** The reason of a slow-path verdict, or 0 when {@code f} is an ordinary megaflow. */
    public static int reasonOf(Megaflow f) {
        long id = f.id();
        return id < 0 && id >= -MAX_REASON && VERDICTS[(int) -id] == f ? (int) -id : 0;
    }

    /** OVS's name of a reason ({@code lacp}, {@code stp}...). */
    public static String name(int reason) {
        return switch (reason) {
            case LACP -> "lacp";
            case STP -> "stp";
            case BFD -> "bfd";
            case CFM -> "cfm";
            case LLDP -> "lldp";
            case CONTROLLER -> "controller";
            default -> "reason" + reason;
        };
    }
}
