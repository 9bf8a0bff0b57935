package io.jvswitch.control.bond;

import io.jvswitch.ffi.NativeException;
import io.jvswitch.ffi.linux.RtNetlink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bond members' carrier, read from the kernel over rtnetlink ({@code RTM_GETLINK}: a link is up when it is
 * administratively up and has carrier, {@code IFF_UP} and {@code IFF_LOWER_UP}; a device that does not exist is
 * down). {@link #poll} is called by the bond control thread (OVS's carrier detection: every run of the main loop;
 * here every bond tick) and reports only changes.
 *
 * <h2>Thread-safety</h2> One thread at a time (the bond controller's lock).
 */
public final class CarrierMonitor implements AutoCloseable {
    private static final int IFF_UP = 0x1;
    private static final int IFF_LOWER_UP = 0x10000;

    /** One carrier change. */
    public record Change(String member, boolean up) {
    }

    private final Map<String, Boolean> last = new HashMap<>();

    /** Whether {@code ifname} is up with carrier now (one netlink request on a socket of its own). */
    public boolean carrier(String ifname) {
        try (RtNetlink nl = RtNetlink.open()) {
            return carrier(nl, ifname);
        } catch (NativeException e) {
            return false;
        }
    }

    private static boolean carrier(RtNetlink nl, String ifname) {
        try {
            int flags = nl.getLink(ifname).flags();
            return (flags & IFF_UP) != 0 && (flags & IFF_LOWER_UP) != 0;
        } catch (NativeException e) {
            return false;     // ENODEV: gone; anything else: not usable either
        }
    }

    /**
     * Reads the carrier of every name in {@code members} and returns those that changed since the last poll (a
     * name seen for the first time is reported). Names no longer polled are forgotten. One netlink socket per
     * poll: the caller's thread may change (its memory is confined to the thread that opened it).
     */
    public List<Change> poll(Set<String> members) {
        last.keySet().retainAll(members);
        List<Change> changes = new ArrayList<>();
        if (members.isEmpty()) {
            return changes;
        }
        try (RtNetlink nl = RtNetlink.open()) {
            for (String m : members) {
                boolean up = carrier(nl, m);
                Boolean before = last.put(m, up);
                if (before == null || before != up) {
                    changes.add(new Change(m, up));
                }
            }
        } catch (NativeException e) {
            return changes;   // no netlink socket (no memory?): try again next tick
        }
        return changes;
    }

    @Override
    public void close() {
        last.clear();
    }
}
